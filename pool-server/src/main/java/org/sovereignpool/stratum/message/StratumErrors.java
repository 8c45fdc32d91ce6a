package org.sovereignpool.stratum.message;

/**
 * Error codes of Stratum V1 replies. Share verdicts carry their own codes ({@code ShareVerdict}); these are the
 * ones the server uses for requests that never reach the validator.
 */
public final class StratumErrors {
    public static final int OTHER = 20;
    public static final int JOB_NOT_FOUND = 21;
    public static final int DUPLICATE = 22;
    public static final int LOW_DIFFICULTY = 23;
    public static final int UNAUTHORIZED = 24;
    public static final int NOT_SUBSCRIBED = 25;

    private StratumErrors() {}
}
