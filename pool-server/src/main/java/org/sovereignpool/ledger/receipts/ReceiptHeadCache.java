package org.sovereignpool.ledger.receipts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.ledger.store.DatabaseThreads;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.mining.AnchorSource;
import org.sovereignpool.share.job.ReceiptAnchor;

/**
 * The receipt chain's head, kept in memory for the job manager to anchor in every coinbase without touching the
 * database: read at {@link #refresh}, on its own thread every period once {@link #start}ed, and soon after
 * {@link #refreshSoon} (e.g. when this node has just recorded a found block, whose receipt is then the head).
 *
 * <p>When the database cannot be read, the last head read stays in use: an older head is still a true statement
 * about the chain's past. Before the first successful read (a start while the database is down) there is no head,
 * and coinbases carry no anchor until the database answers.
 *
 * <p>Thread safe. Change listeners run on the cache's thread (or the caller of {@link #refresh}) and must not block.
 */
public final class ReceiptHeadCache implements AnchorSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReceiptHeadCache.class);
    /** How often the head is read when nothing asks sooner: receipts appended by other nodes or the tracker. */
    public static final long DEFAULT_PERIOD_MILLIS = 2_000;

    /** Reads the stored head ({@link LedgerStore#receiptHead}). */
    @FunctionalInterface
    public interface HeadReader {
        LedgerStore.ReceiptHead read() throws SQLException;
    }

    private final HeadReader reader;
    private final List<Consumer<ReceiptAnchor>> listeners = new CopyOnWriteArrayList<>();
    private volatile ReceiptAnchor head;
    /** One read at a time; not the instance's monitor, so {@link #refreshSoon} never waits for a slow read. */
    private final Object readLock = new Object();

    private boolean failing;
    private volatile ScheduledExecutorService executor;

    public ReceiptHeadCache(HeadReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** Exports {@code ledger.anchor.receipt.id}: the receipt id coinbases anchor now (-1: none known). */
    public ReceiptHeadCache bindTo(MeterRegistry registry) {
        Gauge.builder(
                        "ledger.anchor.receipt.id",
                        this,
                        c -> c.currentAnchor().map(ReceiptAnchor::receiptId).orElse(-1L))
                .description("the treasury receipt id new coinbases anchor on chain (-1: none known yet)")
                .register(registry);
        return this;
    }

    /** Called with the new head whenever a read finds a different one. */
    public void addChangeListener(Consumer<ReceiptAnchor> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Optional<ReceiptAnchor> currentAnchor() {
        return Optional.ofNullable(head);
    }

    /**
     * Reads the head now (blocks on the database). Returns whether the read succeeded; on failure the last head
     * stays.
     */
    public boolean refresh() {
        synchronized (readLock) {
            return readAndPublish();
        }
    }

    private boolean readAndPublish() {
        LedgerStore.ReceiptHead read;
        try {
            read = reader.read();
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                log.warn(
                        "receipt chain head unreadable ({}); coinbases keep anchoring {}",
                        e.toString(),
                        head == null ? "nothing until the database answers" : "receipt " + head.receiptId());
            }
            failing = true;
            return false;
        }
        ReceiptAnchor fresh;
        try {
            fresh = new ReceiptAnchor(read.lastId(), read.lastHash());
        } catch (IllegalArgumentException e) {
            // a head row that is missing or damaged: verify-ledger names it; anchoring it would only mislead
            if (!failing) {
                log.warn("receipt chain head {} cannot be anchored: {}", read, e.getMessage());
            }
            failing = true;
            return false;
        }
        if (failing) {
            log.info("receipt chain head readable again: receipt {}", fresh.receiptId());
        }
        failing = false;
        if (!fresh.equals(head)) {
            head = fresh;
            for (Consumer<ReceiptAnchor> l : listeners) {
                try {
                    l.accept(fresh);
                } catch (RuntimeException e) {
                    log.warn("receipt head listener failed", e);
                }
            }
        }
        return true;
    }

    /** Reads the head every {@code periodMillis} on a daemon thread until {@link #close}. */
    public synchronized void start(long periodMillis) {
        if (executor != null) {
            throw new IllegalStateException("already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("receipt-head").daemon(true).factory());
        executor.scheduleWithFixedDelay(this::refresh, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Asks for a read on the cache's thread, without waiting for it (nothing happens before {@link #start}). */
    public void refreshSoon() {
        ScheduledExecutorService e = executor;
        if (e != null) {
            try {
                e.execute(this::refresh);
            } catch (RejectedExecutionException closed) {
                log.debug("receipt head cache closed; refresh dropped");
            }
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            DatabaseThreads.stop(executor, 5_000);
        }
    }
}
