package org.sovereignpool.ledger.statement;

import java.util.List;

/**
 * One operator's statement for {@code [fromMillis, toMillis)}: shares and hashrate per worker, blocks found, and
 * credits (pending, final, reversed) in exact satoshis. Hashrate = summed difficulty x 2^32 / period seconds.
 */
public record OperatorStatement(
        String operatorId,
        long fromMillis,
        long toMillis,
        List<WorkerLine> workers,
        long totalShares,
        double totalDifficulty,
        double hashrate,
        List<BlockLine> blocks,
        List<CreditLine> credits,
        long pendingSats,
        long finalSats,
        long reversedSats) {
    public OperatorStatement {
        workers = List.copyOf(workers);
        blocks = List.copyOf(blocks);
        credits = List.copyOf(credits);
    }

    public record WorkerLine(
            String worker, long shares, double sumDifficulty, double hashrate, long firstMillis, long lastMillis) {}

    public record BlockLine(
            String hash,
            int height,
            String worker,
            long foundMillis,
            long rewardSats,
            String status,
            int confirmations) {}

    public record CreditLine(
            String source, String worker, String scheme, long amountSats, String status, long timeMillis) {}
}
