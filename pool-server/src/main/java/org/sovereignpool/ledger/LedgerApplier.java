package org.sovereignpool.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.ledger.journal.JournalReader;
import org.sovereignpool.ledger.journal.JournalRecord;
import org.sovereignpool.ledger.journal.ShareJournal;
import org.sovereignpool.ledger.store.ApplyResult;
import org.sovereignpool.ledger.store.JournalMismatchException;
import org.sovereignpool.ledger.store.JournalProgress;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.ShareAccrual;
import org.sovereignpool.ledger.store.ShareAggregate;
import org.sovereignpool.ledger.store.ShareBatch;
import org.sovereignpool.ledger.store.StaleCursorException;
import org.sovereignpool.ledger.store.UnvaluedShareException;

/**
 * Moves shares from the journal into the ledger: reads durable records past the ledger's applied sequence,
 * aggregates them per worker per bucket (<= 10 s), and writes the aggregates and the new applied sequence in one
 * transaction. Replays are idempotent because the applied sequence moves in that same transaction.
 *
 * <p>Outages: any failure (database down, a commit whose answer was lost) drops the reader; the next attempt, after a
 * back-off that doubles up to {@link Options#maxBackoffMillis}, asks the database where it is and re-reads from there.
 * The journal keeps every segment until it is applied, so nothing is lost while the database is away; the lag is
 * exported as {@code ledger.journal.lag}.
 *
 * <p>Nothing is skipped silently: a journal that cannot be applied as it is stops the applier for good with a named
 * error ({@link #haltReason}, gauge {@code ledger.applier.halted}, counter {@code ledger.applier.halts{reason}}): a
 * gap between the ledger and the journal ({@link JournalGapException}), another journal than the one the ledger
 * applied for this node ({@link JournalMismatchException}), a stale copy of it numbering below the ledger
 * ({@link JournalBehindLedgerException}: the directory is also marked so no node starts on it), a share PPS cannot
 * value. The shares stay in the journal.
 *
 * <p>Threading: one background thread ({@link #start}); {@link #applyOnce} is for tests and tools and must not be
 * called while that thread runs.
 */
public final class LedgerApplier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LedgerApplier.class);

    /**
     * @param bucketMillis 1..10000: the aggregation bucket
     * @param maxBatchRecords records per transaction
     * @param idleMillis pause when the journal has nothing new
     * @param maxBackoffMillis the longest pause between retries while the database is unreachable
     */
    public record Options(long bucketMillis, int maxBatchRecords, long idleMillis, long maxBackoffMillis) {
        public Options {
            if (bucketMillis < 1 || bucketMillis > 10_000) {
                throw new IllegalArgumentException("bucketMillis must be 1..10000, got " + bucketMillis);
            }
            if (maxBatchRecords < 1) {
                throw new IllegalArgumentException("maxBatchRecords must be >= 1, got " + maxBatchRecords);
            }
            if (idleMillis < 1 || maxBackoffMillis < 1) {
                throw new IllegalArgumentException("idleMillis and maxBackoffMillis must be >= 1");
            }
        }

        public static Options defaults() {
            return new Options(10_000, 200_000, 50, 2_000);
        }
    }

    private final ShareJournal journal;
    private final LedgerStore store;
    private final int nodeId;
    private final Options options;
    private final ShareAccrual accrual;
    private final LongSupplier clock;
    private final Counter batches;
    private final Counter shares;
    private final Counter failures;
    private final MeterRegistry registry;
    private final Thread thread;

    private volatile BooleanSupplier gate = () -> true;
    private volatile Exception halt;
    /** (clock, written sequence) pairs, oldest first: only the applying thread touches them. */
    private final java.util.ArrayDeque<long[]> marks = new java.util.ArrayDeque<>();

    private long pendingWatermark;
    private long writtenWatermark;
    private long lastIdleWatermarkWrite;
    private JournalReader reader;
    private volatile long applied = -1;
    private volatile boolean databaseUp = true;
    private volatile boolean stopping;
    private long downSinceMillis;

    public LedgerApplier(
            ShareJournal journal,
            LedgerStore store,
            int nodeId,
            Options options,
            MeterRegistry registry,
            LongSupplier clock) {
        this(journal, store, nodeId, options, ShareAccrual.NONE, registry, clock);
    }

    /** @param accrual how applied shares are credited at once (PPS), {@link ShareAccrual#NONE} under PPLNS */
    public LedgerApplier(
            ShareJournal journal,
            LedgerStore store,
            int nodeId,
            Options options,
            ShareAccrual accrual,
            MeterRegistry registry,
            LongSupplier clock) {
        this.accrual = Objects.requireNonNull(accrual, "accrual");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.store = Objects.requireNonNull(store, "store");
        this.nodeId = nodeId;
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
        Gauge.builder("ledger.applier.halted", this, a -> a.halt == null ? 0 : 1)
                .description("1 once the applier stopped for good (journal gap, another journal, a stale copy)")
                .register(registry);
        Gauge.builder("ledger.journal.lag", this, LedgerApplier::lag)
                .description("journal records written but not yet applied to the ledger database")
                .register(registry);
        Gauge.builder("ledger.database.up", this, a -> a.databaseUp ? 1 : 0)
                .description("1 while the last ledger database call succeeded")
                .register(registry);
        this.batches = Counter.builder("ledger.apply.batches")
                .description("batches applied")
                .register(registry);
        this.shares = Counter.builder("ledger.apply.shares")
                .description("shares applied")
                .register(registry);
        this.failures = Counter.builder("ledger.apply.failures")
                .description("failed apply attempts (database unreachable)")
                .register(registry);
        this.thread = Thread.ofPlatform().name("ledger-applier").daemon().unstarted(this::loop);
    }

    /**
     * Applies only while {@code mayApply} is true: a node applies its journal only while it holds its node id's lease,
     * so two instances with one node id never both write that node's progress. Call before {@link #start}.
     */
    public void requireLease(BooleanSupplier mayApply) {
        this.gate = Objects.requireNonNull(mayApply, "mayApply");
    }

    public void start() {
        thread.start();
    }

    /** The ledger's applied sequence as this applier last saw it (-1 before the first contact). */
    public long appliedSequence() {
        return applied;
    }

    /** Journal records written but not yet applied (never negative; a journal behind the ledger halts instead). */
    public long lag() {
        return Math.max(0, journal.writtenSequence() - Math.max(applied, 0));
    }

    /** True once everything durable in the journal is in the ledger. */
    public boolean caughtUp() {
        return applied >= journal.durableSequence();
    }

    public boolean databaseUp() {
        return databaseUp;
    }

    /**
     * Applies at most one batch and returns how many records it held (0: nothing new or already applied).
     *
     * @throws SQLException the database failed; nothing was applied (or it was, and the next call finds out)
     */
    public int applyOnce() throws SQLException, IOException {
        try {
            if (halt != null) {
                return 0;
            }
            if (reader == null) {
                JournalProgress progress = store.journalProgress(nodeId);
                long at = progress.appliedSeq();
                if (progress.journalId().isPresent()
                        && !progress.journalId().get().equals(journal.journalId())) {
                    throw new JournalMismatchException(
                            nodeId, progress.journalId().get(), at, journal.journalId());
                }
                if (at > journal.applicableThrough()) {
                    // only a stale copy of this journal can number below what the ledger applied of it
                    throw new JournalBehindLedgerException(
                            nodeId, journal.journalId(), journal.recovery().lastSequence(), at);
                }
                reader = journal.reader(at);
                applied = at;
            }
            noteWritten();
            Map<Key, Agg> aggs = new LinkedHashMap<>();
            long after = reader.lastSequence();
            long[] expected = {after + 1, -1};
            int n = reader.read(options.maxBatchRecords(), r -> {
                if (r.sequence() != expected[0] && expected[1] < 0) {
                    expected[1] = r.sequence(); // remember the first gap; the batch is refused below
                }
                expected[0] = r.sequence() + 1;
                add(aggs, r);
            });
            if (n == 0) {
                advanceIdleWatermark();
                return 0;
            }
            if (expected[1] >= 0) {
                // never skip silently: the ledger is behind records the journal no longer has (deleted after a
                // commit the database later lost?) or the journal was damaged; an operator must look
                throw new JournalGapException(nodeId, after, after, expected[1]);
            }
            long through = reader.lastSequence();
            List<ShareAggregate> rows = new ArrayList<>(aggs.size());
            for (Agg a : aggs.values()) {
                rows.add(a.toAggregate(nodeId));
            }
            journal.applyingThrough(through);
            long watermark = watermarkThrough(through);
            ApplyResult result = store.applyShares(new ShareBatch(
                    nodeId, journal.journalId(), after, through, rows, clock.getAsLong(), accrual, watermark));
            writtenWatermark = Math.max(writtenWatermark, watermark);
            applied = through;
            if (result == ApplyResult.APPLIED) {
                batches.increment();
                shares.increment(n);
            }
            journal.deleteSegmentsThrough(through);
            return result == ApplyResult.APPLIED ? n : 0;
        } catch (SQLException | IOException | RuntimeException e) {
            dropReader();
            throw e;
        }
    }

    /**
     * How long after its time stamp a share may reach the journal at most (the Stratum handler stamps it, validates
     * it, then journals it: microseconds, unless the process stalls). A share later than this, at or before a block
     * already credited, makes the block's credits be recomputed: correct, only later.
     */
    public static final long WATERMARK_SLACK_MILLIS = 2_000;

    /** The clock before each read, with the journal's written sequence just after: once applied, shares before it are. */
    private void noteWritten() {
        long t = clock.getAsLong();
        marks.addLast(new long[] {t, journal.writtenSequence()});
        if (marks.size() > 10_000) {
            marks.removeFirst(); // the watermark only lags behind
        }
    }

    /** The watermark once the journal is applied {@code throughSeq}: the latest mark it covers, less the slack. */
    private long watermarkThrough(long throughSeq) {
        while (!marks.isEmpty() && marks.peekFirst()[1] <= throughSeq) {
            pendingWatermark = Math.max(pendingWatermark, marks.removeFirst()[0] - WATERMARK_SLACK_MILLIS);
        }
        return pendingWatermark;
    }

    /** Caught up with nothing new: the watermark still moves (at most once a second), so blocks are not held up. */
    private void advanceIdleWatermark() throws SQLException {
        long wm = watermarkThrough(Math.max(applied, 0));
        long now = clock.getAsLong();
        if (wm > writtenWatermark && now - lastIdleWatermarkWrite >= 1_000) {
            store.advanceWatermark(nodeId, wm, now);
            writtenWatermark = wm;
            lastIdleWatermarkWrite = now;
        }
    }

    /**
     * At a clean stop, once no share can be journalled any more (Stratum closed): waits until the applier has applied
     * everything, then sets the watermark to now (every share of this node is applied). False if that did not happen
     * within {@code timeoutMillis} (the database is away): the node's lease should then run out rather than be
     * released, so blocks credited meanwhile are recomputed when its shares come.
     */
    public boolean finish(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            long written = journal.sync();
            while (applied < written) {
                if (halt != null || System.nanoTime() > deadline) {
                    return false;
                }
                if (!thread.isAlive()) {
                    applyOnce();
                } else {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
            }
            long now = clock.getAsLong();
            store.advanceWatermark(nodeId, now, now);
            return true;
        } catch (SQLException | IOException | RuntimeException e) {
            log.warn("node {}: the journal is not fully applied at stop ({})", nodeId, e.toString());
            return false;
        }
    }

    /**
     * Whether a failure means the journal cannot be applied as it is (the applier stops for good) rather than that
     * the database is away (it retries).
     */
    static boolean isFatal(Exception e) {
        return e instanceof JournalGapException
                || e instanceof JournalMismatchException
                || e instanceof JournalBehindLedgerException
                || e instanceof UnvaluedShareException
                || e instanceof ArithmeticException;
    }

    /** Why this applier stopped applying for good, if it did (gauge {@code ledger.applier.halted}). */
    public java.util.Optional<String> haltReason() {
        Exception h = halt;
        return h == null ? java.util.Optional.empty() : java.util.Optional.of(h.getMessage());
    }

    private void halt(Exception e) {
        halt = e;
        Counter.builder("ledger.applier.halts")
                .description("times the applier stopped for good on a journal it must not apply as it is")
                .tag("reason", e.getClass().getSimpleName())
                .register(registry)
                .increment();
        log.error(
                "LEDGER APPLIER STOPPED for node {}: {}. Shares stay in the journal; nothing more is applied until an"
                        + " operator acts.",
                nodeId,
                e.getMessage());
        if (e instanceof JournalBehindLedgerException) {
            try {
                journal.markHalted(e.getMessage());
            } catch (IOException marking) {
                log.error("could not mark the journal directory halted: {}", marking.toString());
            }
        }
    }

    private void dropReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException suppressed) {
                log.debug("closing the journal reader", suppressed);
            }
            reader = null;
        }
    }

    private void add(Map<Key, Agg> aggs, JournalRecord r) {
        Key key = new Key(
                r.operatorId(),
                r.worker(),
                Math.floorDiv(r.timeMillis(), options.bucketMillis()),
                r.height(),
                r.networkBits());
        aggs.computeIfAbsent(key, k -> new Agg(k, options.bucketMillis(), r)).add(r);
    }

    /** One aggregate per worker, bucket, height and network target: PPS values each group at its own subsidy. */
    private record Key(String operatorId, String worker, long bucket, int height, int networkBits) {}

    private static final class Agg {
        final Key key;
        final long bucketStart;
        final long firstSeq;
        long lastSeq;
        long count;
        double sum;
        double best;
        long firstMillis = Long.MAX_VALUE;
        long lastMillis = Long.MIN_VALUE;
        int maxHeight;
        int candidates;

        Agg(Key key, long bucketMillis, JournalRecord first) {
            this.key = key;
            this.bucketStart = key.bucket() * bucketMillis;
            this.firstSeq = first.sequence();
        }

        void add(JournalRecord r) {
            lastSeq = r.sequence();
            count++;
            sum += r.difficulty();
            best = Math.max(best, r.achievedDifficulty());
            firstMillis = Math.min(firstMillis, r.timeMillis());
            lastMillis = Math.max(lastMillis, r.timeMillis());
            maxHeight = Math.max(maxHeight, r.height());
            if (r.blockCandidate()) {
                candidates++;
            }
        }

        ShareAggregate toAggregate(int nodeId) {
            return new ShareAggregate(
                    nodeId,
                    firstSeq,
                    lastSeq,
                    key.operatorId(),
                    key.worker(),
                    bucketStart,
                    count,
                    sum,
                    best,
                    firstMillis,
                    lastMillis,
                    maxHeight,
                    candidates,
                    key.networkBits());
        }
    }

    private void loop() {
        long backoff = 0;
        while (!stopping) {
            if (!gate.getAsBoolean() || halt != null) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(options.idleMillis()));
                continue;
            }
            try {
                int n = applyOnce();
                if (!databaseUp) {
                    log.info(
                            "ledger database reachable again after {} ms; catching up {} records",
                            clock.getAsLong() - downSinceMillis,
                            lag());
                }
                databaseUp = true;
                backoff = 0;
                if (n == 0 && caughtUp()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(options.idleMillis()));
                }
            } catch (StaleCursorException e) {
                log.info("ledger applier re-reads from the database's applied sequence: {}", e.getMessage());
            } catch (SQLException | IOException | RuntimeException e) {
                if (isFatal(e)) {
                    halt(e);
                    continue;
                }
                failures.increment();
                if (databaseUp) {
                    downSinceMillis = clock.getAsLong();
                    log.warn(
                            "ledger apply failed; shares stay in the journal and will be applied later: {}",
                            e.toString());
                }
                databaseUp = false;
                backoff = backoff == 0 ? 50 : Math.min(backoff * 2, options.maxBackoffMillis());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        if (thread.isAlive()) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dropReader();
    }
}
