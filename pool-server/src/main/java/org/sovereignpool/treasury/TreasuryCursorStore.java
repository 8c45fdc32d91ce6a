package org.sovereignpool.treasury;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The ledger's side of the treasury indexes (V50): each found block's {@code found_block.treasury_index}, and per
 * node the index its jobs pay now ({@code treasury_cursor}). Only the node itself writes its cursor row (one live
 * instance per node id, see the node lease), and the cursor only moves forward.
 */
public final class TreasuryCursorStore {
    private final DataSource dataSource;

    public TreasuryCursorStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The cursor row of {@code nodeId}: the index its jobs paid last (not yet used by a found block), if any. */
    public OptionalLong cursor(int nodeId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT next_index FROM treasury_cursor WHERE node_id = ?")) {
            ps.setInt(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** The highest index a recorded block paid within {@code from..to}, if any. */
    public OptionalLong maxRecordedIndex(long from, long to) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT MAX(treasury_index) FROM found_block WHERE treasury_index BETWEEN ? AND ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long v = rs.getLong(1);
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
                }
                return OptionalLong.empty();
            }
        }
    }

    /** Moves {@code nodeId}'s cursor to {@code nextIndex} (never back). */
    public void save(int nodeId, long nextIndex, long nowMillis) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (update(c, nodeId, nextIndex, nowMillis)) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO treasury_cursor (node_id, next_index, updated_millis) VALUES (?, ?, ?)")) {
                ps.setInt(1, nodeId);
                ps.setLong(2, nextIndex);
                ps.setLong(3, nowMillis);
                ps.executeUpdate();
            } catch (SQLException e) {
                // another save of this node inserted the row in between: move it forward instead
                if (!update(c, nodeId, nextIndex, nowMillis)) {
                    throw e;
                }
            }
        }
    }

    private static boolean update(Connection c, int nodeId, long nextIndex, long nowMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE treasury_cursor SET next_index ="
                + " GREATEST(next_index, ?), updated_millis = ? WHERE node_id = ?")) {
            ps.setLong(1, nextIndex);
            ps.setLong(2, nowMillis);
            ps.setInt(3, nodeId);
            return ps.executeUpdate() == 1;
        }
    }
}
