package org.sovereignpool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;

/** The reporter's period: the status written, then each open command carried out once and marked done. On H2. */
class NodeStatusReporterTest {
    @TempDir
    Path dir;

    JdbcLedgerStore ledger;
    ClusterStore store;
    final List<String> done = new ArrayList<>();
    final AtomicBoolean holds = new AtomicBoolean(true);
    NodeStatusReporter reporter;

    @BeforeEach
    void open() {
        ledger = JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null);
        store = new ClusterStore(ledger.dataSource(), ledger::ensureMigrated);
        NodeStatusReporter.Steering steering = new NodeStatusReporter.Steering() {
            @Override
            public int reconnectAll(String host, int port, int waitSeconds) {
                done.add("reconnect " + host + " " + port + " " + waitSeconds);
                return 2;
            }

            @Override
            public int showMessage(String text) {
                done.add("message " + text);
                return 3;
            }

            @Override
            public boolean liftBan(String address) {
                done.add("lift " + address);
                return address.equals("192.0.2.7");
            }
        };
        reporter = new NodeStatusReporter(
                        7,
                        store,
                        () -> ClusterStoreContract.status(7, 5_000, 4, List.of()),
                        steering,
                        () -> 9_000,
                        new SimpleMeterRegistry())
                .onlyWhile(holds::get);
    }

    @AfterEach
    void close() {
        reporter.close();
        ledger.close();
    }

    @Test
    void eachCommandIsCarriedOutOnceAndADrainShowsInTheNextStatus() throws Exception {
        long drain = store.addCommand(7, ClusterCommand.Kind.DRAIN, "[2001:db8::1]:3334", 1, "ops");
        long message = store.addCommand(7, ClusterCommand.Kind.MESSAGE, "hello", 2, "ops");
        long lift = store.addCommand(7, ClusterCommand.Kind.LIFT_BAN, "192.0.2.8", 3, "ops");
        long bad = store.addCommand(7, ClusterCommand.Kind.DRAIN, "no-port", 4, "ops");
        long other = store.addCommand(8, ClusterCommand.Kind.MESSAGE, "not for 7", 5, "ops");
        reporter.tick();
        assertThat(done).containsExactly("reconnect 2001:db8::1 3334 0", "message hello", "lift 192.0.2.8");
        assertThat(store.command(drain).orElseThrow().result())
                .isEqualTo("client.reconnect to [2001:db8::1]:3334 sent to 2 connections");
        assertThat(store.command(message).orElseThrow().result())
                .isEqualTo("client.show_message sent to 3 connections");
        assertThat(store.command(lift).orElseThrow().result()).isEqualTo("not banned here");
        assertThat(store.command(bad).orElseThrow().result()).isEqualTo("failed: not host:port: no-port");
        assertThat(store.command(drain).orElseThrow().doneMillis()).isEqualTo(9_000L);
        assertThat(store.command(other).orElseThrow().doneMillis()).isNull();
        assertThat(store.statuses())
                .singleElement()
                .satisfies(s -> assertThat(s.draining()).isFalse());

        reporter.tick(); // nothing twice; the drain shows
        assertThat(done).hasSize(3);
        assertThat(store.statuses())
                .singleElement()
                .satisfies(s -> assertThat(s.draining()).isTrue());
    }

    @Test
    void withoutItsNodeIdTheReporterNeitherWritesNorTakesCommands() throws Exception {
        holds.set(false);
        long id = store.addCommand(7, ClusterCommand.Kind.MESSAGE, "hello", 1, "ops");
        reporter.tick();
        assertThat(store.statuses()).isEmpty();
        assertThat(store.command(id).orElseThrow().doneMillis()).isNull();
        assertThat(done).isEmpty();
    }

    @Test
    void hostPortNamesWhatIsWrong() {
        assertThat(NodeStatusReporter.HostPort.parse("10.0.0.1:3333"))
                .isEqualTo(new NodeStatusReporter.HostPort("10.0.0.1", 3333));
        assertThatThrownBy(() -> NodeStatusReporter.HostPort.parse("10.0.0.1:70000"))
                .hasMessage("port must be 1..65535: 10.0.0.1:70000");
        assertThatThrownBy(() -> NodeStatusReporter.HostPort.parse(":3333")).hasMessage("not host:port: :3333");
        assertThat(NodeStatusReporter.HostPort.format("::1", 3333)).isEqualTo("[::1]:3333");
    }
}
