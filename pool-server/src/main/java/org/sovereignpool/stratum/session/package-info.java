/**
 * Per-connection state (one channel attribute), the shared server context, the registry of sessions by event loop
 * (broadcasts, and the sweep that enforces the handshake and idle timeouts), and the one class that disconnects.
 */
package org.sovereignpool.stratum.session;
