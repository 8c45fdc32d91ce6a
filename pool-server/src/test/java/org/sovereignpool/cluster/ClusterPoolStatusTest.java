package org.sovereignpool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.http.ApiException;
import org.sovereignpool.http.RuntimePoolStatus;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.operator.OperatorHistory;

/** The console's judgement of nodes (up, draining, down since, stopped, behind on prevhash) and its totals, on H2. */
class ClusterPoolStatusTest {
    static final long NOW = 1_800_000_000_000L;
    static final String TIP = "0000000000000000000000000000000000000000000000000000000000000abc";
    static final String OLD = "0000000000000000000000000000000000000000000000000000000000000999";

    @TempDir
    Path dir;

    JdbcLedgerStore ledger;
    ClusterStore store;
    ClusterPoolStatus status;
    PoolConfig config = DemoConfig.load();

    @BeforeEach
    void open() {
        ledger = JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null);
        store = new ClusterStore(ledger.dataSource(), ledger::ensureMigrated);
        status = new ClusterPoolStatus(
                config,
                store,
                ledger,
                new OperatorHistory(ledger.dataSource()),
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
                ClusterConsole.STALE_MILLIS);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    static NodeStatus node(
            int id, long updated, int connections, int height, String prevhash, long since, boolean draining) {
        return new NodeStatus(
                id,
                "i" + id,
                "h",
                "v",
                List.of("127.0.0.1:" + (3330 + id)),
                "127.0.0.1:" + (8080 + id),
                connections,
                connections,
                connections,
                1e9 * connections,
                2e9 * connections,
                10L * connections,
                id,
                height,
                prevhash,
                since,
                true,
                "simulated chain",
                0,
                0,
                draining,
                updated - 100_000,
                updated,
                List.of(new NodeStatus.OperatorFigures(
                        "demo", 1e9 * connections, 2e9 * connections, connections, 0.5)));
    }

    static ClusterStore.Lease lease(int id, long heartbeat, boolean released) {
        return new ClusterStore.Lease(id, heartbeat, heartbeat + 6_000, released);
    }

    @Test
    void aNodeIsUpWhileItWritesAndHoldsItsLeaseAndDownSinceItsLastSignOfLifeAfter() {
        List<NodeStatus> rows = List.of(
                node(0, NOW - 1_000, 5, 100, TIP, NOW - 60_000, false),
                node(1, NOW - 9_000, 4, 100, TIP, NOW - 60_000, false), // stopped writing 9 s ago (> 8 s)
                node(2, NOW - 1_000, 3, 100, TIP, NOW - 60_000, false), // writes, but its lease ran out
                node(3, NOW - 20_000, 2, 100, TIP, NOW - 60_000, false), // released its lease: a clean stop
                node(4, NOW - 1_000, 1, 100, TIP, NOW - 60_000, true));
        Map<Integer, ClusterStore.Lease> leases = Map.of(
                0, lease(0, NOW - 1_000, false),
                1, lease(1, NOW - 8_500, false),
                2, lease(2, NOW - 7_000, false),
                3, lease(3, NOW - 19_000, true),
                4, lease(4, NOW - 1_000, false));
        List<ClusterPoolStatus.NodeView> v = status.nodes(rows, leases, NOW);
        assertThat(v)
                .extracting(ClusterPoolStatus.NodeView::state)
                .containsExactly("up", "down", "down", "stopped", "draining");
        assertThat(v)
                .extracting(ClusterPoolStatus.NodeView::downSinceMillis)
                .containsExactly(null, NOW - 8_500, NOW - 1_000, NOW - 19_000, null);
        assertThat(v.get(1).stateText()).isEqualTo("down since " + Instant.ofEpochMilli(NOW - 8_500));
        assertThat(v.get(1).statusAgeSeconds()).isEqualTo(9.0);
    }

    @Test
    void aLiveNodeOnAnOlderPrevhashIsBehindOnlyMoreThanFiveSecondsAfterTheNewestAppeared() {
        Map<Integer, ClusterStore.Lease> leases = Map.of();
        // the newest tip appeared 5 s ago: not yet behind
        List<ClusterPoolStatus.NodeView> early = status.nodes(
                List.of(node(0, NOW, 1, 101, TIP, NOW - 5_000, false), node(1, NOW, 1, 100, OLD, NOW - 600_000, false)),
                leases,
                NOW);
        assertThat(early).extracting(ClusterPoolStatus.NodeView::behindPrevhash).containsExactly(false, false);
        List<ClusterPoolStatus.NodeView> late = status.nodes(
                List.of(
                        node(0, NOW, 1, 101, TIP, NOW - 5_001, false),
                        node(1, NOW, 1, 100, OLD, NOW - 600_000, false),
                        node(2, NOW, 1, 101, TIP, NOW - 2_000, false),
                        node(3, NOW - 60_000, 1, 99, "00ff", NOW - 900_000, false)), // down: not judged
                leases,
                NOW);
        assertThat(late)
                .extracting(ClusterPoolStatus.NodeView::behindPrevhash)
                .containsExactly(false, true, false, false);
        // at one height, the prevhash most live nodes are on is the newest
        List<ClusterPoolStatus.NodeView> fork = status.nodes(
                List.of(
                        node(0, NOW, 1, 101, TIP, NOW - 60_000, false),
                        node(1, NOW, 1, 101, OLD, NOW - 60_000, false),
                        node(2, NOW, 1, 101, OLD, NOW - 60_000, false)),
                leases,
                NOW);
        assertThat(fork).extracting(ClusterPoolStatus.NodeView::behindPrevhash).containsExactly(true, false, false);
    }

    @Test
    void theSummaryAddsUpLiveNodesOnlyAndTheBlocksShowTheNodeThatFoundThem() throws Exception {
        store.writeStatus(node(0, NOW - 1_000, 5, 100, TIP, NOW - 60_000, false));
        store.writeStatus(node(1, NOW - 1_500, 7, 100, TIP, NOW - 60_000, false));
        store.writeStatus(node(2, NOW - 30_000, 11, 99, OLD, NOW - 90_000, false)); // down
        try (Connection c = ledger.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO found_block (hash, height, finder_operator,"
                        + " finder_worker, found_millis, reward_sats, network_difficulty, node_id, credit_after_seq,"
                        + " submit_results, status, confirmations, credited, updated_millis)"
                        + " VALUES (?, ?, 'demo', 'rig1', ?, ?, 1.0, ?, 0, '{}', ?, 1, FALSE, 0)")) {
            Object[][] blocks = {
                {"aa".repeat(32), 90, NOW - 50_000, 312_500_000L, 1, "PENDING"},
                {"bb".repeat(32), 91, NOW - 40_000, 312_500_000L, 2, "MATURE"},
                {"cc".repeat(32), 92, NOW - 30_000, 312_500_000L, 0, "ORPHANED"}
            };
            for (Object[] b : blocks) {
                ps.setString(1, (String) b[0]);
                ps.setInt(2, (Integer) b[1]);
                ps.setLong(3, (Long) b[2]);
                ps.setLong(4, (Long) b[3]);
                ps.setInt(5, (Integer) b[4]);
                ps.setString(6, (String) b[5]);
                ps.executeUpdate();
            }
        }
        ClusterPoolStatus.ClusterSummary s = status.summary();
        assertThat(s.connections()).isEqualTo(12);
        assertThat(s.hashrate().m10()).isEqualTo(2e9 * 5 + 2e9 * 7);
        assertThat(s.shares().accepted()).isEqualTo(120);
        assertThat(s.nodes()).isEqualTo(new ClusterPoolStatus.NodeCounts(3, 2, 1, 0));
        assertThat(s.power().drawMw()).isEqualTo(1.0);
        assertThat(s.power().programmeMw()).isEqualTo(config.power().programmeMw());
        assertThat(s.blocks()).isEqualTo(new RuntimePoolStatus.BlockCounts(3, 1, 1, 1));
        assertThat(s.treasury().receivedSats()).isEqualTo(625_000_000L);
        assertThat(s.treasury().orphanedSats()).isEqualTo(312_500_000L);
        assertThat(status.blocks(10))
                .extracting(RuntimePoolStatus.BlockView::hash, RuntimePoolStatus.BlockView::nodeId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cc".repeat(32), 0),
                        org.assertj.core.groups.Tuple.tuple("bb".repeat(32), 2),
                        org.assertj.core.groups.Tuple.tuple("aa".repeat(32), 1));
        ClusterPoolStatus.OperatorView demo = status.operators().stream()
                .filter(o -> o.id().equals("demo"))
                .findFirst()
                .orElseThrow();
        assertThat(demo.hashrate().m10()).isEqualTo(2e9 * 5 + 2e9 * 7);
        assertThat(demo.byNode()).containsOnlyKeys(0, 1);
    }

    @Test
    void theHashrateChartSumsEveryNodesAppliedSharesPerMinute() throws Exception {
        try (Connection c = ledger.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO share_agg (node_id, first_seq, last_seq,"
                        + " operator_id, worker, bucket_start_millis, share_count, sum_difficulty, best_difficulty,"
                        + " first_millis, last_millis, max_height, block_candidates)"
                        + " VALUES (?, ?, ?, ?, 'w', ?, 1, ?, 1, ?, ?, 1, 0)")) {
            // (node, operator, bucket start, difficulty): two nodes in the newest minute, one older, one too old
            Object[][] rows = {
                {0, "demo", NOW - 30_000, 600.0},
                {1, "volta", NOW - 20_000, 300.0},
                {1, "demo", NOW - 150_000, 60.0},
                {0, "demo", NOW - 4_000_000, 1e9}
            };
            long seq = 1;
            for (Object[] r : rows) {
                ps.setInt(1, (Integer) r[0]);
                ps.setLong(2, seq);
                ps.setLong(3, seq++);
                ps.setString(4, (String) r[1]);
                ps.setLong(5, (Long) r[2]);
                ps.setDouble(6, (Double) r[3]);
                ps.setLong(7, (Long) r[2]);
                ps.setLong(8, (Long) r[2] + 9_000);
                ps.executeUpdate();
            }
        }
        List<org.sovereignpool.operator.HashrateTracker.Point> all =
                status.hashrateHistory(null, org.sovereignpool.operator.HashrateWindow.ONE_HOUR);
        assertThat(all).hasSize(60);
        assertThat(all.get(59).timeMillis()).isEqualTo(NOW);
        assertThat(all.get(59).hashrate()).isEqualTo(org.sovereignpool.operator.Power.hashrate(900, 60));
        assertThat(all.get(57).hashrate()).isEqualTo(org.sovereignpool.operator.Power.hashrate(60, 60));
        assertThat(all.stream().mapToDouble(p -> p.hashrate()).sum())
                .isEqualTo(org.sovereignpool.operator.Power.hashrate(960, 60));
        List<org.sovereignpool.operator.HashrateTracker.Point> volta =
                status.hashrateHistory("volta", org.sovereignpool.operator.HashrateWindow.ONE_HOUR);
        assertThat(volta.get(59).hashrate()).isEqualTo(org.sovereignpool.operator.Power.hashrate(300, 60));
    }

    @Test
    void aDrainGoesToTheLeastLoadedOtherLiveNodeAndIsAudited() throws Exception {
        store.writeStatus(node(0, NOW - 1_000, 9, 100, TIP, NOW - 60_000, false));
        store.writeStatus(node(1, NOW - 1_000, 7, 100, TIP, NOW - 60_000, false));
        store.writeStatus(node(2, NOW - 1_000, 3, 100, TIP, NOW - 60_000, true)); // draining: not a target
        store.writeStatus(node(3, NOW - 1_000, 5, 100, TIP, NOW - 60_000, false));
        store.writeStatus(node(4, NOW - 60_000, 0, 100, TIP, NOW - 60_000, false)); // down: not a target
        Object order = status.drain(0, "alice from 10.0.0.5");
        assertThat(order).isEqualTo(new ClusterSteering.DrainOrder(1, 0, 3, "127.0.0.1:3333"));
        assertThat(store.openCommands(0)).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ClusterCommand.Kind.DRAIN);
            assertThat(c.argument()).isEqualTo("127.0.0.1:3333");
            assertThat(c.createdBy()).isEqualTo("alice from 10.0.0.5");
        });
        assertThat(store.audits(1)).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("alice from 10.0.0.5");
            assertThat(a.action()).isEqualTo("drain");
            assertThat(a.target()).isEqualTo("node 0");
            assertThat(a.timeMillis()).isEqualTo(NOW);
        });
        assertThatThrownBy(() -> status.drain(4, "alice"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("node 4 is down since");
        assertThatThrownBy(() -> status.drain(7, "alice"))
                .isInstanceOf(ApiException.class)
                .hasMessage("no node 7 in the cluster");
        assertThatThrownBy(() -> status.liftBan("not-an-address", "alice"))
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith("address: ");
    }
}
