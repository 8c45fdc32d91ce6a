package org.sovereignpool.ledger;

import java.io.IOException;

/**
 * The share journal does not continue where the ledger's applied sequence is: records in between are missing (the
 * database lost commits after their segments were deleted, or the journal was damaged). The applier stops rather
 * than skip them; an operator must look.
 */
public final class JournalGapException extends IOException {
    private static final long serialVersionUID = 1L;

    public JournalGapException(int nodeId, long appliedSeq, long lastBeforeGap, long nextInJournal) {
        super("share journal gap: the ledger of node " + nodeId + " is applied through " + appliedSeq
                + " but the journal continues at " + nextInJournal + " after " + lastBeforeGap
                + "; refusing to apply past missing records");
    }
}
