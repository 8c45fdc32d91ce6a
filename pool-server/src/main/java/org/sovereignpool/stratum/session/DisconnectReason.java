package org.sovereignpool.stratum.session;

import java.util.Locale;

/** Why the server closed a miner's connection (metric {@code stratum.disconnects}, tag {@code reason}). */
public enum DisconnectReason {
    HANDSHAKE_TIMEOUT,
    IDLE,
    MALFORMED,
    LINE_TOO_LONG,
    RATE_LIMITED,
    OFFENCES,
    /** It did not read what it was sent for {@code stratum.unwritableTimeoutSeconds}. */
    SLOW_READER,
    /** More than {@code stratum.maxOutboundBytes} waited to be written to it. */
    OUTBOUND_OVERFLOW,
    IO_ERROR,
    UNEXPECTED_ERROR;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
