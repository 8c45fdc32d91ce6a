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
 * The operator registry of the cluster, as the ledger database keeps it: every change of an operator's registration
 * (name, licence, allocation, efficiency, sites) is a new numbered version with its time, and removal is a version
 * too; each change of the registry as a whole is a numbered registry version (when, by which node, what changed).
 * Nothing is updated or deleted. Nodes compare their configuration with it ({@link #differences}) and record theirs
 * only when told to ({@link #update}), so two nodes with different configurations cannot flip-flop it. Needs the
 * ledger's migrations (tables {@code operator_version}, {@code operator_registry_change}). Thread safe (one
 * transaction per call).
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
     * operator no longer configured, atomically (without a registry version; see {@link #update}).
     *
     * @return the versions written (empty when nothing changed)
     */
    public List<Version> sync(List<OperatorConfig> operators, long nowMillis) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Version> written = changes(latest(c), operators, nowMillis);
                insert(c, written);
                c.commit();
                return written;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static List<Version> changes(Map<String, Version> latest, List<OperatorConfig> operators, long nowMillis) {
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
        written.sort(java.util.Comparator.comparing(Version::operatorId));
        return written;
    }

    /** A version of the cluster's registry as a whole: when it changed, by which node, and what changed. */
    public record RegistryVersion(int version, long changedMillis, String changedBy, String summary) {}

    /** How the configuration differs from the registry's current version: one line per operator, sorted. */
    public List<String> differences(List<OperatorConfig> operators) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Map<String, Version> latest = latest(c);
            List<String> out = new ArrayList<>();
            for (Version v : changes(latest, operators, 0)) {
                Version was = latest.get(v.operatorId());
                out.add(describe(was, v));
            }
            return out;
        }
    }

    private static String describe(Version was, Version now) {
        if (!now.active()) {
            return now.operatorId() + ": registered (version " + was.version() + "), not in this configuration";
        }
        if (was == null || !was.active()) {
            return now.operatorId() + ": in this configuration (" + now.name() + ", " + now.allocationMw() + " MW), "
                    + (was == null ? "never registered" : "removed from the registry (version " + was.version() + ")");
        }
        List<String> fields = new ArrayList<>();
        field(fields, "name", was.name(), now.name());
        field(fields, "licence", was.licence(), now.licence());
        field(fields, "allocationMw", was.allocationMw(), now.allocationMw());
        field(fields, "efficiencyJPerTh", was.efficiencyJPerTh(), now.efficiencyJPerTh());
        field(fields, "sites", was.sites(), now.sites());
        return now.operatorId() + ": " + String.join(", ", fields) + " (registry version " + was.version() + " -> this"
                + " configuration)";
    }

    private static void field(List<String> out, String name, Object registry, Object configured) {
        if (!Objects.equals(registry, configured)) {
            out.add(name + " " + registry + " -> " + configured);
        }
    }

    /** The registry's current version (empty: nothing was ever registered through {@link #update}). */
    public Optional<RegistryVersion> currentVersion() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT version, changed_millis, changed_by, summary FROM"
                        + " operator_registry_change ORDER BY version DESC LIMIT 1");
                ResultSet r = s.executeQuery()) {
            return r.next()
                    ? Optional.of(new RegistryVersion(r.getInt(1), r.getLong(2), r.getString(3), r.getString(4)))
                    : Optional.empty();
        }
    }

    /** Whether any operator was ever registered. */
    public boolean isEmpty() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return latest(c).isEmpty();
        }
    }

    /**
     * Makes {@code operators} the cluster's registry: records the operators' versions that changed and a new registry
     * version naming {@code changedBy}, atomically; nothing when the registry is already this configuration (so a
     * change is recorded once, however many nodes are started with it).
     *
     * @return the new registry version, or empty when nothing changed
     */
    public Optional<RegistryVersion> update(List<OperatorConfig> operators, long nowMillis, String changedBy)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Version> latest = latest(c);
                List<Version> written = changes(latest, operators, nowMillis);
                if (written.isEmpty()) {
                    c.rollback();
                    return Optional.empty();
                }
                List<String> summary = new ArrayList<>();
                for (Version v : written) {
                    summary.add(describe(latest.get(v.operatorId()), v));
                }
                insert(c, written);
                int version;
                try (PreparedStatement s =
                                c.prepareStatement("SELECT COALESCE(MAX(version), 0) FROM operator_registry_change");
                        ResultSet r = s.executeQuery()) {
                    r.next();
                    version = r.getInt(1) + 1;
                }
                String text = String.join("; ", summary);
                RegistryVersion rv = new RegistryVersion(
                        version, nowMillis, changedBy, text.length() > 4000 ? text.substring(0, 4000) : text);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO operator_registry_change (version,"
                        + " changed_millis, changed_by, summary) VALUES (?, ?, ?, ?)")) {
                    s.setInt(1, rv.version());
                    s.setLong(2, rv.changedMillis());
                    s.setString(3, rv.changedBy());
                    s.setString(4, rv.summary());
                    s.executeUpdate();
                }
                c.commit();
                return Optional.of(rv);
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
