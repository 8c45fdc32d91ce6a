package org.sovereignpool.ledger.journal;

import java.util.Objects;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.WorkerName;

/**
 * One accepted share as the journal holds it.
 *
 * @param sequence the share's id on this pool node: 1, 2, 3, ... without gaps
 */
public record JournalRecord(
        long sequence,
        long timeMillis,
        String operatorId,
        String worker,
        double difficulty,
        double achievedDifficulty,
        int height,
        boolean blockCandidate) {
    public JournalRecord {
        Objects.requireNonNull(operatorId, "operatorId");
        Objects.requireNonNull(worker, "worker");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1, got " + sequence);
        }
    }

    public static JournalRecord of(long sequence, AcceptedShare share) {
        return new JournalRecord(
                sequence,
                share.timeMillis(),
                share.worker().operatorId(),
                share.worker().worker(),
                share.difficulty(),
                share.achievedDifficulty(),
                share.height(),
                share.blockCandidate());
    }

    public WorkerName workerName() {
        return new WorkerName(operatorId, worker);
    }
}
