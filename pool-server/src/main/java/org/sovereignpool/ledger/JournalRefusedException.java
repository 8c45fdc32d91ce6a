package org.sovereignpool.ledger;

import java.nio.file.Path;

/** The node must not start on this share journal: its numbering could fall below what the ledger has applied. */
public final class JournalRefusedException extends StartRefusedException {
    private static final long serialVersionUID = 1L;

    private JournalRefusedException(String message) {
        super(message);
    }

    /** A new (empty) journal while the ledger cannot be asked where the node's numbering must continue. */
    public static JournalRefusedException floorUnknown(int nodeId, Path dir, String databaseProblem) {
        return new JournalRefusedException("node " + nodeId + ": the share journal in " + dir + " is new (no"
                + " journal was there), and the ledger database is unreachable (" + databaseProblem + "), so the"
                + " journal cannot be numbered after what the ledger has applied for this node. Start the node once"
                + " the database is reachable (or put the node's journal directory back).");
    }

    /** A journal with records that is not the one the ledger applied. */
    public static JournalRefusedException mismatch(
            int nodeId, Path dir, String journalId, long lastSeq, String ledgerJournalId, long appliedSeq) {
        return new JournalRefusedException("node " + nodeId + ": the share journal in " + dir + " (" + journalId
                + ", records through " + lastSeq + ") is not the journal the ledger applied for this node ("
                + ledgerJournalId + ", applied through " + appliedSeq + "): its sequence numbers would be mixed with"
                + " the ledger's. Is another node's journal directory configured here? Move it aside; an empty"
                + " directory starts a new journal numbered after " + appliedSeq + ".");
    }

    /** The directory was marked by a halted applier. */
    public static JournalRefusedException halted(Path dir, String reason) {
        return new JournalRefusedException("the share journal in " + dir + " was stopped by the ledger: " + reason
                + ". Move the directory aside (its records are kept for the operator); an empty directory starts a"
                + " new journal.");
    }
}
