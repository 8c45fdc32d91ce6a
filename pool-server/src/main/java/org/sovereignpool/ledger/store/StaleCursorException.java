package org.sovereignpool.ledger.store;

/** The batch does not start where the ledger's applied sequence is: the applier must re-read from there. */
public final class StaleCursorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long appliedSeq;

    public StaleCursorException(int nodeId, long appliedSeq, long batchAfterSeq) {
        super("node " + nodeId + ": ledger applied through " + appliedSeq + ", batch starts after " + batchAfterSeq);
        this.appliedSeq = appliedSeq;
    }

    public long appliedSeq() {
        return appliedSeq;
    }
}
