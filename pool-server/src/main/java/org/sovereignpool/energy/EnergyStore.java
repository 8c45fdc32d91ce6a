package org.sovereignpool.energy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.sovereignpool.energy.curtailment.CurtailmentMinute;
import org.sovereignpool.energy.curtailment.CurtailmentOrder;

/**
 * The energy and curtailment tables beside the ledger's ({@code V30__energy.sql}), on H2 and PostgreSQL alike. Reads
 * the applied shares ({@code share_agg}) and credits ({@code credit}) the ledger wrote. Thread safe (a connection per
 * call); every call may block on the database, so none runs on an event loop.
 */
public final class EnergyStore {
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public EnergyStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** One worker's applied shares in one period (periodStart = floor(bucket start / period) × period). */
    public record WorkerSum(
            String operatorId, String worker, long periodStartMillis, long shares, double sumDifficulty) {}

    /**
     * The applied shares per operator, worker and period with bucket starts in {@code [from, to)}. {@code periodMillis}
     * must be a multiple of the ledger's 10 s aggregation bucket for shares to fall into whole periods.
     */
    public List<WorkerSum> workerSums(long fromMillis, long toMillis, long periodMillis) throws SQLException {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("periodMillis must be > 0");
        }
        String p = Long.toString(periodMillis); // a number of ours, never input: inlined so GROUP BY matches SELECT
        String sql = "SELECT operator_id, worker, bucket_start_millis / " + p + " AS period, SUM(share_count),"
                + " SUM(sum_difficulty) FROM share_agg WHERE bucket_start_millis >= ? AND bucket_start_millis < ?"
                + " GROUP BY operator_id, worker, bucket_start_millis / " + p;
        List<WorkerSum> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fromMillis);
            ps.setLong(2, toMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WorkerSum(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getLong(3) * periodMillis,
                            rs.getLong(4),
                            rs.getDouble(5)));
                }
            }
        }
        return out;
    }

    /**
     * Every share stamped at or before this time is applied, on every node with a live lease (the least of their
     * watermarks); {@code Long.MAX_VALUE} when no node holds a live lease.
     */
    public long appliedThrough(long nowMillis) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT MIN(p.watermark_millis) FROM journal_progress p"
                                + " JOIN node_lease l ON l.node_id = p.node_id WHERE l.released = FALSE AND l.expires_millis > ?")) {
            ps.setLong(1, nowMillis);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? Long.MAX_VALUE : v;
            }
        }
    }

    /** The first applied share's bucket start, if any share was applied. */
    public Optional<Long> firstShareMillis() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT MIN(bucket_start_millis) FROM share_agg");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? Optional.empty() : Optional.of(v);
        }
    }

    /** The newest hour written, if any. */
    public Optional<Long> lastHourMillis() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT MAX(hour_start_millis) FROM energy_hour");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? Optional.empty() : Optional.of(v);
        }
    }

    /** Writes (or rewrites) these hours; another node writing the same hour at once is tolerated (same values). */
    public void writeHours(List<EnergyHour> hours, long nowMillis) throws SQLException {
        upsertAll(
                hours,
                "UPDATE energy_hour SET share_count = ?, sum_difficulty = ?, efficiency_j_per_th = ?, estimated_mwh = ?,"
                        + " updated_millis = ? WHERE operator_id = ? AND site = ? AND hour_start_millis = ?",
                "INSERT INTO energy_hour (share_count, sum_difficulty, efficiency_j_per_th, estimated_mwh,"
                        + " updated_millis, operator_id, site, hour_start_millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (ps, h) -> {
                    ps.setLong(1, h.shareCount());
                    ps.setDouble(2, h.sumDifficulty());
                    ps.setDouble(3, h.efficiencyJPerTh());
                    ps.setDouble(4, h.estimatedMwh());
                    ps.setLong(5, nowMillis);
                    ps.setString(6, h.operatorId());
                    ps.setString(7, h.site());
                    ps.setLong(8, h.hourStartMillis());
                });
    }

    /** Hours starting in {@code [from, to)}, by operator, site and time. */
    public List<EnergyHour> hours(long fromMillis, long toMillis) throws SQLException {
        List<EnergyHour> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT operator_id, site, hour_start_millis, share_count,"
                        + " sum_difficulty, efficiency_j_per_th, estimated_mwh FROM energy_hour"
                        + " WHERE hour_start_millis >= ? AND hour_start_millis < ?"
                        + " ORDER BY operator_id, site, hour_start_millis")) {
            ps.setLong(1, fromMillis);
            ps.setLong(2, toMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new EnergyHour(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getDouble(5),
                            rs.getDouble(6),
                            rs.getDouble(7)));
                }
            }
        }
        return out;
    }

    /** Satoshis credited (not reversed) per operator, worker and period with credit times in {@code [from, to)}. */
    public record WorkerEarning(String operatorId, String worker, long periodStartMillis, long sats) {}

    public List<WorkerEarning> earnings(long fromMillis, long toMillis, long periodMillis) throws SQLException {
        String p = Long.toString(periodMillis);
        String sql = "SELECT operator_id, worker, time_millis / " + p + ", SUM(amount_sats) FROM credit"
                + " WHERE status <> 'REVERSED' AND time_millis >= ? AND time_millis < ?"
                + " GROUP BY operator_id, worker, time_millis / " + p;
        List<WorkerEarning> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fromMillis);
            ps.setLong(2, toMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WorkerEarning(
                            rs.getString(1), rs.getString(2), rs.getLong(3) * periodMillis, rs.getLong(4)));
                }
            }
        }
        return out;
    }

    // ---- meter readings

    /** The newest reading of a site, if any. */
    public Optional<MeterReading> latestReading(String operatorId, String site) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return latestReading(c, operatorId, site);
        }
    }

    private static Optional<MeterReading> latestReading(Connection c, String operatorId, String site)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT reading_millis, cumulative_mwh, recorded_by"
                + " FROM meter_reading WHERE operator_id = ? AND site = ? ORDER BY reading_millis DESC LIMIT 1")) {
            ps.setString(1, operatorId);
            ps.setString(2, site);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(
                                new MeterReading(operatorId, site, rs.getLong(1), rs.getDouble(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /** What a reading is checked against: the site's newest stored reading. */
    @FunctionalInterface
    public interface ReadingCheck {
        /** Throws IllegalArgumentException (naming the reading) when {@code reading} may not follow {@code previous}. */
        void check(int index, MeterReading reading, Optional<MeterReading> previous);
    }

    /**
     * Appends readings in one transaction: each is checked by {@code check} against the newest reading of its site
     * (stored, or earlier in this list); nothing is written when any fails.
     */
    public void appendReadings(List<MeterReading> readings, long nowMillis, ReadingCheck check) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Optional<MeterReading>> last = new HashMap<>();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO meter_reading (operator_id, site,"
                        + " reading_millis, cumulative_mwh, recorded_millis, recorded_by) VALUES (?, ?, ?, ?, ?, ?)")) {
                    for (int i = 0; i < readings.size(); i++) {
                        MeterReading r = readings.get(i);
                        String key = r.operatorId() + "\u0000" + r.site();
                        Optional<MeterReading> previous = last.get(key);
                        if (previous == null) {
                            previous = latestReading(c, r.operatorId(), r.site());
                        }
                        check.check(i, r, previous);
                        last.put(key, Optional.of(r));
                        ps.setString(1, r.operatorId());
                        ps.setString(2, r.site());
                        ps.setLong(3, r.readingMillis());
                        ps.setDouble(4, r.cumulativeMwh());
                        ps.setLong(5, nowMillis);
                        ps.setString(6, r.recordedBy());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Every reading with a time in {@code [from, to]}, by operator, site and time. */
    public List<MeterReading> readings(long fromMillis, long toMillis) throws SQLException {
        List<MeterReading> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT operator_id, site, reading_millis, cumulative_mwh, recorded_by FROM meter_reading"
                                + " WHERE reading_millis >= ? AND reading_millis <= ?"
                                + " ORDER BY operator_id, site, reading_millis")) {
            ps.setLong(1, fromMillis);
            ps.setLong(2, toMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MeterReading(
                            rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    // ---- BTC prices

    public void recordPrice(BtcPrice price, long nowMillis) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO btc_price (time_millis, currency, price,"
                        + " recorded_millis, recorded_by) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, price.timeMillis());
            ps.setString(2, price.currency());
            ps.setDouble(3, price.price());
            ps.setLong(4, nowMillis);
            ps.setString(5, price.recordedBy());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IllegalArgumentException(
                        "time: a " + price.currency() + " price is already recorded for " + price.timeMillis());
            }
            throw e;
        }
    }

    /** The price in force at {@code millis}: the newest recorded at or before it. */
    public Optional<BtcPrice> priceAt(String currency, long millis) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT time_millis, price, recorded_by FROM btc_price"
                        + " WHERE currency = ? AND time_millis <= ? ORDER BY time_millis DESC LIMIT 1")) {
            ps.setString(1, currency);
            ps.setLong(2, millis);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new BtcPrice(rs.getLong(1), currency, rs.getDouble(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    // ---- curtailment orders and minutes

    /** Records an order; false when an order with its id exists already (nothing is changed then). */
    public boolean recordOrder(CurtailmentOrder o) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO curtailment_order (id, operator_id, limit_mw,"
                        + " start_millis, end_millis, duration_minutes, enforce, issued_by, recorded_millis,"
                        + " recorded_via) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, o.id());
            ps.setString(2, o.operatorId());
            ps.setDouble(3, o.limitMw());
            ps.setLong(4, o.startMillis());
            ps.setLong(5, o.endMillis());
            ps.setInt(6, o.durationMinutes());
            ps.setBoolean(7, o.enforce());
            ps.setString(8, o.issuedBy());
            ps.setLong(9, o.recordedMillis());
            ps.setString(10, o.recordedVia());
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Orders that end after {@code fromMillis} (all: {@code Long.MIN_VALUE}), newest start first. */
    public List<CurtailmentOrder> orders(long fromMillis) throws SQLException {
        List<CurtailmentOrder> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, operator_id, limit_mw, start_millis,"
                        + " duration_minutes, enforce, issued_by, recorded_millis, recorded_via FROM curtailment_order"
                        + " WHERE end_millis > ? ORDER BY start_millis DESC, id")) {
            ps.setLong(1, fromMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CurtailmentOrder(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getDouble(3),
                            rs.getLong(4),
                            rs.getInt(5),
                            rs.getBoolean(6),
                            rs.getString(7),
                            rs.getLong(8),
                            rs.getString(9)));
                }
            }
        }
        return out;
    }

    public Optional<CurtailmentOrder> order(String id) throws SQLException {
        return orders(Long.MIN_VALUE).stream().filter(o -> o.id().equals(id)).findFirst();
    }

    public void writeMinutes(List<CurtailmentMinute> minutes, long nowMillis) throws SQLException {
        upsertAll(
                minutes,
                "UPDATE curtailment_minute SET minute_millis = ?, operator_id = ?, draw_mw = ?, limit_mw = ?,"
                        + " over_mwh = ?, updated_millis = ? WHERE order_id = ? AND minute_start_millis = ?",
                "INSERT INTO curtailment_minute (minute_millis, operator_id, draw_mw, limit_mw, over_mwh,"
                        + " updated_millis, order_id, minute_start_millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (ps, m) -> {
                    ps.setLong(1, m.minuteMillis());
                    ps.setString(2, m.operatorId());
                    ps.setDouble(3, m.drawMw());
                    ps.setDouble(4, m.limitMw());
                    ps.setDouble(5, m.overMwh());
                    ps.setLong(6, nowMillis);
                    ps.setString(7, m.orderId());
                    ps.setLong(8, m.minuteStartMillis());
                });
    }

    /** An order's minutes, oldest first. */
    public List<CurtailmentMinute> minutes(String orderId) throws SQLException {
        List<CurtailmentMinute> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT order_id, minute_start_millis, minute_millis,"
                        + " operator_id, draw_mw, limit_mw, over_mwh FROM curtailment_minute WHERE order_id = ?"
                        + " ORDER BY minute_start_millis")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CurtailmentMinute(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getString(4),
                            rs.getDouble(5),
                            rs.getDouble(6),
                            rs.getDouble(7)));
                }
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    /**
     * Update, else insert, each row, in one transaction; when another writer inserted one of them first (a unique
     * violation) the whole write is tried once more (the rows then update).
     */
    private <T> void upsertAll(List<T> rows, String update, String insert, Binder<T> binder) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        for (int attempt = 0; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    List<T> missing = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement(update)) {
                        for (T row : rows) {
                            binder.bind(ps, row);
                            ps.addBatch();
                        }
                        int[] counts = ps.executeBatch();
                        for (int i = 0; i < counts.length; i++) {
                            if (counts[i] == 0) {
                                missing.add(rows.get(i));
                            }
                        }
                    }
                    if (!missing.isEmpty()) {
                        try (PreparedStatement ps = c.prepareStatement(insert)) {
                            for (T row : missing) {
                                binder.bind(ps, row);
                                ps.addBatch();
                            }
                            ps.executeBatch();
                        }
                    }
                    c.commit();
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    if (attempt == 0 && isUniqueViolation(e)) {
                        continue;
                    }
                    throw e;
                }
            }
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION.equals(x.getSQLState())) {
                return true;
            }
        }
        return e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState());
    }
}
