package org.sovereignpool.testing.pool;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PPLNS recomputed straight from the ledger's tables with plain SQL and exact arithmetic, written apart from the
 * pool's own code so that a test can check the pool's stored credits against it: the aggregates of every node whose
 * last share is at or before the block's time, newest first (last share time, node id, first sequence, all
 * descending), up to windowFactor x network difficulty (the last one pro-rata); each worker's reward share rounded
 * down, the satoshis left over one each to the largest remainders (ties: operator, then worker, ascending).
 */
public final class PplnsRecomputation {
    private PplnsRecomputation() {}

    private record Row(long lastMillis, int nodeId, long firstSeq, String worker, double difficulty) {}

    /** operator.worker -> satoshis, for the block {@code hash}. */
    public static Map<String, Long> credits(Connection c, String hash, double windowFactor) throws SQLException {
        long time;
        long reward;
        double networkDifficulty;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT found_millis, reward_sats, network_difficulty FROM found_block WHERE hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no block " + hash);
                }
                time = rs.getLong(1);
                reward = rs.getLong(2);
                networkDifficulty = rs.getDouble(3);
            }
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT last_millis, node_id, first_seq, operator_id, worker,"
                + " sum_difficulty FROM share_agg WHERE last_millis <= ?")) {
            ps.setLong(1, time);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getLong(1),
                            rs.getInt(2),
                            rs.getLong(3),
                            rs.getString(4) + "\u0000" + rs.getString(5), // sorts as (operator, worker)
                            rs.getDouble(6)));
                }
            }
        }
        rows.sort(Comparator.comparingLong(Row::lastMillis)
                .thenComparingInt(Row::nodeId)
                .thenComparingLong(Row::firstSeq)
                .reversed());
        BigDecimal window = new BigDecimal(windowFactor).multiply(new BigDecimal(networkDifficulty));
        Map<String, BigDecimal> weights = new TreeMap<>();
        BigDecimal taken = BigDecimal.ZERO;
        for (Row r : rows) {
            if (taken.compareTo(window) >= 0) {
                break;
            }
            BigDecimal d = new BigDecimal(r.difficulty());
            BigDecimal take = d.min(window.subtract(taken));
            taken = taken.add(take);
            weights.merge(r.worker(), take, BigDecimal::add);
        }
        Map<String, Long> out = new TreeMap<>();
        if (taken.signum() == 0) {
            return out;
        }
        // exact shares: reward x weight / taken, as integer quotient and remainder of scaled weights
        int scale = weights.values().stream().mapToInt(BigDecimal::scale).max().orElse(0);
        scale = Math.max(scale, taken.scale());
        BigInteger total = taken.setScale(scale).unscaledValue();
        Map<String, BigInteger> remainders = new TreeMap<>();
        long given = 0;
        for (var e : weights.entrySet()) {
            BigInteger[] qr = BigInteger.valueOf(reward)
                    .multiply(e.getValue().setScale(scale).unscaledValue())
                    .divideAndRemainder(total);
            out.put(e.getKey(), qr[0].longValueExact());
            remainders.put(e.getKey(), qr[1]);
            given += qr[0].longValueExact();
        }
        List<String> byRemainder = new ArrayList<>(remainders.keySet()); // sorted by (operator, worker)
        byRemainder.sort(Comparator.comparing((String w) -> remainders.get(w)).reversed()); // stable: ties keep it
        for (int i = 0; i < reward - given; i++) {
            out.merge(byRemainder.get(i), 1L, Long::sum);
        }
        Map<String, Long> named = new TreeMap<>();
        out.forEach((k, v) -> named.put(k.replace('\u0000', '.'), v));
        return named;
    }

    /** The credits the ledger stores for a block: operator.worker -> satoshis. */
    public static Map<String, Long> stored(Connection c, String hash) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT operator_id, worker, amount_sats FROM credit WHERE block_hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.merge(rs.getString(1) + "." + rs.getString(2), rs.getLong(3), Long::sum);
                }
            }
        }
        return out;
    }
}
