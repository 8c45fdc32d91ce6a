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
 */
public record AcceptedShare(
        WorkerName worker,
        double difficulty,
        double achievedDifficulty,
        long timeMillis,
        int height,
        boolean blockCandidate) {
    public AcceptedShare {
        Objects.requireNonNull(worker, "worker");
        if (!(difficulty > 0) || Double.isInfinite(difficulty)) {
            throw new IllegalArgumentException("difficulty must be finite and > 0, got " + difficulty);
        }
    }
}
