package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.stratum.Listener;
import org.sovereignpool.testing.pool.TestConfigs;

/**
 * Acceptance: a pool node on PostgreSQL is killed with SIGKILL five times under miner load, restarted on the same
 * journal and ledger each time (the dead instance's lease taken over at once). Afterwards the ledger holds every share
 * the miners were told {@code true} for, once: at least the acknowledged count, at most that plus the shares in flight
 * at the kills; a further restart changes nothing.
 */
class PostgresKillTest {
    private static final int KILLS = 5;
    private static final int NODE = 0;
    private final String schema = LedgerTestDatabases.freshSchema("kill");

    @AfterEach
    void drop() throws Exception {
        LedgerTestDatabases.dropSchema(schema);
    }

    @Test
    void fiveSigkillsUnderLoadLoseNoAcknowledgedShareAndCountNoneTwice(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = LedgerTestDatabases.PG_URL + "?currentSchema=" + schema;
        long acked = 0;
        long inFlight = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            Process node = startNode(dir, url);
            List<SimMiner> miners = new ArrayList<>();
            try {
                int port = stratumPort(node);
                for (int i = 1; i <= 3; i++) {
                    miners.add(SimMiner.start(
                            SimMiner.Options.of("127.0.0.1", port, "demo.kill-" + kill + "-" + i)
                                    .withHashesPerSecond(1_500_000),
                            Sha256s::fastest,
                            null));
                }
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> miners.stream()
                                        .mapToLong(m -> m.stats().accepted())
                                        .sum()
                                >= 15);
            } finally {
                node.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, a transaction may be cut in half
                assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> miners.stream().noneMatch(m -> m.stats().connected()));
            miners.forEach(SimMiner::close);
            acked += miners.stream().mapToLong(m -> m.stats().accepted()).sum();
            inFlight += miners.stream()
                    .mapToLong(m -> m.stats().submitted()
                            - m.stats().accepted()
                            - m.stats().rejected())
                    .sum();
        }
        long ledger = shareCountAfterRestart(dir, url);
        System.out.printf(
                "PostgreSQL kill test: %d kills, %d shares acknowledged, %d in flight at the kills, %d in the ledger%n",
                KILLS, acked, inFlight, ledger);
        assertThat(ledger).as("acknowledged %d, in flight %d", acked, inFlight).isBetween(acked, acked + inFlight);
        assertThat(shareCountAfterRestart(dir, url)).isEqualTo(ledger);
    }

    private static Process startNode(Path dir, String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        PoolKillChild.class.getName(),
                        dir.toString(),
                        url,
                        LedgerTestDatabases.PG_USER,
                        Integer.toString(NODE)))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    /** Reads the child's output until it names its Stratum port, then keeps draining it in the background. */
    private static int stratumPort(Process node) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("port ")) {
                        port.complete(Integer.parseInt(line.substring(5).strip()));
                    }
                }
                port.completeExceptionally(new AssertionError("pool node ended before listening"));
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        });
        return port.get(60, TimeUnit.SECONDS);
    }

    /** Restarts the node in this process on the same journal and ledger and counts once it has caught up. */
    private static long shareCountAfterRestart(Path dir, String url) throws Exception {
        PoolConfig config = TestConfigs.node(NODE, dir, url, LedgerTestDatabases.PG_USER);
        Clock clock = Clock.systemUTC();
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(1e6, Duration.ofSeconds(3600), 29), clock);
        PoolRuntime.Options options = PoolRuntime.Options.defaults(config)
                .withListeners(List.of(Listener.plain("127.0.0.1", 0)))
                .withHttp(new InetSocketAddress("127.0.0.1", 0));
        try (PoolRuntime pool = PoolRuntime.start(config, registry -> chain, clock, options)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> pool.journal().writtenSequence() > 0
                            && pool.store().appliedSequence(NODE)
                                    == pool.journal().writtenSequence());
            return pool.store().shareCount(NODE);
        }
    }
}
