package org.sovereignpool.ledger.journal;

import java.util.Objects;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.WorkerName;

/**
 * One accepted share as the journal holds it.
 *
 * @param sequence the share's id on this pool node: 1, 2, 3, ... without gaps
 * @param networkBits the compact bits of the job's network target (0: not recorded, a journal of an older version)
 */
public record JournalRecord(
        long sequence,
        long timeMillis,
        String operatorId,
        String worker,
        double difficulty,
        double achievedDifficulty,
        int height,
        boolean blockCandidate,
        int networkBits) {
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
                share.blockCandidate(),
                share.networkBits());
    }

    public WorkerName workerName() {
        return new WorkerName(operatorId, worker);
    }
}
