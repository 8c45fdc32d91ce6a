package org.sovereignpool.accounting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.CreditStatus;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.ShareAggregate;

/**
 * PPS: every share earns {@code reward x difficulty / networkDifficulty}, paid whether or not a block is found (the
 * programme carries the variance). The reward assumed is the block subsidy at the share's height, without fees
 * (fees vary and are not known when the share is worth something; the choice is conservative). Credits are final at
 * once: they do not depend on any block. Amounts are exact satoshis, rounded down per aggregate.
 *
 * <p>{@link #accrue} credits, per pool node, the aggregates applied since the last accrual, in one transaction with
 * its progress, so running it twice never credits twice.
 */
public final class Pps {
    public static final String SCHEME = "PPS";

    private final LedgerStore store;
    private final IntToDoubleFunction networkDifficultyAtHeight;

    /** @param networkDifficultyAtHeight the network difficulty of the block at a height (from the node) */
    public Pps(LedgerStore store, IntToDoubleFunction networkDifficultyAtHeight) {
        this.store = Objects.requireNonNull(store, "store");
        this.networkDifficultyAtHeight = Objects.requireNonNull(networkDifficultyAtHeight, "networkDifficultyAtHeight");
    }

    /** {@code floor(rewardSats x difficulty / networkDifficulty)}, exactly. */
    public static long value(long rewardSats, double difficulty, double networkDifficulty) {
        if (!(networkDifficulty > 0) || Double.isInfinite(networkDifficulty)) {
            throw new IllegalArgumentException("networkDifficulty must be finite and > 0, got " + networkDifficulty);
        }
        if (!(difficulty >= 0) || Double.isInfinite(difficulty)) {
            throw new IllegalArgumentException("difficulty must be finite and >= 0, got " + difficulty);
        }
        return BigDecimal.valueOf(rewardSats)
                .multiply(new BigDecimal(difficulty))
                .divide(new BigDecimal(networkDifficulty), 0, RoundingMode.FLOOR)
                .longValueExact();
    }

    /**
     * Credits the aggregates of {@code nodeId} applied up to the ledger's applied sequence and not yet credited.
     * Returns the credits written (empty if there was nothing new or another accrual got there first).
     */
    public List<Credit> accrue(int nodeId) throws SQLException {
        long from = store.ppsThrough(nodeId);
        long through = store.appliedSequence(nodeId);
        if (through <= from) {
            return List.of();
        }
        List<ShareAggregate> aggs = store.sharesBySequence(nodeId, from, through);
        Map<String, long[]> sats = new TreeMap<>();
        Map<String, double[]> weights = new TreeMap<>();
        long time = 0;
        for (ShareAggregate a : aggs) {
            long v = value(
                    Subsidy.atHeight(a.maxHeight()),
                    a.sumDifficulty(),
                    networkDifficultyAtHeight.applyAsDouble(a.maxHeight()));
            String key = a.operatorId() + "\u0000" + a.worker();
            sats.computeIfAbsent(key, k -> new long[1])[0] += v;
            weights.computeIfAbsent(key, k -> new double[1])[0] += a.sumDifficulty();
            time = Math.max(time, a.lastMillis());
        }
        String source = "pps:" + nodeId + ":" + (from + 1) + "-" + through;
        List<Credit> credits = new ArrayList<>();
        for (Map.Entry<String, long[]> e : sats.entrySet()) {
            String[] ow = e.getKey().split("\u0000", 2);
            credits.add(new Credit(
                    source,
                    null,
                    ow[0],
                    ow[1],
                    SCHEME,
                    weights.get(e.getKey())[0],
                    e.getValue()[0],
                    CreditStatus.FINAL,
                    time));
        }
        return store.accruePps(nodeId, from, through, credits) ? credits : List.of();
    }
}
