package org.sovereignpool.accounting;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sovereignpool.ledger.blocks.BlockCredits;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.CreditStatus;
import org.sovereignpool.ledger.store.LedgerStore;
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
 */
public final class Pplns implements BlockCredits {
    public static final String SCHEME = "PPLNS";
    private static final int PAGE = 1000;

    private final LedgerStore store;
    private final double windowFactor;

    public Pplns(LedgerStore store, double windowFactor) {
        this.store = store;
        if (!(windowFactor > 0) || windowFactor > 100) {
            throw new IllegalArgumentException("windowFactor must be > 0 and <= 100, got " + windowFactor);
        }
        this.windowFactor = windowFactor;
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

    @Override
    public List<Credit> creditsFor(BlockRecord block) throws SQLException {
        BigDecimal window = new BigDecimal(windowFactor).multiply(new BigDecimal(block.networkDifficulty()));
        List<Allocation> parts;
        try {
            parts = split(block.rewardSats(), new StoreIterator(block.foundMillis()), window);
        } catch (StoreFailure f) {
            throw (SQLException) f.getCause();
        }
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

    /** Pages through the store newest first; SQL failures surface as {@link StoreFailure}. */
    private final class StoreIterator implements Iterator<ShareAggregate> {
        private final long atOrBefore;
        private List<ShareAggregate> page = List.of();
        private int index;
        private ShareAggregate cursor;
        private boolean exhausted;

        StoreIterator(long atOrBefore) {
            this.atOrBefore = atOrBefore;
        }

        @Override
        public boolean hasNext() {
            if (index < page.size()) {
                return true;
            }
            if (exhausted) {
                return false;
            }
            try {
                page = store.sharesNewestFirst(atOrBefore, cursor, PAGE);
            } catch (SQLException e) {
                throw new StoreFailure(e);
            }
            index = 0;
            exhausted = page.size() < PAGE;
            if (!page.isEmpty()) {
                cursor = page.getLast();
            }
            return !page.isEmpty();
        }

        @Override
        public ShareAggregate next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return page.get(index++);
        }
    }

    private static final class StoreFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreFailure(SQLException cause) {
            super(cause);
        }
    }
}
