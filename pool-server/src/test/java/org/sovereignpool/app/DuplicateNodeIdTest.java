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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.stratum.Listener;
import org.sovereignpool.testing.pool.TestConfigs;

/**
 * Two pool nodes started with the same {@code pool.nodeId} on one ledger: the second refuses to start, naming the
 * instance that holds the id and its last heartbeat, and the refusal is in the ledger; once the first stops cleanly the
 * id is free.
 */
class DuplicateNodeIdTest {

    @Test
    void aSecondNodeWithTheSameIdRefusesToStart(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath();
        PoolConfig first = TestConfigs.node(3, dir.resolve("a"), url, "sa");
        PoolConfig second = TestConfigs.node(3, dir.resolve("b"), url, "sa");
        Clock clock = Clock.systemUTC();
        SimulatedChain chain =
                SimulatedChain.create(SimulatedChain.Settings.forBlockInterval(1e6, Duration.ofSeconds(600), 3), clock);
        PoolRuntime.Options options = PoolRuntime.Options.defaults(first)
                .withListeners(List.of(Listener.plain("127.0.0.1", 0)))
                .withHttp(new InetSocketAddress("127.0.0.1", 0));
        try (PoolRuntime running = PoolRuntime.start(first, registry -> chain, clock, options)) {
            assertThatThrownBy(() -> PoolRuntime.start(second, registry -> chain, clock, options)
                            .close())
                    .as("a second node started with pool.nodeId 3 while the first runs")
                    .hasMessageContaining("pool.nodeId 3 is held by another live instance")
                    .hasMessageContaining("last heartbeat");
            assertThat(running.stratumAddresses()).isNotEmpty();
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT kind FROM node_event WHERE node_id = 3 ORDER BY id")) {
            StringBuilder kinds = new StringBuilder();
            while (rs.next()) {
                kinds.append(rs.getString(1)).append(' ');
            }
            assertThat(kinds.toString().strip()).isEqualTo("STARTED DUPLICATE_REFUSED RELEASED");
        }
        // the first stopped cleanly: the id is free
        try (PoolRuntime again = PoolRuntime.start(second, registry -> chain, clock, options)) {
            assertThat(again.stratumAddresses()).isNotEmpty();
        }
    }
}
