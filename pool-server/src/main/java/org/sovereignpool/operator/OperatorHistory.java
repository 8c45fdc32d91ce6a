package org.sovereignpool.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.sovereignpool.config.OperatorConfig;

/**
 * The operator registry as the ledger database keeps it: every change of an operator's registration (name, licence,
 * allocation, efficiency, sites) is a new numbered version with its time, and removal is a version too; nothing is
 * updated or deleted. The configuration is the source: {@link #sync} records what changed since the last run.
 * Needs the ledger's migrations (table {@code operator_version}). Thread safe (one transaction per call).
 */
public final class OperatorHistory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    public OperatorHistory(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** One version of an operator's registration; {@code active} false: removed from the configuration. */
    public record Version(
            String operatorId,
            int version,
            long changedMillis,
            String name,
            String licence,
            double allocationMw,
            double efficiencyJPerTh,
            List<String> sites,
            boolean active) {
        public Version {
            sites = List.copyOf(sites);
        }

        boolean sameRegistration(OperatorConfig o) {
            return active
                    && name.equals(o.name())
                    && Objects.equals(licence, o.licence().orElse(null))
                    && allocationMw == o.allocationMw()
                    && efficiencyJPerTh == o.efficiencyJPerTh()
                    && sites.equals(o.sites());
        }
    }

    /**
     * Records a new version for each configured operator that is new or changed, and a removal for each active
     * operator no longer configured, atomically.
     *
     * @return the versions written (empty when nothing changed)
     */
    public List<Version> sync(List<OperatorConfig> operators, long nowMillis) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Version> latest = latest(c);
                List<Version> written = new ArrayList<>();
                Set<String> configured = new HashSet<>();
                for (OperatorConfig o : operators) {
                    configured.add(o.id());
                    Version last = latest.get(o.id());
                    if (last == null || !last.sameRegistration(o)) {
                        written.add(new Version(
                                o.id(),
                                last == null ? 1 : last.version() + 1,
                                nowMillis,
                                o.name(),
                                o.licence().orElse(null),
                                o.allocationMw(),
                                o.efficiencyJPerTh(),
                                o.sites(),
                                true));
                    }
                }
                for (Version last : latest.values()) {
                    if (last.active() && !configured.contains(last.operatorId())) {
                        written.add(new Version(
                                last.operatorId(),
                                last.version() + 1,
                                nowMillis,
                                last.name(),
                                last.licence(),
                                last.allocationMw(),
                                last.efficiencyJPerTh(),
                                last.sites(),
                                false));
                    }
                }
                insert(c, written);
                c.commit();
                return written;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Every version of an operator, oldest first (empty for an operator never registered). */
    public List<Version> history(String operatorId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT * FROM operator_version WHERE operator_id = ? ORDER BY version")) {
            s.setString(1, operatorId);
            List<Version> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(read(r));
                }
            }
            return out;
        }
    }

    /** The current version of an operator, if it was ever registered. */
    public Optional<Version> current(String operatorId) throws SQLException {
        List<Version> all = history(operatorId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private static Map<String, Version> latest(Connection c) throws SQLException {
        Map<String, Version> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM operator_version ORDER BY operator_id, version");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                Version v = read(r);
                out.put(v.operatorId(), v);
            }
        }
        return out;
    }

    private static void insert(Connection c, List<Version> versions) throws SQLException {
        if (versions.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO operator_version (operator_id, version,"
                + " changed_millis, name, licence, allocation_mw, efficiency_j_per_th, sites, active)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Version v : versions) {
                s.setString(1, v.operatorId());
                s.setInt(2, v.version());
                s.setLong(3, v.changedMillis());
                s.setString(4, v.name());
                if (v.licence() == null) {
                    s.setNull(5, Types.VARCHAR);
                } else {
                    s.setString(5, v.licence());
                }
                s.setDouble(6, v.allocationMw());
                s.setDouble(7, v.efficiencyJPerTh());
                s.setString(8, json(v.sites()));
                s.setBoolean(9, v.active());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static Version read(ResultSet r) throws SQLException {
        List<String> sites;
        try {
            sites = JSON.readValue(r.getString("sites"), new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new SQLException("operator_version.sites is not a JSON list: " + e.getOriginalMessage(), e);
        }
        return new Version(
                r.getString("operator_id"),
                r.getInt("version"),
                r.getLong("changed_millis"),
                r.getString("name"),
                r.getString("licence"),
                r.getDouble("allocation_mw"),
                r.getDouble("efficiency_j_per_th"),
                sites,
                r.getBoolean("active"));
    }

    private static String json(List<String> sites) {
        try {
            return JSON.writeValueAsString(sites);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
