package org.sovereignpool.mining;

import java.util.Objects;

/**
 * A share the pool accepted (or is about to answer {@code true} to), as the ledger records it.
 *
 * @param worker who submitted it
 * @param difficulty the share difficulty the job was sent with: what the share is worth (PPLNS weight, hashrate)
 * @param achievedDifficulty the difficulty the hash actually reached (statistics: best share)
 * @param timeMillis when the pool accepted it, Unix milliseconds
 * @param height the height of the block the job was building
 * @param blockCandidate whether the share also met the network target
 * @param networkBits the compact bits ({@code nBits}) of the job's network target, 0 when not known: under PPS a share
 *     is worth {@code subsidy(height) x difficulty / networkDifficulty(networkBits)}, so a PPS ledger refuses a share
 *     without them
 */
public record AcceptedShare(
        WorkerName worker,
        double difficulty,
        double achievedDifficulty,
        long timeMillis,
        int height,
        boolean blockCandidate,
        int networkBits) {
    public AcceptedShare {
        Objects.requireNonNull(worker, "worker");
        if (!(difficulty > 0) || Double.isInfinite(difficulty)) {
            throw new IllegalArgumentException("difficulty must be finite and > 0, got " + difficulty);
        }
    }

    /** A share whose job's network target is not known (statistics and PPLNS only). */
    public AcceptedShare(
            WorkerName worker,
            double difficulty,
            double achievedDifficulty,
            long timeMillis,
            int height,
            boolean blockCandidate) {
        this(worker, difficulty, achievedDifficulty, timeMillis, height, blockCandidate, 0);
    }
}
