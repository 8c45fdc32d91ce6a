package org.sovereignpool.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.app.PoolRuntime;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.testing.pool.PplnsRecomputation;
import org.sovereignpool.testing.pool.SharedChain;
import org.sovereignpool.testing.pool.TestConfigs;

/**
 * Acceptance: two pool nodes on one PostgreSQL ledger, mining one chain; node 1's database link is cut for 60 s while
 * both keep serving miners and node 0 finds blocks. Afterwards every block's credits equal, exactly, PPLNS recomputed
 * independently from all nodes' shares; blocks credited while node 1 was declared down were recredited when its
 * shares came; no acknowledged share is missing.
 */
class TwoNodeCreditingTest {
    static final long CUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    static final double WINDOW_FACTOR = 2.0; // the demo configuration's payout.windowFactor

    private final String schema = LedgerTestDatabases.freshSchema("twonode");

    @AfterEach
    void drop() throws Exception {
        LedgerTestDatabases.dropSchema(schema);
    }

    private static SimMiner miner(PoolRuntime pool, String user, long hashrate) {
        return SimMiner.start(
                SimMiner.Options.of("127.0.0.1", pool.stratumAddresses().get(0).getPort(), user)
                        .withHashesPerSecond(hashrate),
                Sha256s::fastest,
                null);
    }

    private Connection sql() throws Exception {
        Connection c = DriverManager.getConnection(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "");
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
        }
        return c;
    }

    private static long count(Connection c, String query) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void creditsEqualTheRecomputationFromAllNodesSharesAfterANodesDatabaseLinkWasCut(@TempDir Path dir)
            throws Exception {
        try (Connection c = DriverManager.getConnection(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        Clock clock = Clock.systemUTC();
        long hashrate = 400_000;
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(4 * hashrate, Duration.ofSeconds(3), 17), clock);
        List<SimMiner> miners = new ArrayList<>();
        try (TcpProxy proxy = new TcpProxy(5432)) {
            String direct = LedgerTestDatabases.PG_URL + "?currentSchema=" + schema;
            String cuttable = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?currentSchema=" + schema;
            PoolConfig a = TestConfigs.withNodeLease(
                    TestConfigs.node(0, dir.resolve("a"), direct, LedgerTestDatabases.PG_USER), 6);
            PoolConfig b = TestConfigs.withNodeLease(
                    TestConfigs.node(1, dir.resolve("b"), cuttable, LedgerTestDatabases.PG_USER), 6);
            PoolRuntime.Options options = TestConfigs.options(a, 0.0001);
            try (PoolRuntime nodeA = PoolRuntime.start(a, registry -> new SharedChain(chain), clock, options);
                    PoolRuntime nodeB = PoolRuntime.start(b, registry -> new SharedChain(chain), clock, options)) {
                miners.add(miner(nodeA, "demo.a1", hashrate));
                miners.add(miner(nodeA, "demo.a2", hashrate));
                miners.add(miner(nodeB, "demo.b1", hashrate));
                miners.add(miner(nodeB, "demo.b2", hashrate));
                await().atMost(Duration.ofSeconds(60)).until(() -> chain.height() >= 1);

                int heightAtCut = chain.height();
                long cutAt = System.currentTimeMillis();
                proxy.cut();
                // wall time, not a condition: the outage lasts 60 s whatever happens meanwhile
                long until = System.nanoTime() + CUT_NANOS;
                while (System.nanoTime() < until) {
                    LockSupport.parkNanos(until - System.nanoTime());
                }
                proxy.restore();
                long restoredAt = System.currentTimeMillis();
                int heightAtRestore = chain.height();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> miners.stream().allMatch(m -> m.stats().accepted() >= 5));
                miners.forEach(SimMiner::close);

                long acked =
                        miners.stream().mapToLong(m -> m.stats().accepted()).sum();
                long unanswered = miners.stream()
                        .mapToLong(m -> m.stats().submitted()
                                - m.stats().accepted()
                                - m.stats().rejected())
                        .sum();
                try (Connection c = sql()) {
                    // settled: both journals applied, every block of the chain recorded and credited, none due
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> nodeA.store().appliedSequence(0)
                                            == nodeA.journal().writtenSequence()
                                    && nodeB.store().appliedSequence(1)
                                            == nodeB.journal().writtenSequence()
                                    && count(c, "SELECT COUNT(*) FROM found_block")
                                            >= chain.acceptedBlocks().size()
                                    && count(
                                                    c,
                                                    "SELECT COUNT(*) FROM found_block WHERE credited = FALSE OR recredit_due")
                                            == 0);
                    System.out.printf(
                            "two-node test: height %d at the cut, %d at the restore (%d ms); %d found blocks, %d"
                                    + " RECREDITED receipts, %d credits superseded, node 1 declared down %d time(s);"
                                    + " %d shares acknowledged, %d unanswered%n",
                            heightAtCut,
                            heightAtRestore,
                            restoredAt - cutAt,
                            count(c, "SELECT COUNT(*) FROM found_block"),
                            count(c, "SELECT COUNT(*) FROM treasury_receipt WHERE status = 'RECREDITED'"),
                            count(c, "SELECT COUNT(*) FROM credit_history"),
                            count(c, "SELECT COUNT(*) FROM node_event WHERE node_id = 1 AND kind = 'DECLARED_DOWN'"),
                            acked,
                            unanswered);
                    assertThat(heightAtRestore - heightAtCut)
                            .as("blocks found during the cut")
                            .isPositive();
                    List<String> blocks = new ArrayList<>();
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT hash FROM found_block ORDER BY found_millis")) {
                        while (rs.next()) {
                            blocks.add(rs.getString(1));
                        }
                    }
                    for (String hash : blocks) {
                        Map<String, Long> expected = PplnsRecomputation.credits(c, hash, WINDOW_FACTOR);
                        assertThat(PplnsRecomputation.stored(c, hash))
                                .as("credits of block %s against PPLNS recomputed from all nodes' shares", hash)
                                .isEqualTo(expected);
                        assertThat(expected.values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum())
                                .isEqualTo(count(c, "SELECT reward_sats FROM found_block WHERE hash = '" + hash + "'"));
                    }
                    // node 1 was declared down while cut off, and the blocks credited without it were recredited
                    assertThat(count(c, "SELECT COUNT(*) FROM node_event WHERE node_id = 1 AND kind = 'DECLARED_DOWN'"))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(count(c, "SELECT COUNT(*) FROM treasury_receipt WHERE status = 'RECREDITED'"))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(count(c, "SELECT COUNT(*) FROM credit_history")).isPositive();
                    // nothing acknowledged is missing, nothing counted twice
                    long ledger = nodeA.store().shareCount(0) + nodeB.store().shareCount(1);
                    assertThat(ledger).isBetween(acked, acked + unanswered);
                }
            } finally {
                miners.forEach(SimMiner::close);
            }
        }
    }
}
