package org.sovereignpool.ledger.store;

/**
 * A batch (or a node starting) comes from another share journal than the one the ledger applied for that node: the
 * directory was replaced, or another instance runs with this node id. Its sequence numbers are not comparable with the
 * ledger's, so nothing is applied; an operator must look.
 */
public final class JournalMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JournalMismatchException(int nodeId, String ledgerJournalId, long appliedSeq, String journalId) {
        super("node " + nodeId + ": the ledger applied share journal " + ledgerJournalId + " through sequence "
                + appliedSeq + ", but this journal is " + journalId + "; refusing to apply it (its numbers would be"
                + " taken for shares already applied)");
    }
}
