/** Per-connection variable difficulty (pure, time passed in) and the bounds every difficulty obeys. */
package org.sovereignpool.stratum.vardiff;
