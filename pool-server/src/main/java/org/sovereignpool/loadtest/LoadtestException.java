package org.sovereignpool.loadtest;

/** A failure the operator can act on; its message is printed as it is (no stack trace). */
final class LoadtestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoadtestException(String message) {
        super(message);
    }
}
