package org.sovereignpool.ledger.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.share.job.ReceiptAnchor;

class ReceiptHeadCacheTest {
    private static final String H1 = "1".repeat(64);
    private static final String H2 = "2".repeat(64);

    /** A head that tests set, and a database that tests take down. */
    private static final class FakeHead implements ReceiptHeadCache.HeadReader {
        final AtomicReference<LedgerStore.ReceiptHead> head = new AtomicReference<>();
        volatile boolean down;
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public LedgerStore.ReceiptHead read() throws SQLException {
            reads.incrementAndGet();
            if (down) {
                throw new SQLException("connection refused", "08001");
            }
            return head.get();
        }
    }

    @Test
    void anchorsTheHeadReadAndTellsListenersOnlyOfChanges() {
        FakeHead db = new FakeHead();
        ReceiptHeadCache cache = new ReceiptHeadCache(db);
        List<ReceiptAnchor> heard = new CopyOnWriteArrayList<>();
        cache.addChangeListener(heard::add);
        assertThat(cache.currentAnchor()).isEmpty();

        db.head.set(new LedgerStore.ReceiptHead(0, ReceiptChain.GENESIS_HASH));
        assertThat(cache.refresh()).isTrue();
        assertThat(cache.currentAnchor()).contains(new ReceiptAnchor(0, ReceiptChain.GENESIS_HASH));
        assertThat(cache.refresh()).isTrue();
        assertThat(heard).hasSize(1);

        db.head.set(new LedgerStore.ReceiptHead(1, H1));
        cache.refresh();
        assertThat(heard).containsExactly(new ReceiptAnchor(0, ReceiptChain.GENESIS_HASH), new ReceiptAnchor(1, H1));
    }

    @Test
    void aDatabaseOutageKeepsTheLastHeadAndAFreshStartWithoutOneAnchorsNothing() {
        FakeHead db = new FakeHead();
        db.down = true;
        ReceiptHeadCache cache = new ReceiptHeadCache(db);
        assertThat(cache.refresh()).isFalse();
        assertThat(cache.currentAnchor()).as("no head known yet: no anchor").isEmpty();

        db.down = false;
        db.head.set(new LedgerStore.ReceiptHead(1, H1));
        assertThat(cache.refresh()).isTrue();
        db.down = true;
        db.head.set(new LedgerStore.ReceiptHead(2, H2));
        assertThat(cache.refresh()).isFalse();
        assertThat(cache.currentAnchor()).contains(new ReceiptAnchor(1, H1));
    }

    @Test
    void aMissingOrDamagedHeadRowIsNotAnchored() {
        FakeHead db = new FakeHead();
        ReceiptHeadCache cache = new ReceiptHeadCache(db);
        db.head.set(new LedgerStore.ReceiptHead(3, H1));
        cache.refresh();
        db.head.set(new LedgerStore.ReceiptHead(-1, "(missing)"));
        assertThat(cache.refresh()).isFalse();
        db.head.set(new LedgerStore.ReceiptHead(4, "not hex"));
        assertThat(cache.refresh()).isFalse();
        assertThat(cache.currentAnchor()).contains(new ReceiptAnchor(3, H1));
    }

    @Test
    void readsPeriodicallyAndSoonWhenAsked() {
        FakeHead db = new FakeHead();
        db.head.set(new LedgerStore.ReceiptHead(1, H1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ReceiptHeadCache periodic = new ReceiptHeadCache(db).bindTo(registry)) {
            assertThat(registry.get("ledger.anchor.receipt.id").gauge().value()).isEqualTo(-1);
            periodic.start(20);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> periodic.currentAnchor().isPresent());
            db.head.set(new LedgerStore.ReceiptHead(2, H2));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> periodic.currentAnchor().orElseThrow().receiptId() == 2);
            assertThat(registry.get("ledger.anchor.receipt.id").gauge().value()).isEqualTo(2);
        }
        FakeHead other = new FakeHead();
        other.head.set(new LedgerStore.ReceiptHead(5, H1));
        try (ReceiptHeadCache onDemand = new ReceiptHeadCache(other)) {
            onDemand.refreshSoon(); // not started: nothing happens
            assertThat(other.reads).hasValue(0);
            onDemand.start(3_600_000);
            onDemand.refreshSoon();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> onDemand.currentAnchor().isPresent());
        }
    }

    @Test
    void onARealLedgerTheHeadIsTheLastReceipt(@TempDir Path dir) throws Exception {
        try (JdbcLedgerStore store = JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null)) {
            ReceiptHeadCache cache = new ReceiptHeadCache(store::receiptHead);
            cache.refresh();
            assertThat(cache.currentAnchor()).contains(new ReceiptAnchor(0, ReceiptChain.GENESIS_HASH));
            String hash = "ab".repeat(32);
            store.recordBlock(
                    new BlockRecord(
                            hash,
                            101,
                            "op",
                            "rig",
                            1_000,
                            5_000_000_000L,
                            1.0,
                            0,
                            0,
                            Map.of(),
                            BlockStatus.PENDING,
                            0,
                            false,
                            1_000),
                    new TreasuryReceipt.Draft(101, hash, 5_000_000_000L, 1_000, "FOUND"));
            cache.refresh();
            TreasuryReceipt[] first = new TreasuryReceipt[1];
            store.forEachReceipt(r -> {
                first[0] = r;
                return false;
            });
            assertThat(cache.currentAnchor()).contains(new ReceiptAnchor(1, first[0].entryHash()));
        }
    }
}
