package org.sovereignpool.loadtest;

/**
 * A failure the operator can act on; its message is printed as it is (no stack trace). {@link #option} marks a wrong
 * option value (exit status 2 with the usage, like an unknown option), the others a pool that could not be measured
 * (exit status 1).
 */
final class LoadtestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean option;

    LoadtestException(String message) {
        this(message, false);
    }

    private LoadtestException(String message, boolean option) {
        super(message);
        this.option = option;
    }

    /** A wrong option value; the message names the option. */
    static LoadtestException option(String message) {
        return new LoadtestException(message, true);
    }

    boolean isOption() {
        return option;
    }
}
