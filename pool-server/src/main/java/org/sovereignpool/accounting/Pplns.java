package org.sovereignpool.accounting;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sovereignpool.ledger.blocks.BlockCredits;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.CreditStatus;
import org.sovereignpool.ledger.store.ShareAggregate;

/**
 * PPLNS: a block's reward is split over the last N difficulty-weighted shares before it, N = windowFactor x the
 * block's network difficulty. The window is read back in time from the block's time (aggregates whose last share is
 * at or before it, newest first) until the summed difficulty reaches N; the aggregate that crosses N counts
 * pro-rata. Each worker's weight is its summed difficulty in the window; the reward is split in exact satoshis by
 * {@link LargestRemainder}. An empty window credits nothing (the treasury keeps the reward).
 *
 * <p>Precision: the window is built from the ledger's aggregates (one per worker per applier batch and 10 s bucket),
 * so its edges are exact to one aggregate, the last one pro-rata.
 *
 * <p>In a cluster the window holds every node's shares: the store calls {@link #creditsFor} only once every node that
 * could still add shares before the block has applied them (or is declared down), and again whenever shares at or
 * before the block's time are applied later; see {@code LedgerStore#creditBlockWhenReady}.
 */
public final class Pplns implements BlockCredits {
    public static final String SCHEME = "PPLNS";

    private final double windowFactor;

    /** @param windowFactor the window is windowFactor x the block's network difficulty (> 0, <= 100) */
    public Pplns(double windowFactor) {
        if (!(windowFactor > 0) || windowFactor > 100) {
            throw new IllegalArgumentException("windowFactor must be > 0 and <= 100, got " + windowFactor);
        }
        this.windowFactor = windowFactor;
    }

    /** The window of a block, in summed share difficulty: {@code windowFactor x networkDifficulty}, exactly. */
    public static BigDecimal windowSize(double windowFactor, double networkDifficulty) {
        return new BigDecimal(windowFactor).multiply(new BigDecimal(networkDifficulty));
    }

    /** The window's weights per worker, from aggregates given newest first; stops once {@code window} is reached. */
    public static List<Weighted> window(Iterator<ShareAggregate> newestFirst, BigDecimal window) {
        Map<String, Weighted> byWorker = new LinkedHashMap<>();
        BigDecimal sum = BigDecimal.ZERO;
        while (sum.compareTo(window) < 0 && newestFirst.hasNext()) {
            ShareAggregate a = newestFirst.next();
            BigDecimal d = new BigDecimal(a.sumDifficulty());
            BigDecimal take = sum.add(d).compareTo(window) <= 0 ? d : window.subtract(sum);
            sum = sum.add(take);
            byWorker.merge(
                    a.operatorId() + "\u0000" + a.worker(),
                    new Weighted(a.operatorId(), a.worker(), take),
                    (x, y) ->
                            new Weighted(x.operatorId(), x.worker(), x.weight().add(y.weight())));
        }
        return new ArrayList<>(byWorker.values());
    }

    /** Splits {@code rewardSats} over the window. */
    public static List<Allocation> split(long rewardSats, Iterator<ShareAggregate> newestFirst, BigDecimal window) {
        return LargestRemainder.split(rewardSats, window(newestFirst, window));
    }

    /**
     * The block's credits: its reward split over the window read back from its time ({@code newestFirst}: the
     * aggregates of every node whose last share is at or before the block's time, newest first). Pure: the same
     * block and aggregates give the same credits, which is what an audit recomputes.
     */
    @Override
    public List<Credit> creditsFor(BlockRecord block, Iterator<ShareAggregate> newestFirst) {
        List<Allocation> parts =
                split(block.rewardSats(), newestFirst, windowSize(windowFactor, block.networkDifficulty()));
        List<Credit> credits = new ArrayList<>(parts.size());
        for (Allocation a : parts) {
            credits.add(new Credit(
                    "block:" + block.hash(),
                    block.hash(),
                    a.operatorId(),
                    a.worker(),
                    SCHEME,
                    a.weight().doubleValue(),
                    a.amountSats(),
                    CreditStatus.PENDING,
                    block.foundMillis()));
        }
        return credits;
    }
}
