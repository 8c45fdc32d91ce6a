package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.ledger.JournalRefusedException;
import org.sovereignpool.ledger.store.NodeEvent;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.stratum.Listener;
import org.sovereignpool.testing.pool.TestConfigs;

/** With the ledger reachable, a node starts only on a journal that continues the ledger's numbering for it. */
class JournalStartChecksTest {
    private final Clock clock = Clock.systemUTC();
    private final SimulatedChain chain =
            SimulatedChain.create(SimulatedChain.Settings.forBlockInterval(1e6, Duration.ofSeconds(3600), 2), clock);

    private PoolRuntime start(PoolConfig config) throws Exception {
        return PoolRuntime.start(
                config,
                registry -> chain,
                clock,
                PoolRuntime.Options.defaults(config)
                        .withListeners(List.of(Listener.plain("127.0.0.1", 0)))
                        .withHttp(new InetSocketAddress("127.0.0.1", 0)));
    }

    private static void journalShares(PoolRuntime pool, int n) {
        for (int i = 0; i < n; i++) {
            pool.journal()
                    .append(new AcceptedShare(new WorkerName("demo", "w"), 1, 1, 1_000 + i, 1, false, 0x207fffff));
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pool.store().appliedSequence(pool.config().pool().nodeId())
                        == pool.journal().writtenSequence());
    }

    @Test
    void anotherNodesJournalIsRefusedAndAnEmptyOneIsAdoptedAfterTheLedger(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath();
        PoolConfig node1 = TestConfigs.node(1, dir.resolve("one"), url, "sa");
        PoolConfig node2 = TestConfigs.node(2, dir.resolve("two"), url, "sa");
        try (PoolRuntime a = start(node1);
                PoolRuntime b = start(node2)) {
            journalShares(a, 5);
            journalShares(b, 3);
        }
        // node 1 configured on node 2's journal directory
        PoolConfig wrongDir = TestConfigs.node(1, dir.resolve("two"), url, "sa");
        assertThatThrownBy(() -> start(wrongDir).close())
                .isInstanceOf(JournalRefusedException.class)
                .hasMessageContaining("is not the journal the ledger applied for this node")
                .hasMessageContaining("applied through 5");
        // an empty directory: a new journal, numbered after the ledger's 5
        PoolConfig emptyDir = TestConfigs.node(1, dir.resolve("new"), url, "sa");
        try (PoolRuntime a = start(emptyDir)) {
            assertThat(a.journal().recovery().lastSequence()).isEqualTo(5);
            journalShares(a, 2);
            assertThat(a.store().shareCount(1)).isEqualTo(7);
            assertThat(a.store().nodeEvents(1, 0)).extracting(NodeEvent::kind).contains(NodeEvent.JOURNAL_REPLACED);
        }
    }

    @Test
    void aJournalDirectoryMarkedHaltedIsRefused(@TempDir Path dir) throws Exception {
        PoolConfig config = TestConfigs.h2Node(1, dir);
        Files.createDirectories(dir.resolve("journal"));
        Files.writeString(dir.resolve("journal").resolve("HALTED"), "a stale copy\n");
        assertThatThrownBy(() -> start(config).close())
                .isInstanceOf(JournalRefusedException.class)
                .hasMessageContaining("stopped by the ledger: a stale copy");
    }
}
