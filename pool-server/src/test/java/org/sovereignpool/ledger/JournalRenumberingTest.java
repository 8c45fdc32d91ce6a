package org.sovereignpool.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.app.PoolRuntime;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.testing.pool.TestConfigs;

/**
 * A node's journal directory is replaced by an empty one while the PostgreSQL ledger is unreachable, and the node is
 * started: the journal must not number shares from 1 again below what the ledger applied (they would never be
 * applied). Either the node refuses to start (and no miner is told true), or every share it acknowledges reaches the
 * ledger once the database is back.
 */
class JournalRenumberingTest {
    private static final int NODE = 1;
    private final String schema = LedgerTestDatabases.freshSchema("renumber");

    @AfterEach
    void drop() throws Exception {
        LedgerTestDatabases.dropSchema(schema);
    }

    private static long mine(PoolRuntime pool, String worker, long atLeast) {
        SimMiner miner = SimMiner.start(
                SimMiner.Options.of("127.0.0.1", pool.stratumAddresses().get(0).getPort(), "demo." + worker)
                        .withHashesPerSecond(2_000_000),
                Sha256s::fastest,
                null);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> miner.stats().accepted() >= atLeast);
        } finally {
            miner.close();
        }
        return miner.stats().accepted();
    }

    @Test
    void aReplacedJournalWithTheDatabaseDownNeverNumbersBelowTheLedger(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        Clock clock = Clock.systemUTC();
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(1e6, Duration.ofSeconds(3600), 13), clock);
        try (TcpProxy proxy = new TcpProxy(5432)) {
            PoolConfig config = TestConfigs.node(
                    NODE,
                    dir,
                    "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?currentSchema=" + schema,
                    LedgerTestDatabases.PG_USER);
            PoolRuntime.Options options = TestConfigs.options(config, 0.0001);
            long before;
            long appliedBefore;
            try (PoolRuntime pool = PoolRuntime.start(config, registry -> chain, clock, options)) {
                mine(pool, "first", 12);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> pool.store().appliedSequence(NODE)
                                == pool.journal().writtenSequence());
                before = pool.store().shareCount(NODE);
                appliedBefore = pool.store().appliedSequence(NODE);
            }
            assertThat(before).isGreaterThanOrEqualTo(12);

            // the journal directory is replaced by an empty one, and the database is unreachable at start
            try (Stream<Path> files = java.nio.file.Files.walk(dir.resolve("journal"))) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            proxy.cut();
            PoolRuntime restarted;
            try {
                restarted = PoolRuntime.start(config, registry -> chain, clock, options);
            } catch (StartRefusedException refused) {
                // refused at start: no share was acknowledged, so none can be lost
                assertThat(refused.getMessage())
                        .contains("node " + NODE)
                        .contains(dir.resolve("journal").toString())
                        .contains("is new")
                        .contains("unreachable");
                proxy.restore();
                try (PoolRuntime back = PoolRuntime.start(config, registry -> chain, clock, options)) {
                    long acked = mine(back, "second", 3);
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() ->
                                    assertThat(back.store().shareCount(NODE)).isGreaterThanOrEqualTo(before + acked));
                    assertThat(back.journal().recovery().lastSequence())
                            .as("the new journal numbers after what the ledger applied")
                            .isEqualTo(appliedBefore);
                }
                return;
            }
            try (PoolRuntime pool = restarted) {
                long acked = mine(pool, "second", 3);
                proxy.restore();
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(pool.store().shareCount(NODE))
                                .as("shares in the ledger: %d before, %d acknowledged since", before, acked)
                                .isGreaterThanOrEqualTo(before + acked));
            }
        }
    }
}
