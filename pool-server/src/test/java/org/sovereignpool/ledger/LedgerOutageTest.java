package org.sovereignpool.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.ledger.journal.JournalOptions;
import org.sovereignpool.ledger.journal.ShareJournal;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.ledger.store.ShareAggregate;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.WorkerName;

/**
 * Acceptance: PostgreSQL unreachable for 30 s (through a proxy that is cut) while shares keep being recorded; the
 * miners keep being answered, the lag metric shows the backlog, and afterwards everything is applied exactly once.
 */
class LedgerOutageTest {
    static final int NODE = 5;
    static final long OUTAGE_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    private final String schema = LedgerTestDatabases.freshSchema("outage");

    @AfterEach
    void drop() throws Exception {
        LedgerTestDatabases.dropSchema(schema);
    }

    @Test
    void thePoolStartsAndRecordsWhileTheDatabaseIsDown() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TcpProxy proxy = new TcpProxy(5432)) {
            proxy.cut();
            try (JdbcLedgerStore store = JdbcLedgerStore.openDeferred(
                            "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test",
                            LedgerTestDatabases.PG_USER,
                            "",
                            schema);
                    ShareJournal journal = ShareJournal.open(dir, new JournalOptions(20, 1 << 20));
                    LedgerApplier applier = new LedgerApplier(
                            journal,
                            store,
                            NODE,
                            new LedgerApplier.Options(10_000, 5_000, 10, 200),
                            registry,
                            System::currentTimeMillis)) {
                applier.start();
                for (int i = 0; i < 1000; i++) {
                    journal.record(new AcceptedShare(new WorkerName("outage", "m" + i % 3), 2, 3, i, 900_000, false));
                }
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                registry.get("ledger.apply.failures").counter().count() >= 2);
                assertThat(applier.databaseUp()).isFalse();
                assertThat(applier.lag()).isEqualTo(1000);
                proxy.restore();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> applier.caughtUp() && applier.appliedSequence() == 1000);
                assertThat(store.shareCount(NODE)).isEqualTo(1000);
            }
        }
    }

    @Test
    void thirtySecondsWithoutTheDatabaseLoseNothing() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, AtomicLong> recorded = new HashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (TcpProxy proxy = new TcpProxy(5432);
                JdbcLedgerStore store = JdbcLedgerStore.open(
                        "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test",
                        LedgerTestDatabases.PG_USER,
                        "",
                        schema);
                ShareJournal journal = ShareJournal.open(dir, new JournalOptions(20, 1 << 20));
                LedgerApplier applier = new LedgerApplier(
                        journal,
                        store,
                        NODE,
                        new LedgerApplier.Options(10_000, 5_000, 10, 500),
                        registry,
                        System::currentTimeMillis)) {
            applier.start();
            List<Thread> miners = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                String worker = "m" + t;
                AtomicLong count = new AtomicLong();
                recorded.put(worker, count);
                miners.add(Thread.ofPlatform().name("miner-" + t).start(() -> {
                    WorkerName w = new WorkerName("outage", worker);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // bounded
                    while (!stop.get() && System.nanoTime() < deadline) {
                        journal.record(new AcceptedShare(w, 2, 3, System.currentTimeMillis(), 900_000, false));
                        count.incrementAndGet(); // the miner got true
                        LockSupport.parkNanos(200_000); // ~5k shares/s per miner
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> applier.appliedSequence() > 1000);

            proxy.cut();
            long cutAt = System.nanoTime();
            long before = journal.writtenSequence();
            // the database stays away for 30 s, measured; poll meanwhile that miners are served and the lag grows
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> System.nanoTime() - cutAt >= OUTAGE_NANOS);
            long outageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
            assertThat(outageMillis).isGreaterThanOrEqualTo(30_000);
            assertThat(applier.databaseUp()).isFalse();
            assertThat(journal.writtenSequence() - before)
                    .as("miners kept being served")
                    .isGreaterThan(10_000);
            assertThat(registry.get("ledger.journal.lag").gauge().value()).isGreaterThan(10_000);
            assertThat(registry.get("ledger.apply.failures").counter().count()).isPositive();

            proxy.restore();
            await().atMost(Duration.ofSeconds(60)).until(() -> applier.databaseUp() && applier.lag() < 20_000);
            stop.set(true);
            for (Thread m : miners) {
                m.join();
            }
            journal.sync();
            await().atMost(Duration.ofSeconds(60)).until(applier::caughtUp);

            long total = recorded.values().stream().mapToLong(AtomicLong::get).sum();
            assertThat(journal.writtenSequence()).isEqualTo(total);
            assertThat(store.appliedSequence(NODE)).isEqualTo(total);
            assertThat(store.shareCount(NODE))
                    .as("nothing missing, nothing twice")
                    .isEqualTo(total);
            Map<String, Long> perWorker = new HashMap<>();
            for (ShareAggregate a : store.sharesBySequence(NODE, 0, Long.MAX_VALUE)) {
                perWorker.merge(a.worker(), a.shareCount(), Long::sum);
            }
            recorded.forEach((w, c) -> assertThat(perWorker.get(w)).as(w).isEqualTo(c.get()));
            assertThat(registry.get("ledger.journal.lag").gauge().value()).isZero();
        } finally {
            stop.set(true);
        }
    }
}
