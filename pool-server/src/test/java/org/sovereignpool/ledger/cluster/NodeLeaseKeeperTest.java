package org.sovereignpool.ledger.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.ledger.FlakyStore;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;

class NodeLeaseKeeperTest {
    @TempDir
    Path dir;

    private LedgerStore store;
    private final AtomicLong now = new AtomicLong(1_000_000);

    @BeforeEach
    void open() {
        store = JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private NodeLeaseKeeper keeper(LedgerStore s, SimpleMeterRegistry registry, String host) {
        return new NodeLeaseKeeper(s, 7, host, 9_000, now::get, registry);
    }

    private static double gauge(SimpleMeterRegistry r, String name) {
        return r.get(name).gauge().value();
    }

    @Test
    void aSecondInstanceIsRefusedNamingTheHolderAndTheHolderCountsIt() throws Exception {
        SimpleMeterRegistry ra = new SimpleMeterRegistry();
        NodeLeaseKeeper a = keeper(store, ra, "host-a pid 11");
        a.claim();
        assertThat(a.held()).isTrue();
        assertThat(gauge(ra, "ledger.node.lease.held")).isEqualTo(1);
        now.addAndGet(2_000);
        SimpleMeterRegistry rb = new SimpleMeterRegistry();
        NodeLeaseKeeper b = keeper(store, rb, "host-b pid 22");
        assertThatThrownBy(b::claim)
                .isInstanceOf(DuplicateNodeIdException.class)
                .hasMessageContaining("pool.nodeId 7 is held by another live instance: " + a.instanceId())
                .hasMessageContaining("host-a pid 11")
                .hasMessageContaining("last heartbeat 1970-01-01T00:16:40Z (2000 ms ago)");
        assertThat(b.held()).isFalse();
        assertThat(rb.get("ledger.node.lease.conflicts").counter().count()).isEqualTo(1);
        a.beat();
        assertThat(gauge(ra, "ledger.node.duplicate.refused")).isEqualTo(1);
        b.beat(); // refused for good: it does not keep knocking
        assertThat(b.held()).isFalse();
    }

    /** After a crash the restarted process need not wait for the dead one's lease to run out. */
    @Test
    void aLiveLeaseOfADeadProcessOnThisHostIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = NodeLeaseKeeper.thisHost();
        String deadHost = host.substring(0, host.lastIndexOf(" pid ")) + " pid " + gone.pid();
        keeper(store, new SimpleMeterRegistry(), deadHost).claim();
        NodeLeaseKeeper restarted = keeper(store, new SimpleMeterRegistry(), host);
        restarted.claim();
        assertThat(restarted.held()).isTrue();
        assertThat(store.nodeEvents(7, 0).getLast().detail()).contains("died (its process is gone)");
        // a live process of this host (this one) is not taken over
        NodeLeaseKeeper third = keeper(store, new SimpleMeterRegistry(), host);
        assertThatThrownBy(third::claim).isInstanceOf(DuplicateNodeIdException.class);
    }

    /**
     * Process ids come round again (threads share their numbers): a live process that has the dead holder's id but
     * started at another time is not the holder, so the lease is taken over; the same id with the same start time is.
     */
    @Test
    void aReusedProcessIdIsNotMistakenForTheHolder() throws Exception {
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            String host = NodeLeaseKeeper.thisHost();
            String name = host.substring(0, host.lastIndexOf(" pid "));
            String sameProcess = name + " pid " + other.pid() + NodeLeaseKeeper.startedSuffix(other.toHandle());
            assertThat(NodeLeaseKeeper.deadOnThisHost(sameProcess)).isFalse();
            String earlierHolder = name + " pid " + other.pid() + " started 1000";
            assertThat(NodeLeaseKeeper.deadOnThisHost(earlierHolder)).isTrue();
            // a holder written before start times were recorded: a live process with its id may be it
            assertThat(NodeLeaseKeeper.deadOnThisHost(name + " pid " + other.pid()))
                    .isFalse();
            assertThat(NodeLeaseKeeper.deadOnThisHost("another-host pid " + other.pid() + " started 1000"))
                    .isFalse();
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void anInstanceWhoseLeaseRanOutAndWasTakenStopsHoldingIt() throws Exception {
        NodeLeaseKeeper a = keeper(store, new SimpleMeterRegistry(), "host-a");
        List<String> conflicts = new CopyOnWriteArrayList<>();
        a.onConflict(conflicts::add);
        a.claim();
        now.addAndGet(9_000); // a's link was cut: no heartbeat for a whole lease
        NodeLeaseKeeper b = keeper(store, new SimpleMeterRegistry(), "host-b");
        b.claim();
        assertThat(b.held()).isTrue();
        a.beat(); // the link is back
        assertThat(a.held()).isFalse();
        assertThat(conflicts).singleElement().asString().contains("another instance holds this node id now");
        b.close(true);
        assertThat(store.leases().getFirst().released()).isTrue();
    }

    @Test
    void withTheDatabaseDownAtStartTheLeaseIsClaimedWhenItReturns() throws Exception {
        FlakyStore flaky = new FlakyStore(store);
        flaky.down = true;
        NodeLeaseKeeper a = keeper(flaky.store, new SimpleMeterRegistry(), "host-a");
        assertThatThrownBy(a::claim).isInstanceOf(SQLException.class);
        a.beat();
        assertThat(a.held()).isFalse();
        flaky.down = false;
        a.beat();
        assertThat(a.held()).isTrue();
        assertThat(store.leases().getFirst().instanceId()).isEqualTo(a.instanceId());
    }

    @Test
    void aDeferredClaimThatFindsTheIdTakenIsAConflict() throws Exception {
        FlakyStore flaky = new FlakyStore(store);
        flaky.down = true;
        NodeLeaseKeeper late = keeper(flaky.store, new SimpleMeterRegistry(), "host-late");
        List<String> conflicts = new CopyOnWriteArrayList<>();
        late.onConflict(conflicts::add);
        assertThatThrownBy(late::claim).isInstanceOf(SQLException.class);
        NodeLeaseKeeper holder = keeper(store, new SimpleMeterRegistry(), "host-holder");
        holder.claim();
        flaky.down = false;
        late.beat();
        assertThat(late.held()).isFalse();
        assertThat(conflicts).singleElement().asString().contains("host-holder");
    }
}
