package org.sovereignpool.ledger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.sovereignpool.ledger.journal.JournalOptions;
import org.sovereignpool.ledger.journal.ShareJournal;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.WorkerName;

/**
 * Throughput of the share journal (fsync on) and of the ledger apply (H2, PostgreSQL). Not a unit test: run by hand,
 * see BENCHMARKS-ledger.md for the command and the figures.
 *
 * <pre>
 * journal THREADS SHARES_PER_THREAD    appends from THREADS threads, fsync every 20 ms
 * apply h2|pg WORKERS SHARES           fills a journal, then times the applier draining it into the database
 * paced RATE SECONDS                   appends at RATE shares/s and measures how long a share waits to be durable
 * </pre>
 */
public final class LedgerBenchmark {
    private LedgerBenchmark() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "journal" -> journal(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "apply" -> apply(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "paced" -> paced(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("journal | apply");
        }
    }

    static AcceptedShare[] shares(int workers, int count, long shareNanos) {
        WorkerName[] names = new WorkerName[workers];
        for (int i = 0; i < workers; i++) {
            names[i] = new WorkerName("op" + (i % 50), "rig-" + i);
        }
        AcceptedShare[] out = new AcceptedShare[count];
        long t0 = 1_790_000_000_000L;
        for (int i = 0; i < count; i++) {
            out[i] = new AcceptedShare(
                    names[i % workers], 65536, 70000 + i % 1000, t0 + i * shareNanos / 1_000_000, 925_000, false);
        }
        return out;
    }

    static void journal(int threads, int perThread) throws Exception {
        Path dir = Files.createTempDirectory("journal-bench");
        AcceptedShare[] shares = shares(1000, 1 << 16, 5_000);
        try (ShareJournal journal = ShareJournal.open(dir, new JournalOptions(20, 64 << 20))) {
            for (int round = 0; round < 3; round++) { // round 0 warms up
                long t0 = System.nanoTime();
                long f0 = journal.fsyncCount();
                long fn0 = journal.fsyncNanos();
                List<Thread> ts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int offset = t * 7919;
                    ts.add(Thread.ofPlatform().start(() -> {
                        for (int i = 0; i < perThread; i++) {
                            journal.record(shares[(offset + i) & (shares.length - 1)]);
                        }
                    }));
                }
                for (Thread t : ts) {
                    t.join();
                }
                long written = System.nanoTime();
                long durable = journal.sync();
                long synced = System.nanoTime();
                double secs = (written - t0) / 1e9;
                long fsyncs = journal.fsyncCount() - f0;
                System.out.printf(
                        Locale.ROOT,
                        "journal round %d: %d threads x %d shares in %.3f s = %,.0f shares/s (fsync every 20 ms:"
                                + " %d fsyncs averaging %.2f ms; final sync %.1f ms; durable seq %d)%n",
                        round,
                        threads,
                        perThread,
                        secs,
                        threads * (double) perThread / secs,
                        fsyncs,
                        (journal.fsyncNanos() - fn0) / 1e6 / Math.max(1, fsyncs),
                        (synced - written) / 1e6,
                        durable);
                journal.deleteSegmentsThrough(durable);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** The durability window at a steady rate: the longest time from record() returning to its fsync completing. */
    static void paced(int rate, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("journal-paced");
        int total = rate * seconds;
        AcceptedShare[] shares = shares(1000, 1 << 16, 5_000);
        long[] appended = new long[total + 1];
        try (ShareJournal journal = ShareJournal.open(dir, new JournalOptions(20, 64 << 20))) {
            long[] worst = {0};
            long[] sum = {0, 0};
            Thread watcher = Thread.ofPlatform().start(() -> {
                long seen = 0;
                while (seen < total) {
                    long d = journal.durableSequence();
                    if (d > seen) {
                        long now = System.nanoTime();
                        long wait = now - appended[(int) seen + 1]; // the oldest share made durable by this fsync
                        worst[0] = Math.max(worst[0], wait);
                        sum[0] += wait;
                        sum[1]++;
                        seen = d;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
            });
            long t0 = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = t0 + (long) i * 1_000_000_000L / rate;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                appended[i + 1] = System.nanoTime(); // before append: the seq is i + 1 (single writer)
                journal.record(shares[i & (shares.length - 1)]);
            }
            watcher.join();
            System.out.printf(
                    Locale.ROOT,
                    "paced %,d shares/s for %d s: %d fsyncs averaging %.2f ms; a share waited for its fsync"
                            + " %.1f ms on average, %.1f ms at worst (fsync interval 20 ms)%n",
                    rate,
                    seconds,
                    journal.fsyncCount(),
                    journal.fsyncNanos() / 1e6 / journal.fsyncCount(),
                    sum[0] / 1e6 / Math.max(1, sum[1]),
                    worst[0] / 1e6);
        } finally {
            deleteTree(dir);
        }
    }

    static void apply(String db, int workers, int count) throws Exception {
        Path dir = Files.createTempDirectory("apply-bench");
        String schema = LedgerTestDatabases.freshSchema("bench");
        boolean pg = db.equals("pg");
        try (JdbcLedgerStore store = pg
                        ? JdbcLedgerStore.open(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "", schema)
                        : JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null);
                ShareJournal journal = ShareJournal.open(dir.resolve("journal"), new JournalOptions(20, 64 << 20))) {
            // shares arrive at 200k/s in their timestamps: a 10 s bucket holds 2 M shares
            for (AcceptedShare s : shares(workers, count, 5_000)) {
                journal.record(s);
            }
            journal.sync();
            LedgerApplier applier = new LedgerApplier(
                    journal,
                    store,
                    1,
                    new LedgerApplier.Options(10_000, Integer.getInteger("batch", 200_000), 50, 2_000),
                    new SimpleMeterRegistry(),
                    System::currentTimeMillis);
            long t0 = System.nanoTime();
            int batches = 0;
            while (applier.applyOnce() > 0) {
                batches++;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "apply %s: %,d shares from %,d workers in %d batches, %.3f s = %,.0f shares/s (%,d rows)%n",
                    db,
                    count,
                    workers,
                    batches,
                    secs,
                    count / secs,
                    store.sharesBySequence(1, 0, Long.MAX_VALUE).size());
            if (store.shareCount(1) != count) {
                throw new IllegalStateException("applied " + store.shareCount(1) + " of " + count);
            }
            applier.close();
        } finally {
            if (pg) {
                LedgerTestDatabases.dropSchema(schema);
            }
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
