package org.sovereignpool.stratum.session;

/** Where a connection is in the Stratum handshake (metrics tag {@code state}). */
public enum SessionState {
    /** Connected, not yet subscribed (it may have authorized). */
    CONNECTED,
    /** Subscribed, no worker authorized yet. */
    SUBSCRIBED,
    /** Subscribed and at least one worker authorized: it gets jobs. */
    AUTHORIZED
}
