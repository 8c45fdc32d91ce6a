package org.sovereignpool.ledger.store;

import java.util.List;
import java.util.Objects;

/**
 * One batch of a node's share journal to apply: records {@code afterSeq+1 .. throughSeq} of the journal {@code
 * journalId}, aggregated into {@code rows}, credited under {@code accrual} as they are applied (PPS) or not.
 *
 * @param journalId the journal's identity; the ledger refuses a batch of another journal than the one it applied for
 *     the node ({@link JournalMismatchException}); null skips the check (tools and tests)
 * @param watermarkMillis every share of the node stamped at or before this time is applied once this batch is (0:
 *     no claim); the node's watermark only moves forward
 */
public record ShareBatch(
        int nodeId,
        String journalId,
        long afterSeq,
        long throughSeq,
        List<ShareAggregate> rows,
        long nowMillis,
        ShareAccrual accrual,
        long watermarkMillis) {
    public ShareBatch {
        rows = List.copyOf(rows);
        Objects.requireNonNull(accrual, "accrual");
        if (throughSeq < afterSeq) {
            throw new IllegalArgumentException("throughSeq " + throughSeq + " < afterSeq " + afterSeq);
        }
    }

    /** A batch that claims no watermark. */
    public ShareBatch(
            int nodeId,
            String journalId,
            long afterSeq,
            long throughSeq,
            List<ShareAggregate> rows,
            long nowMillis,
            ShareAccrual accrual) {
        this(nodeId, journalId, afterSeq, throughSeq, rows, nowMillis, accrual, 0);
    }
}
