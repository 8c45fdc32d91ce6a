package org.sovereignpool.ledger;

/**
 * The ledger has applied more of this node's journal than the journal holds: the journal directory is a stale copy
 * (restored from a backup while the database was down), so the records it numbers now would be taken for shares
 * already applied. The applier stops, and the directory is marked so that no node starts on it again until an
 * operator moves it aside; its records are kept.
 */
public final class JournalBehindLedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JournalBehindLedgerException(int nodeId, String journalId, long journalLastAtOpen, long appliedSeq) {
        super("node " + nodeId + ": the ledger applied journal " + journalId + " through sequence " + appliedSeq
                + ", but this copy of it ended at " + journalLastAtOpen + " when the node started: the records it"
                + " numbered since (from " + (journalLastAtOpen + 1) + ") would be taken for shares already applied;"
                + " refusing to apply them");
    }
}
