package org.sovereignpool.share.validate;

/**
 * The closed set of outcomes of a share check, each with the Stratum error code a miner gets (0 for accepted).
 * Rejects answer the miner; they never disconnect it (that is the server's decision, on other grounds).
 */
public enum ShareVerdict {
    ACCEPTED(0, null),
    /** Accepted and the hash also meets the network target: a block. */
    BLOCK(0, null),
    JOB_NOT_FOUND(21, "Job not found"),
    STALE(21, "Stale job"),
    DUPLICATE(22, "Duplicate share"),
    LOW_DIFFICULTY(23, "Low difficulty share"),
    UNAUTHORIZED_WORKER(24, "Unauthorized worker"),
    NOT_SUBSCRIBED(25, "Not subscribed"),
    NTIME_OUT_OF_RANGE(20, "ntime out of range"),
    VERSION_BITS_OUTSIDE_MASK(20, "Version bits outside the negotiated mask"),
    EXTRANONCE2_SIZE(20, "Incorrect size of extranonce2"),
    INVALID_PARAMETERS(20, "Invalid parameters");

    private final int stratumCode;
    private final String message;

    ShareVerdict(int stratumCode, String message) {
        this.stratumCode = stratumCode;
        this.message = message;
    }

    /** The code in the Stratum error triple {@code [code, message, null]}; 0 when accepted. */
    public int stratumCode() {
        return stratumCode;
    }

    /** The message in the Stratum error triple; null when accepted. */
    public String message() {
        return message;
    }

    public boolean accepted() {
        return this == ACCEPTED || this == BLOCK;
    }
}
