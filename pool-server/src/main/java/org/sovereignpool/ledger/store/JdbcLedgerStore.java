package org.sovereignpool.ledger.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;

/**
 * {@link LedgerStore} over JDBC: H2 (embedded default, file database) and PostgreSQL (production), the same SQL for
 * both. The schema is Flyway's {@code db/migration}. Thread safe (a HikariCP pool underneath).
 */
public final class JdbcLedgerStore implements LedgerStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final String AGG_COLUMNS = "node_id, first_seq, last_seq, operator_id, worker, bucket_start_millis,"
            + " share_count, sum_difficulty, best_difficulty, first_millis, last_millis, max_height, block_candidates,"
            + " network_bits";
    private static final String BLOCK_COLUMNS = "hash, height, finder_operator, finder_worker, found_millis,"
            + " reward_sats, network_difficulty, node_id, credit_after_seq, submit_results, status, confirmations,"
            + " credited, updated_millis, payout_scheme, treasury_index";
    private static final String CREDIT_COLUMNS =
            "source, block_hash, operator_id, worker, scheme, weight, amount_sats, status, time_millis";

    private final DataSource dataSource;
    private final AutoCloseable owned;
    private final String jdbcUrl;
    private final String schema;

    /** Uses {@code dataSource} as given (the caller migrated it and closes it). */
    public JdbcLedgerStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.owned = null;
        this.jdbcUrl = null;
        this.schema = null;
    }

    private JdbcLedgerStore(HikariDataSource owned, String jdbcUrl, String schema) {
        this.dataSource = owned;
        this.owned = owned;
        this.jdbcUrl = jdbcUrl;
        this.schema = schema;
    }

    /**
     * Opens a pool on {@code jdbcUrl}, runs the migrations (in {@code schema} if not null: created when missing) and
     * returns a store that closes the pool. Needs the database up.
     */
    public static JdbcLedgerStore open(String jdbcUrl, String user, String password, String schema) {
        JdbcLedgerStore store = openDeferred(jdbcUrl, user, password, schema);
        try {
            store.ensureMigrated();
        } catch (SQLException e) {
            store.close();
            throw new IllegalStateException("cannot prepare the ledger database " + jdbcUrl + ": " + e.getMessage(), e);
        }
        return store;
    }

    /**
     * As {@link #open}, but touches the database only at the first call (which migrates it): the pool can start, and
     * serve miners into the journal, while the database is down. Until it is reachable every call throws
     * {@link SQLException}.
     */
    public static JdbcLedgerStore openDeferred(String jdbcUrl, String user, String password, String schema) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(4);
        hc.setMinimumIdle(1);
        hc.setPoolName("ledger");
        // fail fast while the database is down, so the applier backs off and retries instead of hanging
        hc.setConnectionTimeout(2_000);
        hc.setValidationTimeout(1_000);
        hc.setInitializationFailTimeout(-1);
        if (schema != null) {
            hc.setSchema(schema);
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            hc.addDataSourceProperty("reWriteBatchedInserts", "true");
            hc.addDataSourceProperty("connectTimeout", "2");
            hc.addDataSourceProperty("socketTimeout", "30");
            hc.addDataSourceProperty("tcpKeepAlive", "true");
        }
        HikariDataSource ds = new HikariDataSource(hc);
        return new JdbcLedgerStore(ds, jdbcUrl, schema);
    }

    /** The database underneath, for tables kept beside the ledger's (e.g. the operator registry's history). */
    public DataSource dataSource() {
        return dataSource;
    }

    private volatile boolean migrated;

    /** Runs the Flyway migrations once (and, on H2, makes each commit reach the file at once). */
    public void ensureMigrated() throws SQLException {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (migrated) {
                return;
            }
            if (jdbcUrl == null) {
                migrated = true; // a DataSource given by the caller: the caller migrated it
                return;
            }
            try {
                var fw = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
                if (schema != null) {
                    fw = fw.schemas(schema).defaultSchema(schema).createSchemas(true);
                }
                fw.load().migrate();
            } catch (RuntimeException e) {
                throw new SQLException("ledger database migration failed: " + e.getMessage(), "08001", e);
            }
            if (jdbcUrl.startsWith("jdbc:h2:")) {
                // H2 writes commits to its file up to 500 ms later by default: a crash would take applied batches
                // back after their journal segments were deleted. 0 writes each commit at once (not fsynced: for
                // power-loss durability of the ledger use PostgreSQL).
                try (Connection c = dataSource.getConnection();
                        Statement st = c.createStatement()) {
                    st.execute("SET WRITE_DELAY 0");
                }
            }
            migrated = true;
        }
    }

    @FunctionalInterface
    private interface TxWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTx(TxWork<T> work) throws SQLException {
        ensureMigrated();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    // ---- shares

    @Override
    public long appliedSequence(int nodeId) throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT applied_seq FROM journal_progress WHERE node_id = ?")) {
                ps.setInt(1, nodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public ApplyResult applyShares(
            int nodeId, long afterSeq, long throughSeq, List<ShareAggregate> rows, long nowMillis) throws SQLException {
        return applyShares(new ShareBatch(nodeId, null, afterSeq, throughSeq, rows, nowMillis, ShareAccrual.NONE));
    }

    /** A node's progress row, locked: applied sequence (-1 when there is no row) and journal id (null if none). */
    private record LockedProgress(long appliedSeq, String journalId) {}

    private static LockedProgress lockProgress(Connection c, int nodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT applied_seq, journal_id FROM journal_progress WHERE node_id = ? FOR UPDATE")) {
            ps.setInt(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new LockedProgress(rs.getLong(1), rs.getString(2)) : new LockedProgress(-1, null);
            }
        }
    }

    @Override
    public ApplyResult applyShares(ShareBatch batch) throws SQLException {
        int nodeId = batch.nodeId();
        long afterSeq = batch.afterSeq();
        long throughSeq = batch.throughSeq();
        List<ShareAggregate> rows = batch.rows();
        return inTx(c -> {
            LockedProgress locked = lockProgress(c, nodeId);
            long applied = locked.appliedSeq();
            String journalId = locked.journalId();
            long current = Math.max(applied, 0);
            if (batch.journalId() != null && journalId != null && !journalId.equals(batch.journalId())) {
                throw new JournalMismatchException(nodeId, journalId, current, batch.journalId());
            }
            if (current >= throughSeq && current > afterSeq) {
                return ApplyResult.ALREADY_APPLIED;
            }
            if (current != afterSeq) {
                throw new StaleCursorException(nodeId, current, afterSeq);
            }
            for (ShareAggregate a : rows) {
                if (a.nodeId() != nodeId || a.firstSeq() <= afterSeq || a.lastSeq() > throughSeq) {
                    throw new IllegalArgumentException("aggregate " + a + " is outside node " + nodeId + " batch "
                            + (afterSeq + 1) + ".." + throughSeq);
                }
            }
            insertAggregates(c, rows);
            if (batch.accrual().accrues()) {
                accrue(c, nodeId, afterSeq, throughSeq, rows, batch.accrual(), batch.nowMillis());
            }
            if (!rows.isEmpty()) {
                flagLateShares(c, rows);
            }
            String recordedJournal = journalId != null ? journalId : batch.journalId();
            String sql = applied < 0
                    ? "INSERT INTO journal_progress (applied_seq, updated_millis, journal_id, watermark_millis,"
                            + " node_id) VALUES (?, ?, ?, ?, ?)"
                    : "UPDATE journal_progress SET applied_seq = ?, updated_millis = ?, journal_id = ?,"
                            + " watermark_millis = CASE WHEN watermark_millis < ? THEN ? ELSE watermark_millis END"
                            + " WHERE node_id = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, throughSeq);
                ps.setLong(i++, batch.nowMillis());
                ps.setString(i++, recordedJournal);
                ps.setLong(i++, batch.watermarkMillis());
                if (applied >= 0) {
                    ps.setLong(i++, batch.watermarkMillis());
                }
                ps.setInt(i, nodeId);
                ps.executeUpdate();
            }
            return ApplyResult.APPLIED;
        });
    }

    /**
     * Shares stamped at or before a credited block's time, applied after it was credited (a node that caught up
     * late): the block's credits must be recomputed.
     */
    private static void flagLateShares(Connection c, List<ShareAggregate> rows) throws SQLException {
        long oldest = Long.MAX_VALUE;
        for (ShareAggregate a : rows) {
            oldest = Math.min(oldest, a.lastMillis());
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE found_block SET recredit_due = TRUE WHERE credited = TRUE"
                        + " AND recredit_due = FALSE AND payout_scheme = '" + BlockRecord.PPLNS
                        + "' AND found_millis >= ?")) {
            ps.setLong(1, oldest);
            ps.executeUpdate();
        }
    }

    @Override
    public JournalProgress journalProgress(int nodeId) throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT applied_seq, journal_id, watermark_millis FROM journal_progress WHERE node_id = ?")) {
                ps.setInt(1, nodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? new JournalProgress(rs.getLong(1), Optional.ofNullable(rs.getString(2)), rs.getLong(3))
                            : JournalProgress.NONE;
                }
            }
        });
    }

    @Override
    public void advanceWatermark(int nodeId, long watermarkMillis, long nowMillis) throws SQLException {
        inTx(c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE journal_progress SET watermark_millis = ?,"
                    + " updated_millis = ? WHERE node_id = ? AND watermark_millis < ?")) {
                ps.setLong(1, watermarkMillis);
                ps.setLong(2, nowMillis);
                ps.setInt(3, nodeId);
                ps.setLong(4, watermarkMillis);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                boolean exists;
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM journal_progress WHERE node_id = ?")) {
                    ps.setInt(1, nodeId);
                    try (ResultSet rs = ps.executeQuery()) {
                        exists = rs.next();
                    }
                }
                if (!exists) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO journal_progress (applied_seq,"
                            + " updated_millis, watermark_millis, node_id) VALUES (0, ?, ?, ?)")) {
                        ps.setLong(1, nowMillis);
                        ps.setLong(2, watermarkMillis);
                        ps.setInt(3, nodeId);
                        ps.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    @Override
    public boolean adoptJournal(
            int nodeId, String journalId, long expectedAppliedSeq, String instanceId, long nowMillis)
            throws SQLException {
        Objects.requireNonNull(journalId, "journalId");
        return inTx(c -> {
            LockedProgress locked = lockProgress(c, nodeId);
            long applied = locked.appliedSeq();
            String previous = locked.journalId();
            if (Math.max(applied, 0) != expectedAppliedSeq) {
                return false;
            }
            String sql = applied < 0
                    ? "INSERT INTO journal_progress (applied_seq, updated_millis, journal_id, node_id) VALUES (?, ?,"
                            + " ?, ?)"
                    : "UPDATE journal_progress SET applied_seq = ?, updated_millis = ?, journal_id = ? WHERE node_id"
                            + " = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, Math.max(applied, 0));
                ps.setLong(2, nowMillis);
                ps.setString(3, journalId);
                ps.setInt(4, nodeId);
                ps.executeUpdate();
            }
            if (previous != null && !previous.equals(journalId)) {
                insertEvent(
                        c,
                        new NodeEvent(
                                nodeId,
                                instanceId,
                                NodeEvent.JOURNAL_REPLACED,
                                nowMillis,
                                "journal " + previous + " (applied through " + applied + ") replaced by the new"
                                        + " journal " + journalId + ", numbering after " + applied));
            }
            return true;
        });
    }

    /** Rows per multi-row INSERT: one statement per chunk is several times faster than a batch of single rows. */
    private static final int INSERT_CHUNK = 256;

    private static void insertAggregates(Connection c, List<ShareAggregate> rows) throws SQLException {
        int full = rows.size() / INSERT_CHUNK;
        if (full > 0) {
            try (PreparedStatement ps = c.prepareStatement(multiRowInsert(INSERT_CHUNK))) {
                for (int k = 0; k < full; k++) {
                    bindAggregates(ps, rows.subList(k * INSERT_CHUNK, (k + 1) * INSERT_CHUNK));
                    ps.executeUpdate();
                }
            }
        }
        List<ShareAggregate> rest = rows.subList(full * INSERT_CHUNK, rows.size());
        if (!rest.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(multiRowInsert(rest.size()))) {
                bindAggregates(ps, rest);
                ps.executeUpdate();
            }
        }
    }

    private static String multiRowInsert(int rows) {
        StringBuilder sb = new StringBuilder("INSERT INTO share_agg (" + AGG_COLUMNS + ") VALUES ");
        for (int i = 0; i < rows; i++) {
            sb.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        return sb.toString();
    }

    private static void bindAggregates(PreparedStatement ps, List<ShareAggregate> rows) throws SQLException {
        int i = 1;
        for (ShareAggregate a : rows) {
            ps.setInt(i++, a.nodeId());
            ps.setLong(i++, a.firstSeq());
            ps.setLong(i++, a.lastSeq());
            ps.setString(i++, a.operatorId());
            ps.setString(i++, a.worker());
            ps.setLong(i++, a.bucketStartMillis());
            ps.setLong(i++, a.shareCount());
            ps.setDouble(i++, a.sumDifficulty());
            ps.setDouble(i++, a.bestDifficulty());
            ps.setLong(i++, a.firstMillis());
            ps.setLong(i++, a.lastMillis());
            ps.setInt(i++, a.maxHeight());
            ps.setInt(i++, a.blockCandidates());
            ps.setInt(i++, a.networkBits());
        }
    }

    /** One PPS accrual group: a worker's shares of one node on jobs of one network target and one reward. */
    private record AccrualKey(String operatorId, String worker, int networkBits, long rewardSats)
            implements Comparable<AccrualKey> {
        @Override
        public int compareTo(AccrualKey o) {
            int c = operatorId.compareTo(o.operatorId);
            if (c == 0) {
                c = worker.compareTo(o.worker);
            }
            if (c == 0) {
                c = Integer.compare(networkBits, o.networkBits);
            }
            return c != 0 ? c : Long.compare(rewardSats, o.rewardSats);
        }
    }

    /**
     * PPS in the batch's transaction: each group's exact summed difficulty grows by the batch's aggregates, and the
     * worker is credited what the new sum is owed minus what the group was credited before; the credit of the batch
     * is one row per worker ({@code pps:<node>:<from>-<through>}). Groups are locked in key order.
     */
    private static void accrue(
            Connection c,
            int nodeId,
            long afterSeq,
            long throughSeq,
            List<ShareAggregate> rows,
            ShareAccrual accrual,
            long nowMillis)
            throws SQLException {
        TreeMap<AccrualKey, BigDecimal> sums = new TreeMap<>();
        for (ShareAggregate a : rows) {
            if (a.networkBits() == 0) {
                throw new UnvaluedShareException(a);
            }
            AccrualKey k =
                    new AccrualKey(a.operatorId(), a.worker(), a.networkBits(), accrual.rewardSats(a.maxHeight()));
            sums.merge(k, new BigDecimal(a.sumDifficulty()), BigDecimal::add);
        }
        Map<String, long[]> owedByWorker = new TreeMap<>();
        for (var e : sums.entrySet()) {
            AccrualKey k = e.getKey();
            BigDecimal before = BigDecimal.ZERO;
            long credited = 0;
            boolean exists = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT sum_difficulty, credited_sats FROM pps_accrual"
                    + " WHERE node_id = ? AND operator_id = ? AND worker = ? AND network_bits = ? AND reward_sats = ?"
                    + " FOR UPDATE")) {
                ps.setInt(1, nodeId);
                ps.setString(2, k.operatorId());
                ps.setString(3, k.worker());
                ps.setInt(4, k.networkBits());
                ps.setLong(5, k.rewardSats());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        exists = true;
                        before = new BigDecimal(rs.getString(1));
                        credited = rs.getLong(2);
                    }
                }
            }
            BigDecimal sum = before.add(e.getValue());
            long owed = accrual.owedSats(k.networkBits(), k.rewardSats(), sum);
            if (owed < credited) {
                throw new IllegalStateException("PPS owed " + owed + " < credited " + credited + " for " + k);
            }
            String sql = exists
                    ? "UPDATE pps_accrual SET sum_difficulty = ?, credited_sats = ?, updated_millis = ? WHERE"
                            + " node_id = ? AND operator_id = ? AND worker = ? AND network_bits = ? AND reward_sats = ?"
                    : "INSERT INTO pps_accrual (sum_difficulty, credited_sats, updated_millis, node_id, operator_id,"
                            + " worker, network_bits, reward_sats) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, sum.toPlainString());
                ps.setLong(2, owed);
                ps.setLong(3, nowMillis);
                ps.setInt(4, nodeId);
                ps.setString(5, k.operatorId());
                ps.setString(6, k.worker());
                ps.setInt(7, k.networkBits());
                ps.setLong(8, k.rewardSats());
                ps.executeUpdate();
            }
            owedByWorker.computeIfAbsent(k.operatorId() + "\u0000" + k.worker(), w -> new long[1])[0] +=
                    owed - credited;
        }
        Map<String, double[]> weight = new HashMap<>();
        Map<String, long[]> time = new HashMap<>();
        for (ShareAggregate a : rows) {
            String w = a.operatorId() + "\u0000" + a.worker();
            weight.computeIfAbsent(w, x -> new double[1])[0] += a.sumDifficulty();
            long[] t = time.computeIfAbsent(w, x -> new long[] {Long.MIN_VALUE});
            t[0] = Math.max(t[0], a.lastMillis());
        }
        String source = "pps:" + nodeId + ":" + (afterSeq + 1) + "-" + throughSeq;
        List<Credit> credits = new ArrayList<>();
        for (var e : owedByWorker.entrySet()) {
            if (e.getValue()[0] == 0) {
                continue; // less than a satoshi so far: the sum carries it to the next batch
            }
            String[] ow = e.getKey().split("\u0000", 2);
            credits.add(new Credit(
                    source,
                    null,
                    ow[0],
                    ow[1],
                    accrual.scheme(),
                    weight.get(e.getKey())[0],
                    e.getValue()[0],
                    CreditStatus.FINAL,
                    time.get(e.getKey())[0]));
        }
        insertCredits(c, credits);
    }

    private static ShareAggregate aggregate(ResultSet rs) throws SQLException {
        return new ShareAggregate(
                rs.getInt(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getLong(7),
                rs.getDouble(8),
                rs.getDouble(9),
                rs.getLong(10),
                rs.getLong(11),
                rs.getInt(12),
                rs.getInt(13),
                rs.getInt(14));
    }

    @Override
    public List<ShareAggregate> sharesNewestFirst(long atOrBeforeMillis, ShareAggregate cursor, int limit)
            throws SQLException {
        return inTx(c -> sharesNewestFirst(c, atOrBeforeMillis, cursor, limit));
    }

    private static List<ShareAggregate> sharesNewestFirst(
            Connection c, long atOrBeforeMillis, ShareAggregate cursor, int limit) throws SQLException {
        String sql = "SELECT " + AGG_COLUMNS + " FROM share_agg WHERE last_millis <= ?"
                + (cursor == null
                        ? ""
                        : " AND (last_millis < ? OR (last_millis = ? AND (node_id < ? OR (node_id = ? AND"
                                + " first_seq < ?))))")
                + " ORDER BY last_millis DESC, node_id DESC, first_seq DESC LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, atOrBeforeMillis);
            if (cursor != null) {
                ps.setLong(i++, cursor.lastMillis());
                ps.setLong(i++, cursor.lastMillis());
                ps.setInt(i++, cursor.nodeId());
                ps.setInt(i++, cursor.nodeId());
                ps.setLong(i++, cursor.firstSeq());
            }
            ps.setInt(i, limit);
            return aggregates(ps);
        }
    }

    /** The window of a block read newest first inside a transaction, a page at a time. */
    private static final class TxWindow implements java.util.Iterator<ShareAggregate> {
        private static final int PAGE = 1000;
        private final Connection c;
        private final long atOrBefore;
        private List<ShareAggregate> page = List.of();
        private int index;
        private ShareAggregate cursor;
        private boolean exhausted;

        TxWindow(Connection c, long atOrBefore) {
            this.c = c;
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
                page = sharesNewestFirst(c, atOrBefore, cursor, PAGE);
            } catch (SQLException e) {
                throw new WindowReadFailure(e);
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

    /** An SQL failure while a {@link WindowCredits} reads the window; unwrapped by the transaction. */
    private static final class WindowReadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WindowReadFailure(SQLException cause) {
            super(cause);
        }
    }

    @Override
    public List<Credit> recomputeCredits(BlockRecord block, WindowCredits credits) throws SQLException {
        Objects.requireNonNull(credits, "credits");
        return inTx(c -> windowCredits(c, block, credits));
    }

    private static List<Credit> windowCredits(Connection c, BlockRecord b, WindowCredits credits) throws SQLException {
        try {
            return credits.creditsFor(b, new TxWindow(c, b.foundMillis()));
        } catch (WindowReadFailure e) {
            throw (SQLException) e.getCause();
        }
    }

    private static List<ShareAggregate> aggregates(PreparedStatement ps) throws SQLException {
        List<ShareAggregate> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(aggregate(rs));
            }
        }
        return out;
    }

    @Override
    public List<ShareAggregate> sharesBySequence(int nodeId, long afterSeq, long throughSeq) throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + AGG_COLUMNS
                    + " FROM share_agg WHERE node_id = ? AND first_seq > ? AND first_seq <= ? ORDER BY first_seq")) {
                ps.setInt(1, nodeId);
                ps.setLong(2, afterSeq);
                ps.setLong(3, throughSeq);
                return aggregates(ps);
            }
        });
    }

    @Override
    public List<WorkerTotals> workerTotals(String operatorId, long fromMillis, long toMillis) throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT worker, SUM(share_count), SUM(sum_difficulty), MIN(first_millis), MAX(last_millis)"
                            + " FROM share_agg WHERE operator_id = ? AND first_millis >= ? AND first_millis < ?"
                            + " GROUP BY worker ORDER BY worker")) {
                ps.setString(1, operatorId);
                ps.setLong(2, fromMillis);
                ps.setLong(3, toMillis);
                List<WorkerTotals> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new WorkerTotals(
                                rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long shareCount(int nodeId) throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT COALESCE(SUM(share_count), 0) FROM share_agg WHERE node_id = ?")) {
                ps.setInt(1, nodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    // ---- whole-table reads for the audit

    /** Rows per page of the audit's whole-table reads. */
    private static final int AUDIT_PAGE = 10_000;

    @Override
    public Map<Integer, Long> appliedSequences() throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT node_id, applied_seq FROM journal_progress ORDER BY node_id");
                    ResultSet rs = ps.executeQuery()) {
                Map<Integer, Long> out = new java.util.TreeMap<>();
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getLong(2));
                }
                return out;
            }
        });
    }

    @Override
    public void forEachShareAggregate(Predicate<ShareAggregate> sink) throws SQLException {
        ShareAggregate after = null;
        while (true) {
            ShareAggregate cursor = after;
            List<ShareAggregate> page = inTx(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + AGG_COLUMNS + " FROM share_agg"
                        + (cursor == null ? "" : " WHERE node_id > ? OR (node_id = ? AND first_seq > ?)")
                        + " ORDER BY node_id, first_seq LIMIT ?")) {
                    int i = 1;
                    if (cursor != null) {
                        ps.setInt(i++, cursor.nodeId());
                        ps.setInt(i++, cursor.nodeId());
                        ps.setLong(i++, cursor.firstSeq());
                    }
                    ps.setInt(i, AUDIT_PAGE);
                    return aggregates(ps);
                }
            });
            for (ShareAggregate a : page) {
                if (!sink.test(a)) {
                    return;
                }
            }
            if (page.size() < AUDIT_PAGE) {
                return;
            }
            after = page.getLast();
        }
    }

    @Override
    public List<BlockRecord> allBlocks() throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + BLOCK_COLUMNS + " FROM found_block ORDER BY height, hash")) {
                return blocks(ps);
            }
        });
    }

    @Override
    public void forEachCredit(Predicate<Credit> sink) throws SQLException {
        Credit after = null;
        while (true) {
            Credit cursor = after;
            List<Credit> page = inTx(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + CREDIT_COLUMNS + " FROM credit"
                        + (cursor == null
                                ? ""
                                : " WHERE source > ? OR (source = ? AND (operator_id > ? OR (operator_id = ? AND"
                                        + " worker > ?)))")
                        + " ORDER BY source, operator_id, worker LIMIT ?")) {
                    int i = 1;
                    if (cursor != null) {
                        ps.setString(i++, cursor.source());
                        ps.setString(i++, cursor.source());
                        ps.setString(i++, cursor.operatorId());
                        ps.setString(i++, cursor.operatorId());
                        ps.setString(i++, cursor.worker());
                    }
                    ps.setInt(i, AUDIT_PAGE);
                    return credits(ps);
                }
            });
            for (Credit cr : page) {
                if (!sink.test(cr)) {
                    return;
                }
            }
            if (page.size() < AUDIT_PAGE) {
                return;
            }
            after = page.getLast();
        }
    }

    // ---- blocks

    @Override
    public boolean recordBlock(BlockRecord b, TreasuryReceipt.Draft receipt) throws SQLException {
        return inTx(c -> {
            if (findBlock(c, b.hash(), false).isPresent()) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO found_block (" + BLOCK_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, b.hash());
                ps.setInt(2, b.height());
                ps.setString(3, b.finderOperator());
                ps.setString(4, b.finderWorker());
                ps.setLong(5, b.foundMillis());
                ps.setLong(6, b.rewardSats());
                ps.setDouble(7, b.networkDifficulty());
                ps.setInt(8, b.nodeId());
                ps.setLong(9, b.creditAfterSeq());
                ps.setString(10, toJson(b.submitResults()));
                ps.setString(11, b.status().name());
                ps.setInt(12, b.confirmations());
                ps.setBoolean(13, b.credited());
                ps.setLong(14, b.updatedMillis());
                ps.setString(15, b.payoutScheme());
                if (b.hasTreasuryIndex()) {
                    ps.setLong(16, b.treasuryIndex());
                } else {
                    ps.setNull(16, java.sql.Types.BIGINT);
                }
                ps.executeUpdate();
            }
            appendReceipt(c, receipt);
            return true;
        });
    }

    private static String toJson(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    private static Map<String, String> fromJson(String json) throws SQLException {
        try {
            return JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new SQLException("found_block.submit_results is not a JSON object of strings: " + json, e);
        }
    }

    private static BlockRecord block(ResultSet rs) throws SQLException {
        return new BlockRecord(
                rs.getString(1),
                rs.getInt(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getDouble(7),
                rs.getInt(8),
                rs.getLong(9),
                fromJson(rs.getString(10)),
                BlockStatus.valueOf(rs.getString(11)),
                rs.getInt(12),
                rs.getBoolean(13),
                rs.getLong(14),
                rs.getString(15),
                treasuryIndex(rs.getLong(16), rs.wasNull()));
    }

    private static long treasuryIndex(long value, boolean isNull) {
        return isNull ? BlockRecord.NO_TREASURY_INDEX : value;
    }

    private static Optional<BlockRecord> findBlock(Connection c, String hash, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + BLOCK_COLUMNS + " FROM found_block WHERE hash = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(block(rs)) : Optional.empty();
            }
        }
    }

    private static List<BlockRecord> blocks(PreparedStatement ps) throws SQLException {
        List<BlockRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(block(rs));
            }
        }
        return out;
    }

    @Override
    public Optional<BlockRecord> block(String hash) throws SQLException {
        return inTx(c -> findBlock(c, hash, false));
    }

    @Override
    public void updateSubmitResults(String hash, Map<String, String> submitResults, long nowMillis)
            throws SQLException {
        inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE found_block SET submit_results = ?, updated_millis = ? WHERE hash = ?")) {
                ps.setString(1, toJson(submitResults));
                ps.setLong(2, nowMillis);
                ps.setString(3, hash);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<BlockRecord> openBlocks() throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + BLOCK_COLUMNS
                    + " FROM found_block WHERE status <> 'MATURE' OR recredit_due = TRUE OR (credited = FALSE AND"
                    + " payout_scheme = '"
                    + BlockRecord.PPLNS + "') ORDER BY height, hash")) {
                return blocks(ps);
            }
        });
    }

    @Override
    public List<BlockRecord> blocksFoundBy(String operatorId, long fromMillis, long toMillis) throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + BLOCK_COLUMNS + " FROM found_block"
                            + " WHERE finder_operator = ? AND found_millis >= ? AND found_millis < ? ORDER BY found_millis, hash")) {
                ps.setString(1, operatorId);
                ps.setLong(2, fromMillis);
                ps.setLong(3, toMillis);
                return blocks(ps);
            }
        });
    }

    @Override
    public boolean creditBlock(String hash, List<Credit> credits, long nowMillis) throws SQLException {
        return inTx(c -> {
            BlockRecord b = findBlock(c, hash, true)
                    .orElseThrow(() -> new IllegalArgumentException("no block " + hash + " to credit"));
            if (b.credited()) {
                return false;
            }
            if (!BlockRecord.PPLNS.equals(b.payoutScheme())) {
                throw new IllegalArgumentException("block " + hash + " is under " + b.payoutScheme()
                        + ": its shares were credited as they came, the block credits nothing");
            }
            insertCredits(c, stamp(hash, credits, CreditStatus.forBlock(b.status())));
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE found_block SET credited = TRUE, updated_millis = ? WHERE hash = ?")) {
                ps.setLong(1, nowMillis);
                ps.setString(2, hash);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Locks every node's progress row (node id order): no batch commits while a block's window is read. */
    private static Map<Integer, long[]> lockProgress(Connection c) throws SQLException {
        Map<Integer, long[]> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT node_id, applied_seq, watermark_millis FROM"
                        + " journal_progress ORDER BY node_id FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getInt(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        return out;
    }

    private static List<NodeLease> leases(Connection c) throws SQLException {
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT " + LEASE_COLUMNS + " FROM node_lease ORDER BY node_id");
                ResultSet rs = ps.executeQuery()) {
            List<NodeLease> out = new ArrayList<>();
            while (rs.next()) {
                out.add(lease(rs));
            }
            return out;
        }
    }

    private static boolean eventRecorded(Connection c, int nodeId, String instanceId, String kind) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM node_event WHERE node_id = ? AND instance_id = ? AND kind = ?")) {
            ps.setInt(1, nodeId);
            ps.setString(2, instanceId);
            ps.setString(3, kind);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<Credit> stamp(String hash, List<Credit> credits, CreditStatus status) {
        List<Credit> stamped = new ArrayList<>(credits.size());
        for (Credit cr : credits) {
            if (!hash.equals(cr.blockHash())) {
                throw new IllegalArgumentException("credit " + cr + " is not for block " + hash);
            }
            stamped.add(new Credit(
                    cr.source(),
                    cr.blockHash(),
                    cr.operatorId(),
                    cr.worker(),
                    cr.scheme(),
                    cr.weight(),
                    cr.amountSats(),
                    status,
                    cr.timeMillis()));
        }
        return stamped;
    }

    @Override
    public CreditOutcome creditBlockWhenReady(String hash, WindowCredits credits, long nowMillis) throws SQLException {
        return inTx(c -> {
            Map<Integer, long[]> progress = lockProgress(c);
            Optional<BlockRecord> found = findBlock(c, hash, true);
            if (found.isEmpty()
                    || found.get().credited()
                    || !BlockRecord.PPLNS.equals(found.get().payoutScheme())) {
                return new CreditOutcome(CreditOutcome.Kind.NOT_NEEDED, "nothing to credit");
            }
            BlockRecord b = found.get();
            long finderApplied = progress.getOrDefault(b.nodeId(), new long[2])[0];
            if (finderApplied < b.creditAfterSeq()) {
                return new CreditOutcome(
                        CreditOutcome.Kind.WAITING,
                        "node " + b.nodeId() + " (the finder) has applied its journal through " + finderApplied
                                + ", the block waits for " + b.creditAfterSeq());
            }
            List<String> basis = new ArrayList<>();
            List<NodeLease> down = new ArrayList<>();
            for (NodeLease l : leases(c)) {
                long watermark = progress.getOrDefault(l.nodeId(), new long[2])[1];
                if (watermark >= b.foundMillis()) {
                    basis.add("node " + l.nodeId() + " applied past the block");
                } else if (l.released()) {
                    basis.add("node " + l.nodeId() + " stopped cleanly with everything applied");
                } else if (!l.liveAt(nowMillis)) {
                    basis.add("node " + l.nodeId() + " declared down (lease of instance " + l.instanceId() + " on "
                            + l.host() + " ran out at " + l.expiresMillis() + "; applied through " + watermark + ")");
                    down.add(l);
                } else {
                    return new CreditOutcome(
                            CreditOutcome.Kind.WAITING,
                            "node " + l.nodeId() + " (instance " + l.instanceId() + ", lease until "
                                    + l.expiresMillis() + ") has applied its shares only through " + watermark
                                    + ", the block is at " + b.foundMillis());
                }
            }
            for (NodeLease l : down) {
                if (!eventRecorded(c, l.nodeId(), l.instanceId(), NodeEvent.DECLARED_DOWN)) {
                    insertEvent(
                            c,
                            new NodeEvent(
                                    l.nodeId(),
                                    l.instanceId(),
                                    NodeEvent.DECLARED_DOWN,
                                    nowMillis,
                                    "lease ran out at " + l.expiresMillis() + " (last heartbeat "
                                            + l.heartbeatMillis() + "); block " + hash + " credited without its"
                                            + " unapplied shares, recredited when they come"));
                }
            }
            insertCredits(c, stamp(hash, windowCredits(c, b, credits), CreditStatus.forBlock(b.status())));
            String text = String.join("; ", basis);
            try (PreparedStatement ps = c.prepareStatement("UPDATE found_block SET credited = TRUE, updated_millis = ?,"
                    + " credit_basis = ?, credit_revision = 1 WHERE hash = ?")) {
                ps.setLong(1, nowMillis);
                ps.setString(2, text.length() > 2000 ? text.substring(0, 2000) : text);
                ps.setString(3, hash);
                ps.executeUpdate();
            }
            return new CreditOutcome(CreditOutcome.Kind.CREDITED, text.isEmpty() ? "no node leases" : text);
        });
    }

    @Override
    public CreditOutcome recreditBlock(String hash, WindowCredits credits, long nowMillis) throws SQLException {
        return inTx(c -> {
            lockProgress(c);
            Optional<BlockRecord> found = findBlock(c, hash, true);
            boolean due;
            int revision;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT recredit_due, credit_revision FROM found_block WHERE hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    due = rs.next() && rs.getBoolean(1);
                    revision = due ? rs.getInt(2) : 0;
                }
            }
            if (found.isEmpty() || !due) {
                return new CreditOutcome(CreditOutcome.Kind.NOT_NEEDED, "no recomputation due");
            }
            BlockRecord b = found.get();
            List<Credit> current;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + CREDIT_COLUMNS + " FROM credit WHERE block_hash = ? ORDER BY operator_id, worker")) {
                ps.setString(1, hash);
                current = credits(ps);
            }
            List<Credit> next = stamp(hash, windowCredits(c, b, credits), CreditStatus.forBlock(b.status()));
            boolean same = amounts(current).equals(amounts(next));
            if (!same) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO credit_history (" + CREDIT_COLUMNS
                        + ", revision, superseded_millis) SELECT " + CREDIT_COLUMNS + ", ?, ? FROM credit WHERE"
                        + " block_hash = ?")) {
                    ps.setInt(1, Math.max(revision, 1));
                    ps.setLong(2, nowMillis);
                    ps.setString(3, hash);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM credit WHERE block_hash = ?")) {
                    ps.setString(1, hash);
                    ps.executeUpdate();
                }
                insertCredits(c, next);
                appendReceipt(c, new TreasuryReceipt.Draft(b.height(), hash, b.rewardSats(), nowMillis, "RECREDITED"));
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE found_block SET recredit_due = FALSE,"
                    + " credit_revision = ?, updated_millis = ? WHERE hash = ?")) {
                ps.setInt(1, same ? revision : Math.max(revision, 1) + 1);
                ps.setLong(2, nowMillis);
                ps.setString(3, hash);
                ps.executeUpdate();
            }
            return same
                    ? new CreditOutcome(CreditOutcome.Kind.NOT_NEEDED, "recomputed: unchanged")
                    : new CreditOutcome(
                            CreditOutcome.Kind.CREDITED, "recomputed: " + amounts(current) + " -> " + amounts(next));
        });
    }

    /** Each worker's amount and weight: what a recomputation compares. */
    private static Map<String, String> amounts(List<Credit> credits) {
        Map<String, String> out = new TreeMap<>();
        for (Credit cr : credits) {
            out.put(cr.operatorId() + "." + cr.worker(), cr.amountSats() + " sats (weight " + cr.weight() + ")");
        }
        return out;
    }

    @Override
    public List<String> blocksDueForRecredit() throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT hash FROM found_block WHERE recredit_due = TRUE ORDER BY found_millis, hash");
                    ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        });
    }

    @Override
    public List<Credit> creditHistory(String hash) throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + CREDIT_COLUMNS + " FROM credit_history"
                    + " WHERE block_hash = ? ORDER BY revision, operator_id, worker")) {
                ps.setString(1, hash);
                return credits(ps);
            }
        });
    }

    @Override
    public Optional<String> creditBasis(String hash) throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT credit_basis FROM found_block WHERE hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private static void insertCredits(Connection c, List<Credit> credits) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO credit (" + CREDIT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Credit cr : credits) {
                ps.setString(1, cr.source());
                ps.setString(2, cr.blockHash());
                ps.setString(3, cr.operatorId());
                ps.setString(4, cr.worker());
                ps.setString(5, cr.scheme());
                ps.setDouble(6, cr.weight());
                ps.setLong(7, cr.amountSats());
                ps.setString(8, cr.status().name());
                ps.setLong(9, cr.timeMillis());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public void updateConfirmations(String hash, int confirmations, long nowMillis) throws SQLException {
        inTx(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE found_block SET confirmations = ?, updated_millis = ?"
                            + " WHERE hash = ? AND status = 'PENDING'")) {
                ps.setInt(1, confirmations);
                ps.setLong(2, nowMillis);
                ps.setString(3, hash);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean transitionBlock(String hash, BlockStatus to, int confirmations, long nowMillis) throws SQLException {
        Objects.requireNonNull(to, "to");
        return inTx(c -> {
            Optional<BlockRecord> found = findBlock(c, hash, true);
            if (found.isEmpty() || found.get().status() == to || found.get().status() == BlockStatus.MATURE) {
                return false;
            }
            BlockRecord b = found.get();
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE found_block SET status = ?, confirmations = ?, updated_millis = ? WHERE hash = ?")) {
                ps.setString(1, to.name());
                ps.setInt(2, confirmations);
                ps.setLong(3, nowMillis);
                ps.setString(4, hash);
                ps.executeUpdate();
            }
            // a block's credits always have the status its own status gives them
            try (PreparedStatement ps = c.prepareStatement("UPDATE credit SET status = ? WHERE block_hash = ?")) {
                ps.setString(1, CreditStatus.forBlock(to).name());
                ps.setString(2, hash);
                ps.executeUpdate();
            }
            appendReceipt(c, new TreasuryReceipt.Draft(b.height(), hash, b.rewardSats(), nowMillis, to.name()));
            return true;
        });
    }

    // ---- credits

    private static List<Credit> credits(PreparedStatement ps) throws SQLException {
        List<Credit> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Credit(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getDouble(6),
                        rs.getLong(7),
                        CreditStatus.valueOf(rs.getString(8)),
                        rs.getLong(9)));
            }
        }
        return out;
    }

    @Override
    public List<Credit> creditsOfBlock(String hash) throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + CREDIT_COLUMNS + " FROM credit WHERE block_hash = ? ORDER BY operator_id, worker")) {
                ps.setString(1, hash);
                return credits(ps);
            }
        });
    }

    @Override
    public List<Credit> creditsOf(String operatorId, long fromMillis, long toMillis) throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + CREDIT_COLUMNS + " FROM credit"
                    + " WHERE operator_id = ? AND time_millis >= ? AND time_millis < ?"
                    + " ORDER BY time_millis, source, worker")) {
                ps.setString(1, operatorId);
                ps.setLong(2, fromMillis);
                ps.setLong(3, toMillis);
                return credits(ps);
            }
        });
    }

    // ---- node identity leases

    private static final String LEASE_COLUMNS =
            "node_id, instance_id, host, started_millis, heartbeat_millis, expires_millis, released";

    private static NodeLease lease(ResultSet rs) throws SQLException {
        return new NodeLease(
                rs.getInt(1),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getBoolean(7));
    }

    private static Optional<NodeLease> findLease(Connection c, int nodeId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + LEASE_COLUMNS + " FROM node_lease WHERE node_id = ? FOR UPDATE")) {
            ps.setInt(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(lease(rs)) : Optional.empty();
            }
        }
    }

    private static void insertEvent(Connection c, NodeEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO node_event (node_id, instance_id, kind, time_millis, detail) VALUES (?, ?, ?, ?, ?)")) {
            ps.setInt(1, e.nodeId());
            ps.setString(2, e.instanceId());
            ps.setString(3, e.kind());
            ps.setLong(4, e.timeMillis());
            ps.setString(5, e.detail().length() > 2000 ? e.detail().substring(0, 2000) : e.detail());
            ps.executeUpdate();
        }
    }

    /** SQLSTATE 23505: a unique or primary key was violated (two instances inserted the same new row at once). */
    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    @Override
    public LeaseClaim claimLease(int nodeId, String instanceId, String host, long nowMillis, long leaseMillis)
            throws SQLException {
        return claimLease(nodeId, instanceId, host, nowMillis, leaseMillis, null);
    }

    @Override
    public LeaseClaim claimLease(
            int nodeId, String instanceId, String host, long nowMillis, long leaseMillis, String deadInstanceId)
            throws SQLException {
        try {
            return inTx(c -> claim(c, nodeId, instanceId, host, nowMillis, leaseMillis, deadInstanceId));
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            // another instance inserted the first lease of this node id at the same moment: it holds it now
            return inTx(c -> claim(c, nodeId, instanceId, host, nowMillis, leaseMillis, deadInstanceId));
        }
    }

    private static LeaseClaim claim(
            Connection c,
            int nodeId,
            String instanceId,
            String host,
            long nowMillis,
            long leaseMillis,
            String deadInstanceId)
            throws SQLException {
        Optional<NodeLease> current = findLease(c, nodeId);
        if (current.isPresent()
                && !current.get().instanceId().equals(instanceId)
                && !current.get().instanceId().equals(deadInstanceId)
                && current.get().liveAt(nowMillis)) {
            NodeLease holder = current.get();
            insertEvent(
                    c,
                    new NodeEvent(
                            nodeId,
                            instanceId,
                            NodeEvent.DUPLICATE_REFUSED,
                            nowMillis,
                            "instance on " + host + " refused: instance " + holder.instanceId() + " on "
                                    + holder.host() + " holds node id " + nodeId + " (last heartbeat "
                                    + holder.heartbeatMillis() + ")"));
            return new LeaseClaim.Refused(holder);
        }
        NodeLease granted =
                new NodeLease(nodeId, instanceId, host, nowMillis, nowMillis, nowMillis + leaseMillis, false);
        String sql = current.isPresent()
                ? "UPDATE node_lease SET instance_id = ?, host = ?, started_millis = ?, heartbeat_millis = ?,"
                        + " expires_millis = ?, released = ? WHERE node_id = ?"
                : "INSERT INTO node_lease (instance_id, host, started_millis, heartbeat_millis, expires_millis,"
                        + " released, node_id) VALUES (?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, instanceId);
            ps.setString(2, host);
            ps.setLong(3, nowMillis);
            ps.setLong(4, nowMillis);
            ps.setLong(5, nowMillis + leaseMillis);
            ps.setBoolean(6, false);
            ps.setInt(7, nodeId);
            ps.executeUpdate();
        }
        String detail = "on " + host
                + current.map(p -> p.instanceId().equals(instanceId)
                                ? " (again)"
                                : ", after instance " + p.instanceId() + " on " + p.host()
                                        + (p.released()
                                                ? " released it"
                                                : p.instanceId().equals(deadInstanceId)
                                                        ? " died (its process is gone)"
                                                        : " let its lease run out at " + p.expiresMillis()))
                        .orElse(", the first instance of this node id");
        insertEvent(c, new NodeEvent(nodeId, instanceId, NodeEvent.STARTED, nowMillis, detail));
        return new LeaseClaim.Granted(granted, current);
    }

    @Override
    public boolean renewLease(int nodeId, String instanceId, long nowMillis, long leaseMillis) throws SQLException {
        return inTx(c -> {
            Optional<NodeLease> current = findLease(c, nodeId);
            if (current.isEmpty() || !current.get().instanceId().equals(instanceId)) {
                insertEvent(
                        c,
                        new NodeEvent(
                                nodeId,
                                instanceId,
                                NodeEvent.LEASE_LOST,
                                nowMillis,
                                current.map(h -> "instance " + h.instanceId() + " on " + h.host() + " holds node id "
                                                + nodeId + " now")
                                        .orElse("no lease is recorded for node id " + nodeId)));
                return false;
            }
            NodeLease mine = current.get();
            try (PreparedStatement ps = c.prepareStatement("UPDATE node_lease SET heartbeat_millis = ?,"
                    + " expires_millis = ?, released = ? WHERE node_id = ? AND instance_id = ?")) {
                ps.setLong(1, nowMillis);
                ps.setLong(2, nowMillis + leaseMillis);
                ps.setBoolean(3, false);
                ps.setInt(4, nodeId);
                ps.setString(5, instanceId);
                ps.executeUpdate();
            }
            if (!mine.liveAt(nowMillis)) {
                insertEvent(
                        c,
                        new NodeEvent(
                                nodeId,
                                instanceId,
                                NodeEvent.RETURNED,
                                nowMillis,
                                "lease had run out at " + mine.expiresMillis() + " (last heartbeat "
                                        + mine.heartbeatMillis() + "); nobody took the node id"));
            }
            return true;
        });
    }

    @Override
    public void releaseLease(int nodeId, String instanceId, long nowMillis) throws SQLException {
        inTx(c -> {
            Optional<NodeLease> current = findLease(c, nodeId);
            if (current.isPresent() && current.get().instanceId().equals(instanceId)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE node_lease SET heartbeat_millis = ?,"
                        + " expires_millis = ?, released = ? WHERE node_id = ? AND instance_id = ?")) {
                    ps.setLong(1, nowMillis);
                    ps.setLong(2, nowMillis);
                    ps.setBoolean(3, true);
                    ps.setInt(4, nodeId);
                    ps.setString(5, instanceId);
                    ps.executeUpdate();
                }
                insertEvent(c, new NodeEvent(nodeId, instanceId, NodeEvent.RELEASED, nowMillis, "clean stop"));
            }
            return null;
        });
    }

    @Override
    public List<NodeLease> leases() throws SQLException {
        return inTx(JdbcLedgerStore::leases);
    }

    @Override
    public void recordNodeEvent(NodeEvent event) throws SQLException {
        inTx(c -> {
            insertEvent(c, event);
            return null;
        });
    }

    @Override
    public List<NodeEvent> nodeEvents(int nodeId, long fromMillis) throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT node_id, instance_id, kind, time_millis, detail"
                    + " FROM node_event WHERE node_id = ? AND time_millis >= ? ORDER BY id")) {
                ps.setInt(1, nodeId);
                ps.setLong(2, fromMillis);
                List<NodeEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new NodeEvent(
                                rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)));
                    }
                }
                return out;
            }
        });
    }

    // ---- treasury receipts

    private static void appendReceipt(Connection c, TreasuryReceipt.Draft draft) throws SQLException {
        long lastId;
        String lastHash;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT last_id, last_hash FROM receipt_head WHERE id = 1 FOR UPDATE")) {
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("receipt_head row is missing: the receipt chain cannot be extended");
                }
                lastId = rs.getLong(1);
                lastHash = rs.getString(2);
            }
        }
        TreasuryReceipt r = draft.chain(lastId + 1, lastHash);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO treasury_receipt (id, height, block_hash,"
                + " amount_sats, time_millis, status, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, r.id());
            ps.setInt(2, r.height());
            ps.setString(3, r.blockHash());
            ps.setLong(4, r.amountSats());
            ps.setLong(5, r.timeMillis());
            ps.setString(6, r.status());
            ps.setString(7, r.prevHash());
            ps.setString(8, r.entryHash());
            ps.executeUpdate();
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE receipt_head SET last_id = ?, last_hash = ? WHERE id = 1")) {
            ps.setLong(1, r.id());
            ps.setString(2, r.entryHash());
            ps.executeUpdate();
        }
    }

    @Override
    public void forEachReceipt(Predicate<TreasuryReceipt> sink) throws SQLException {
        long after = 0;
        while (true) {
            long from = after;
            List<TreasuryReceipt> page = inTx(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT id, height, block_hash, amount_sats,"
                        + " time_millis, status, prev_hash, entry_hash FROM treasury_receipt WHERE id > ?"
                        + " ORDER BY id LIMIT 1000")) {
                    ps.setLong(1, from);
                    List<TreasuryReceipt> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new TreasuryReceipt(
                                    rs.getLong(1),
                                    rs.getInt(2),
                                    rs.getString(3),
                                    rs.getLong(4),
                                    rs.getLong(5),
                                    rs.getString(6),
                                    rs.getString(7),
                                    rs.getString(8)));
                        }
                    }
                    return out;
                }
            });
            for (TreasuryReceipt r : page) {
                if (!sink.test(r)) {
                    return;
                }
                after = r.id();
            }
            if (page.size() < 1000) {
                return;
            }
        }
    }

    @Override
    public ReceiptHead receiptHead() throws SQLException {
        return inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_id, last_hash FROM receipt_head WHERE id = 1");
                    ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new ReceiptHead(-1, "(missing)");
                }
                return new ReceiptHead(rs.getLong(1), rs.getString(2));
            }
        });
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the ledger's connection pool failed", e);
            }
        }
    }
}
