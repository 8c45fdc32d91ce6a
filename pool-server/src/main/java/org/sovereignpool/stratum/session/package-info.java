/** Per-connection state (one channel attribute), the shared server context, and the one class that disconnects. */
package org.sovereignpool.stratum.session;
