package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.stratum.Listener;
import org.sovereignpool.testing.pool.TestConfigs;

/**
 * Two nodes of one cluster configured with different operators: the registry in the ledger is one, so the second
 * node refuses to start instead of rewriting it (the history does not flip-flop between the two configurations).
 */
class OperatorRegistryClusterTest {
    private final Clock clock = Clock.systemUTC();
    private final SimulatedChain chain =
            SimulatedChain.create(SimulatedChain.Settings.forBlockInterval(1e6, Duration.ofSeconds(3600), 4), clock);

    static PoolRuntime.Options options(PoolConfig config) {
        return PoolRuntime.Options.defaults(config)
                .withListeners(List.of(Listener.plain("127.0.0.1", 0)))
                .withHttp(new InetSocketAddress("127.0.0.1", 0));
    }

    /** The demo operators with volta's allocation grown and sahel-power gone. */
    static PoolConfig otherOperators(PoolConfig c) {
        List<OperatorConfig> ops = new ArrayList<>();
        for (OperatorConfig o : c.operators()) {
            if (o.id().equals("volta")) {
                ops.add(new OperatorConfig(o.id(), o.name(), o.licence(), 400, o.efficiencyJPerTh(), o.sites()));
            } else if (!o.id().equals("sahel-power")) {
                ops.add(o);
            }
        }
        return TestConfigs.withOperators(c, ops);
    }

    static List<String> history(String url) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT operator_id, version, active, allocation_mw FROM operator_version"
                        + " WHERE operator_id IN ('volta', 'sahel-power') ORDER BY operator_id, version")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " v" + rs.getInt(2)
                        + (rs.getBoolean(3) ? " " + rs.getDouble(4) : " removed"));
            }
        }
        return out;
    }

    @Test
    void aNodeConfiguredWithOtherOperatorsRefusesToStart(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath();
        PoolConfig first = TestConfigs.node(0, dir.resolve("a"), url, "sa");
        PoolConfig second = otherOperators(TestConfigs.node(1, dir.resolve("b"), url, "sa"));
        try (PoolRuntime a = PoolRuntime.start(first, registry -> chain, clock, options(first))) {
            assertThat(a.stratumAddresses()).isNotEmpty();
        }
        assertThatThrownBy(() -> PoolRuntime.start(second, registry -> chain, clock, options(second))
                        .close())
                .as("node 1 started with operators that differ from the registry node 0 recorded")
                .hasMessageContaining("differ from the cluster's operator registry")
                .hasMessageContaining("volta: allocationMw 350.0 -> 400.0")
                .hasMessageContaining("sahel-power: registered (version 1), not in this configuration")
                .hasMessageContaining("--update-registry");
        // node 0 again: the registry is as it left it
        try (PoolRuntime a = PoolRuntime.start(first, registry -> chain, clock, options(first))) {
            assertThat(a.stratumAddresses()).isNotEmpty();
        }
        assertThat(history(url)).containsExactly("sahel-power v1 410.0", "volta v1 350.0");
    }

    @Test
    void updateRegistryRecordsTheChangeOnceAndTheOldConfigurationIsThenRefused(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath();
        PoolConfig first = TestConfigs.node(0, dir.resolve("a"), url, "sa");
        PoolConfig second = otherOperators(TestConfigs.node(1, dir.resolve("b"), url, "sa"));
        PoolConfig third = otherOperators(TestConfigs.node(2, dir.resolve("c"), url, "sa"));
        try (PoolRuntime a = PoolRuntime.start(first, registry -> chain, clock, options(first))) {
            assertThat(a.stratumAddresses()).isNotEmpty();
        }
        try (PoolRuntime b = PoolRuntime.start(
                        second, registry -> chain, clock, options(second).withUpdateRegistry(true));
                PoolRuntime c = PoolRuntime.start(
                        third, registry -> chain, clock, options(third).withUpdateRegistry(true))) {
            assertThat(b.stratumAddresses()).isNotEmpty();
            assertThat(c.stratumAddresses()).isNotEmpty();
        }
        assertThat(history(url))
                .containsExactly("sahel-power v1 410.0", "sahel-power v2 removed", "volta v1 350.0", "volta v2 400.0");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT version, changed_by FROM operator_registry_change ORDER BY version")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1); // node 0 initialised the empty registry
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).startsWith("node 1 ");
            assertThat(rs.next()).as("recorded once, not again by node 2").isFalse();
        }
        assertThatThrownBy(() -> PoolRuntime.start(first, registry -> chain, clock, options(first))
                        .close())
                .hasMessageContaining("version 2, recorded")
                .hasMessageContaining("by node 1");
        assertThat(Optional.of(history(url).size())).contains(4);
    }
}
