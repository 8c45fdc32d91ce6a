package org.sovereignpool.ledger.store;

import java.util.Objects;

/**
 * One worker's shares within one <= 10 s bucket of one applied batch, on jobs of one height and one network target.
 *
 * @param firstSeq first journal sequence in this aggregate (the row's key with nodeId)
 * @param lastSeq last journal sequence in it
 * @param sumDifficulty the summed share difficulty: the PPLNS weight, the PPS quantity and the hashrate numerator
 * @param maxHeight the height of the jobs (aggregates of the applier hold one height each)
 * @param networkBits the compact bits of the jobs' network target (0: not recorded, shares of an older journal)
 */
public record ShareAggregate(
        int nodeId,
        long firstSeq,
        long lastSeq,
        String operatorId,
        String worker,
        long bucketStartMillis,
        long shareCount,
        double sumDifficulty,
        double bestDifficulty,
        long firstMillis,
        long lastMillis,
        int maxHeight,
        int blockCandidates,
        int networkBits) {
    public ShareAggregate {
        Objects.requireNonNull(operatorId, "operatorId");
        Objects.requireNonNull(worker, "worker");
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("bad sequence range " + firstSeq + ".." + lastSeq);
        }
        if (shareCount < 1 || shareCount > lastSeq - firstSeq + 1) {
            throw new IllegalArgumentException(
                    "share count " + shareCount + " does not fit " + firstSeq + ".." + lastSeq);
        }
        if (!(sumDifficulty > 0) || Double.isInfinite(sumDifficulty)) {
            throw new IllegalArgumentException("sumDifficulty must be finite and > 0, got " + sumDifficulty);
        }
    }

    /** An aggregate whose network target is not recorded (PPLNS and statistics only). */
    public ShareAggregate(
            int nodeId,
            long firstSeq,
            long lastSeq,
            String operatorId,
            String worker,
            long bucketStartMillis,
            long shareCount,
            double sumDifficulty,
            double bestDifficulty,
            long firstMillis,
            long lastMillis,
            int maxHeight,
            int blockCandidates) {
        this(
                nodeId,
                firstSeq,
                lastSeq,
                operatorId,
                worker,
                bucketStartMillis,
                shareCount,
                sumDifficulty,
                bestDifficulty,
                firstMillis,
                lastMillis,
                maxHeight,
                blockCandidates,
                0);
    }
}
