package org.sovereignpool.ledger.audit;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.Credit;

/**
 * Every credited block's credits are exactly what the payout scheme computes now from the share aggregates of all
 * nodes: worker by worker, the same amount and weight. {@code recompute} is the function the pool credits with (for
 * PPLNS, {@link org.sovereignpool.accounting.Pplns}: window = windowFactor x the block's network difficulty, read
 * back from the block's time, the crossing aggregate pro-rata, largest-remainder satoshis), so nothing here forks the
 * algorithm. It follows that a block's credits sum to its reward, or to nothing when its window is empty (the
 * treasury keeps that reward); the sum is checked too, in case the function ever changes.
 *
 * <p>Orphaned blocks keep their (reversed) credits' amounts, so they are recomputed as well. PPS credits name no
 * block and are not recomputed here.
 */
public final class BlockCreditsCheck implements AuditCheck {
    private final CreditRecomputation recompute;
    private final String scheme;

    /**
     * @param recompute the scheme's crediting function, reading the same ledger
     * @param scheme how the summary describes it (e.g. "PPLNS, window 2 x network difficulty")
     */
    public BlockCreditsCheck(CreditRecomputation recompute, String scheme) {
        this.recompute = Objects.requireNonNull(recompute, "recompute");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
    }

    @Override
    public String name() {
        return "credits";
    }

    @Override
    public Outcome run(LedgerSnapshot ledger) throws SQLException {
        Map<String, List<Credit>> byBlock = ledger.creditsByBlock();
        int blocks = 0;
        int empty = 0;
        long credits = 0;
        for (BlockRecord b : ledger.blocks()) {
            if (!b.credited()) {
                continue;
            }
            blocks++;
            Map<String, Credit> stored = byWorker(byBlock.getOrDefault(b.hash(), List.of()));
            Map<String, Credit> expected = byWorker(recompute.creditsFor(b));
            for (String key : union(stored, expected)) {
                Credit s = stored.get(key);
                Credit e = expected.get(key);
                String problem = differs(s, e);
                if (problem != null) {
                    Credit named = s != null ? s : e;
                    return Outcome.broken(name(), LedgerSnapshot.name(named), problem);
                }
            }
            long storedSum = sum(stored);
            long expectedSum = sum(expected);
            if (storedSum != expectedSum || (expectedSum != b.rewardSats() && !expected.isEmpty())) {
                return Outcome.broken(
                        name(),
                        LedgerSnapshot.name(b),
                        "its credits sum to " + storedSum + " sats, expected " + b.rewardSats() + " (its reward)");
            }
            if (expected.isEmpty()) {
                empty++;
            }
            credits += stored.size();
        }
        return Outcome.ok(
                name(),
                blocks + " credited blocks (" + credits + " credits) equal the recomputation (" + scheme
                        + ") worker by worker, each summing to its reward"
                        + (empty == 0
                                ? ""
                                : "; " + empty + " with an empty window credit nothing (the treasury keeps it)"));
    }

    private static String differs(Credit stored, Credit expected) {
        if (stored == null) {
            return "missing: the recomputation credits " + expected.amountSats() + " sats (weight " + expected.weight()
                    + ")";
        }
        if (expected == null) {
            return "amount_sats is " + stored.amountSats() + " (weight " + stored.weight()
                    + "), expected no credit: the recomputation does not credit this worker for this block";
        }
        if (stored.amountSats() != expected.amountSats()) {
            long delta = stored.amountSats() - expected.amountSats();
            return "amount_sats is " + stored.amountSats() + ", expected " + expected.amountSats()
                    + " by the recomputation (" + (delta > 0 ? "+" : "") + delta + " sats)";
        }
        if (Double.compare(stored.weight(), expected.weight()) != 0) {
            return "weight is " + stored.weight() + ", expected " + expected.weight() + " by the recomputation";
        }
        if (!stored.scheme().equals(expected.scheme()) || !stored.source().equals(expected.source())) {
            return "scheme and source are " + stored.scheme() + " " + stored.source() + ", expected "
                    + expected.scheme() + " " + expected.source();
        }
        return null;
    }

    private static Map<String, Credit> byWorker(List<Credit> credits) {
        Map<String, Credit> out = new TreeMap<>();
        for (Credit c : credits) {
            out.put(c.operatorId() + "\u0000" + c.worker(), c);
        }
        return out;
    }

    private static TreeSet<String> union(Map<String, Credit> a, Map<String, Credit> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static long sum(Map<String, Credit> credits) {
        long s = 0;
        for (Credit c : credits.values()) {
            s += c.amountSats();
        }
        return s;
    }
}
