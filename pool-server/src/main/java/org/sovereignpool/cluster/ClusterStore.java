package org.sovereignpool.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The cluster's tables beside the ledger's (V40): {@code node_status}, {@code node_operator_status}, {@code
 * cluster_command}, {@code admin_audit}; plus the few ledger reads the console needs. Plain JDBC, the same SQL on H2
 * (MODE=PostgreSQL) and PostgreSQL. Thread-safe (a connection per call).
 */
public final class ClusterStore {
    /** Runs the migrations before the first use (the ledger store's {@code ensureMigrated}). */
    @FunctionalInterface
    public interface Migrator {
        void ensureMigrated() throws SQLException;
    }

    private static final String STATUS_COLUMNS = "instance_id, host, version, stratum_addresses, http_address,"
            + " connections, authorized_workers, active_workers, hashrate_1m, hashrate_10m, shares_accepted,"
            + " shares_rejected, job_height, job_prevhash, prevhash_since_millis, bitcoind_healthy, bitcoind_detail,"
            + " journal_written_seq, journal_lag, draining, started_millis, updated_millis";

    private final DataSource dataSource;
    private final Migrator migrator;

    public ClusterStore(DataSource dataSource, Migrator migrator) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.migrator = Objects.requireNonNull(migrator, "migrator");
    }

    private Connection connection() throws SQLException {
        migrator.ensureMigrated();
        return dataSource.getConnection();
    }

    // ---- node status

    /** Replaces the node's row and its operator rows, in one transaction (one writer per node id: its lease holder). */
    public void writeStatus(NodeStatus s) throws SQLException {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE node_status SET " + STATUS_COLUMNS.replace(",", " = ?,") + " = ? WHERE node_id = ?")) {
                    int i = bindStatus(ps, s);
                    ps.setInt(i, s.nodeId());
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO node_status (" + STATUS_COLUMNS
                            + ", node_id) VALUES (" + "?, ".repeat(22) + "?)")) {
                        int i = bindStatus(ps, s);
                        ps.setInt(i, s.nodeId());
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM node_operator_status WHERE node_id = ?")) {
                    ps.setInt(1, s.nodeId());
                    ps.executeUpdate();
                }
                if (!s.operators().isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO node_operator_status (node_id,"
                            + " operator_id, hashrate_1m, hashrate_10m, active_workers, draw_mw, updated_millis)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        for (NodeStatus.OperatorFigures o : s.operators()) {
                            ps.setInt(1, s.nodeId());
                            ps.setString(2, o.operatorId());
                            ps.setDouble(3, o.hashrate1m());
                            ps.setDouble(4, o.hashrate10m());
                            ps.setInt(5, o.activeWorkers());
                            ps.setDouble(6, o.drawMw());
                            ps.setLong(7, s.updatedMillis());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static int bindStatus(PreparedStatement ps, NodeStatus s) throws SQLException {
        int i = 1;
        ps.setString(i++, s.instanceId());
        ps.setString(i++, clip(s.host(), 200));
        ps.setString(i++, clip(s.version(), 64));
        ps.setString(i++, clip(String.join(",", s.stratumAddresses()), 2000));
        ps.setString(i++, clip(s.httpAddress(), 200));
        ps.setInt(i++, s.connections());
        ps.setInt(i++, s.authorizedWorkers());
        ps.setInt(i++, s.activeWorkers());
        ps.setDouble(i++, s.hashrate1m());
        ps.setDouble(i++, s.hashrate10m());
        ps.setLong(i++, s.sharesAccepted());
        ps.setLong(i++, s.sharesRejected());
        if (s.jobHeight() == null) {
            ps.setNull(i++, Types.INTEGER);
        } else {
            ps.setInt(i++, s.jobHeight());
        }
        ps.setString(i++, s.jobPrevhash());
        if (s.prevhashSinceMillis() == null) {
            ps.setNull(i++, Types.BIGINT);
        } else {
            ps.setLong(i++, s.prevhashSinceMillis());
        }
        ps.setBoolean(i++, s.bitcoindHealthy());
        ps.setString(i++, clip(s.bitcoindDetail(), 500));
        ps.setLong(i++, s.journalWrittenSeq());
        ps.setLong(i++, s.journalLag());
        ps.setBoolean(i++, s.draining());
        ps.setLong(i++, s.startedMillis());
        ps.setLong(i++, s.updatedMillis());
        return i;
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** Every node's last written status, by node id (rows of dead nodes included). */
    public List<NodeStatus> statuses() throws SQLException {
        try (Connection c = connection()) {
            Map<Integer, List<NodeStatus.OperatorFigures>> ops = new HashMap<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT node_id, operator_id, hashrate_1m, hashrate_10m,"
                            + " active_workers, draw_mw FROM node_operator_status ORDER BY node_id, operator_id")) {
                while (rs.next()) {
                    ops.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
                            .add(new NodeStatus.OperatorFigures(
                                    rs.getString(2), rs.getDouble(3), rs.getDouble(4), rs.getInt(5), rs.getDouble(6)));
                }
            }
            List<NodeStatus> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT node_id, " + STATUS_COLUMNS + " FROM node_status ORDER BY node_id")) {
                while (rs.next()) {
                    int node = rs.getInt("node_id");
                    String addresses = rs.getString("stratum_addresses");
                    int height = rs.getInt("job_height");
                    Integer jobHeight = rs.wasNull() ? null : height;
                    long since = rs.getLong("prevhash_since_millis");
                    Long prevhashSince = rs.wasNull() ? null : since;
                    out.add(new NodeStatus(
                            node,
                            rs.getString("instance_id"),
                            rs.getString("host"),
                            rs.getString("version"),
                            addresses.isEmpty() ? List.of() : Arrays.asList(addresses.split(",")),
                            rs.getString("http_address"),
                            rs.getInt("connections"),
                            rs.getInt("authorized_workers"),
                            rs.getInt("active_workers"),
                            rs.getDouble("hashrate_1m"),
                            rs.getDouble("hashrate_10m"),
                            rs.getLong("shares_accepted"),
                            rs.getLong("shares_rejected"),
                            jobHeight,
                            rs.getString("job_prevhash"),
                            prevhashSince,
                            rs.getBoolean("bitcoind_healthy"),
                            rs.getString("bitcoind_detail"),
                            rs.getLong("journal_written_seq"),
                            rs.getLong("journal_lag"),
                            rs.getBoolean("draining"),
                            rs.getLong("started_millis"),
                            rs.getLong("updated_millis"),
                            ops.getOrDefault(node, List.of())));
                }
            }
            return out;
        }
    }

    /** A node's lease as the console judges liveness by it. */
    public record Lease(int nodeId, long heartbeatMillis, long expiresMillis, boolean released) {}

    public Map<Integer, Lease> leases() throws SQLException {
        Map<Integer, Lease> out = new HashMap<>();
        try (Connection c = connection();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT node_id, heartbeat_millis, expires_millis, released FROM node_lease")) {
            while (rs.next()) {
                out.put(rs.getInt(1), new Lease(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4)));
            }
        }
        return out;
    }

    // ---- commands

    /** Records a command for {@code nodeId}; returns its id. */
    public long addCommand(int nodeId, ClusterCommand.Kind kind, String argument, long nowMillis, String by)
            throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO cluster_command (node_id, kind, argument, created_millis, created_by)"
                                + " VALUES (?, ?, ?, ?, ?)",
                        new String[] {"id"})) {
            ps.setInt(1, nodeId);
            ps.setString(2, kind.name());
            ps.setString(3, clip(argument, 2000));
            ps.setLong(4, nowMillis);
            ps.setString(5, clip(by, 300));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The node's commands not yet done, oldest first. */
    public List<ClusterCommand> openCommands(int nodeId) throws SQLException {
        return commands("SELECT * FROM cluster_command WHERE node_id = ? AND done_millis IS NULL ORDER BY id", nodeId);
    }

    /** The newest {@code limit} commands, newest first. */
    public List<ClusterCommand> recentCommands(int limit) throws SQLException {
        return commands("SELECT * FROM cluster_command ORDER BY id DESC LIMIT ?", limit);
    }

    public java.util.Optional<ClusterCommand> command(long id) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM cluster_command WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(command(rs)) : java.util.Optional.empty();
            }
        }
    }

    private List<ClusterCommand> commands(String sql, int param) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, param);
            List<ClusterCommand> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(command(rs));
                }
            }
            return out;
        }
    }

    private static ClusterCommand command(ResultSet rs) throws SQLException {
        long done = rs.getLong("done_millis");
        Long doneMillis = rs.wasNull() ? null : done;
        return new ClusterCommand(
                rs.getLong("id"),
                rs.getInt("node_id"),
                ClusterCommand.Kind.valueOf(rs.getString("kind")),
                rs.getString("argument"),
                rs.getLong("created_millis"),
                rs.getString("created_by"),
                doneMillis,
                rs.getString("result"));
    }

    /** Marks an open command done with what happened; false when it was done already. */
    public boolean markDone(long id, String result, long nowMillis) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("UPDATE cluster_command SET done_millis = ?, result = ?"
                        + " WHERE id = ? AND done_millis IS NULL")) {
            ps.setLong(1, nowMillis);
            ps.setString(2, clip(result, 2000));
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    // ---- audit

    public void audit(long nowMillis, String actor, String action, String target, String detail) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO admin_audit (time_millis, actor, action, target,"
                        + " detail) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, nowMillis);
            ps.setString(2, clip(actor, 300));
            ps.setString(3, clip(action, 64));
            ps.setString(4, clip(target, 300));
            ps.setString(5, clip(detail, 2000));
            ps.executeUpdate();
        }
    }

    /** The newest {@code limit} audit entries, newest first. */
    public List<AuditEntry> audits(int limit) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT id, time_millis, actor, action, target, detail"
                        + " FROM admin_audit ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6)));
                }
            }
            return out;
        }
    }

    // ---- ledger reads for the console

    /** Found blocks' reward by status, and how many. */
    public record BlockTotals(
            long count,
            long pendingSats,
            long matureSats,
            long orphanedSats,
            long pending,
            long mature,
            long orphaned) {}

    public BlockTotals blockTotals() throws SQLException {
        long pendingSats = 0, matureSats = 0, orphanedSats = 0, pending = 0, mature = 0, orphaned = 0;
        try (Connection c = connection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT status, COUNT(*), COALESCE(SUM(reward_sats), 0) FROM found_block GROUP BY status")) {
            while (rs.next()) {
                switch (rs.getString(1)) {
                    case "PENDING" -> {
                        pending = rs.getLong(2);
                        pendingSats = rs.getLong(3);
                    }
                    case "MATURE" -> {
                        mature = rs.getLong(2);
                        matureSats = rs.getLong(3);
                    }
                    default -> {
                        orphaned += rs.getLong(2);
                        orphanedSats += rs.getLong(3);
                    }
                }
            }
        }
        return new BlockTotals(
                pending + mature + orphaned, pendingSats, matureSats, orphanedSats, pending, mature, orphaned);
    }

    /** Pool hashrate history from the applied shares: {@code points} buckets of {@code bucketMillis} ending now. */
    public double[] hashrateHistory(String operatorId, long nowMillis, int points, long bucketMillis)
            throws SQLException {
        long from = nowMillis - points * bucketMillis;
        double[] sums = new double[points];
        // summed in the database, one row per bucket (the applied shares of a big cluster are ~10^6 rows an hour)
        String sql = "SELECT (bucket_start_millis - ?) / ?, SUM(sum_difficulty) FROM share_agg WHERE last_millis >= ?"
                + " AND bucket_start_millis >= ?" + (operatorId == null ? "" : " AND operator_id = ?") + " GROUP BY 1";
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, from);
            ps.setLong(2, bucketMillis);
            ps.setLong(3, from);
            ps.setLong(4, from);
            if (operatorId != null) {
                ps.setString(5, operatorId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long i = rs.getLong(1);
                    if (i >= 0 && i < points) {
                        sums[(int) i] += rs.getDouble(2);
                    }
                }
            }
        }
        return sums;
    }
}
