package org.sovereignpool.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.ledger.store.JdbcLedgerStore;

/** The cluster tables' contract, run on H2 and on PostgreSQL. */
abstract class ClusterStoreContract {
    JdbcLedgerStore ledger;
    ClusterStore store;

    abstract JdbcLedgerStore open() throws Exception;

    void dropAll() throws Exception {}

    @BeforeEach
    void setUp() throws Exception {
        ledger = open();
        store = new ClusterStore(ledger.dataSource(), ledger::ensureMigrated);
    }

    @AfterEach
    void tearDown() throws Exception {
        ledger.close();
        dropAll();
    }

    static NodeStatus status(int node, long updated, int connections, List<NodeStatus.OperatorFigures> ops) {
        return new NodeStatus(
                node,
                "instance-" + node,
                "host-" + node + " pid 1",
                "0.1.0-test",
                List.of("127.0.0.1:" + (3330 + node), "10.0.0.1:" + (4440 + node)),
                "127.0.0.1:" + (8080 + node),
                connections,
                connections - 1,
                connections - 2,
                1.5e12 + node,
                1.25e12 + node,
                1000L * node + 7,
                node,
                800_000 + node,
                "00000000000000000001" + "0".repeat(43) + node,
                updated - 1000,
                node % 2 == 0,
                "1/2 bitcoind nodes healthy",
                12345L + node,
                node,
                node == 2,
                updated - 60_000,
                updated,
                ops);
    }

    @Test
    void aStatusWrittenIsReadBackExactlyAndARewriteReplacesItsOperators() throws Exception {
        NodeStatus a = status(
                0,
                1_000_000,
                10,
                List.of(
                        new NodeStatus.OperatorFigures("alpha", 1e12, 0.9e12, 4, 0.03),
                        new NodeStatus.OperatorFigures("beta", 2e12, 1.9e12, 5, 0.06)));
        NodeStatus b = status(2, 1_000_500, 7, List.of(new NodeStatus.OperatorFigures("beta", 3e12, 2.9e12, 7, 0.09)));
        store.writeStatus(a);
        store.writeStatus(b);
        assertThat(store.statuses()).containsExactly(a, b);

        NodeStatus a2 = status(0, 1_002_000, 12, List.of(new NodeStatus.OperatorFigures("alpha", 5e11, 8e11, 3, 0.02)));
        store.writeStatus(a2);
        assertThat(store.statuses()).containsExactly(a2, b);
    }

    @Test
    void aStatusBeforeTheFirstJobKeepsItsNullsAndEmptyLists() throws Exception {
        NodeStatus s = new NodeStatus(
                5,
                "i",
                "h",
                "v",
                List.of(),
                "127.0.0.1:1",
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                null,
                null,
                null,
                false,
                "simulated chain, no job yet",
                0,
                0,
                false,
                1,
                2,
                List.of());
        store.writeStatus(s);
        assertThat(store.statuses()).containsExactly(s);
    }

    @Test
    void commandsAreOpenUntilMarkedDoneOnceAndAreListedNewestFirst() throws Exception {
        long first = store.addCommand(1, ClusterCommand.Kind.DRAIN, "127.0.0.1:3333", 100, "ops@console");
        long second = store.addCommand(1, ClusterCommand.Kind.MESSAGE, "maintenance at 02:00", 200, "ops@console");
        long other = store.addCommand(2, ClusterCommand.Kind.LIFT_BAN, "192.0.2.7", 300, "ops@console");
        assertThat(store.openCommands(1)).extracting(ClusterCommand::id).containsExactly(first, second);
        assertThat(store.openCommands(2))
                .extracting(ClusterCommand::kind)
                .containsExactly(ClusterCommand.Kind.LIFT_BAN);

        assertThat(store.markDone(first, "client.reconnect sent to 3 connections", 400))
                .isTrue();
        assertThat(store.markDone(first, "again", 500)).as("done once").isFalse();
        assertThat(store.openCommands(1)).extracting(ClusterCommand::id).containsExactly(second);
        ClusterCommand done = store.command(first).orElseThrow();
        assertThat(done.doneMillis()).isEqualTo(400L);
        assertThat(done.result()).isEqualTo("client.reconnect sent to 3 connections");
        assertThat(store.recentCommands(10)).extracting(ClusterCommand::id).containsExactly(other, second, first);
    }

    @Test
    void theAuditKeepsWhoWhenAndWhatNewestFirst() throws Exception {
        store.audit(10, "alice from 10.0.0.5", "drain", "node 1", "to 127.0.0.1:3334");
        store.audit(20, "bob from 10.0.0.6", "message", "all nodes", "hello");
        assertThat(store.audits(10))
                .extracting(AuditEntry::timeMillis, AuditEntry::actor, AuditEntry::action, AuditEntry::target)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(20L, "bob from 10.0.0.6", "message", "all nodes"),
                        org.assertj.core.groups.Tuple.tuple(10L, "alice from 10.0.0.5", "drain", "node 1"));
        assertThat(store.audits(1)).hasSize(1);
    }
}
