package org.sovereignpool.ledger.blocks;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.LedgerStore;

/**
 * Every found block and its life: recorded (first in a local fsynced file, then in the ledger with its treasury
 * receipt), credited once the journal is applied up to it, then followed on the chain in both directions, as the
 * {@link ChainView} (the node) says: ORPHANED when it leaves the main chain (credits reversed), PENDING again when it
 * returns (credits pending again), MATURE at {@value #MATURITY} confirmations (credits final). Each change is a
 * treasury receipt. Only maturity is final: a mature block stays so (a reorganisation deeper than 100 blocks is out of
 * scope), and an orphaned block is given up once the main chain is {@value #MATURITY} blocks past its height. Of two
 * of the pool's own blocks at one height, whichever the node has in its main chain is pending and the other
 * orphaned, and they swap if the node switches (a {@code preciousblock} on one decides nothing in the ledger).
 *
 * <p>Threading: {@link #recordFoundBlock} from any thread; {@link #poll} from one thread at a time (the tracker's own
 * when {@link #start}ed).
 */
public final class BlockTracker implements AutoCloseable {
    public static final int MATURITY = 100;
    /**
     * A block the node still does not know an hour after it was found never made it (every node rejected it, or it
     * lost the race before any node stored it): it is orphaned, so its credits are reversed rather than pending
     * forever.
     */
    public static final long UNKNOWN_GIVE_UP_MILLIS = 3_600_000;

    private static final Logger log = LoggerFactory.getLogger(BlockTracker.class);

    private final LedgerStore store;
    private final ChainView chain;
    private final BlockCredits credits;
    private final int nodeId;
    private final LongSupplier journalWrittenSequence;
    private final LongSupplier clock;
    private final FoundBlockLog localLog;
    /** Blocks in the local log not yet confirmed in the database, by hash. */
    private final Map<String, FoundBlockLog.Entry> unsaved = new LinkedHashMap<>();

    private volatile boolean stopping;
    private Thread thread;

    /**
     * @param localLogFile the local found-block file (e.g. {@code <journalDir>/found-blocks.jsonl}); blocks in it
     *     that the ledger lacks are inserted at the next {@link #poll}
     * @param journalWrittenSequence this node's journal written sequence (credits wait until it is applied)
     */
    public BlockTracker(
            LedgerStore store,
            ChainView chain,
            BlockCredits credits,
            int nodeId,
            Path localLogFile,
            LongSupplier journalWrittenSequence,
            LongSupplier clock)
            throws IOException {
        this.store = Objects.requireNonNull(store, "store");
        this.chain = Objects.requireNonNull(chain, "chain");
        this.credits = Objects.requireNonNull(credits, "credits");
        this.nodeId = nodeId;
        this.localLog = new FoundBlockLog(localLogFile);
        this.journalWrittenSequence = Objects.requireNonNull(journalWrittenSequence, "journalWrittenSequence");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (FoundBlockLog.Entry e : localLog.readAll()) {
            unsaved.put(e.block().hash(), e);
        }
    }

    /**
     * Records a found block: fsynced to the local file first, then into the ledger. Returns true if the ledger has
     * it now, false if the database was unreachable (it is kept locally and inserted by a later {@link #poll}).
     *
     * @throws IOException the local file could not be written (the block is not recorded anywhere)
     */
    public boolean recordFoundBlock(FoundBlockInfo block) throws IOException {
        FoundBlockLog.Entry entry = new FoundBlockLog.Entry(block, journalWrittenSequence.getAsLong());
        localLog.append(block, entry.creditAfterSeq());
        synchronized (unsaved) {
            unsaved.put(block.hash(), entry);
        }
        try {
            save(entry);
            return true;
        } catch (SQLException e) {
            log.warn("block {} kept locally; the ledger database is unreachable: {}", block.hash(), e.toString());
            return false;
        }
    }

    private void save(FoundBlockLog.Entry e) throws SQLException {
        FoundBlockInfo b = e.block();
        BlockRecord record = new BlockRecord(
                b.hash(),
                b.height(),
                b.finder().operatorId(),
                b.finder().worker(),
                b.timeMillis(),
                b.rewardSats(),
                b.networkDifficulty(),
                nodeId,
                e.creditAfterSeq(),
                b.submitResults(),
                BlockStatus.PENDING,
                0,
                false,
                clock.getAsLong(),
                credits.scheme());
        if (store.recordBlock(
                record, new TreasuryReceipt.Draft(b.height(), b.hash(), b.rewardSats(), b.timeMillis(), "FOUND"))) {
            log.info(
                    "block {} at height {} found by {} recorded; reward {} sats to the treasury",
                    b.hash(),
                    b.height(),
                    b.finder(),
                    b.rewardSats());
        }
        synchronized (unsaved) {
            unsaved.remove(b.hash());
        }
    }

    /** What one poll changed. */
    public record PollResult(int saved, int credited, int matured, int orphaned, int returned) {}

    /**
     * Inserts locally kept blocks, credits blocks whose window is applied, and follows pending blocks on the chain.
     *
     * @throws SQLException the database is unreachable; nothing is lost, the next poll continues
     */
    public PollResult poll() throws SQLException {
        int saved = 0;
        int credited = 0;
        int matured = 0;
        int orphaned = 0;
        int returned = 0;
        List<FoundBlockLog.Entry> pending;
        synchronized (unsaved) {
            pending = new ArrayList<>(unsaved.values());
        }
        for (FoundBlockLog.Entry e : pending) {
            save(e);
            saved++;
        }
        long now = clock.getAsLong();
        List<BlockRecord> open = store.openBlocks();
        OptionalInt tip =
                open.stream().anyMatch(b -> b.status() == BlockStatus.ORPHANED) ? tipHeight() : OptionalInt.empty();
        for (BlockRecord b : open) {
            if (!b.credited()
                    && BlockRecord.PPLNS.equals(b.payoutScheme())
                    && store.appliedSequence(b.nodeId()) >= b.creditAfterSeq()) {
                if (store.creditBlock(b.hash(), credits.creditsFor(b), now)) {
                    credited++;
                }
            }
            if (b.status() == BlockStatus.MATURE) {
                continue;
            }
            if (b.status() == BlockStatus.ORPHANED && tip.isPresent() && tip.getAsInt() >= b.height() + MATURITY) {
                continue; // the main chain is 100 blocks past it: it cannot come back (as deep as maturity)
            }
            ChainView.ChainStatus status;
            try {
                status = chain.status(b.hash());
            } catch (IOException e) {
                log.warn("cannot ask the node about block {}: {}", b.hash(), e.toString());
                continue;
            }
            switch (status.kind()) {
                case IN_MAIN_CHAIN -> {
                    if (status.confirmations() >= MATURITY) {
                        if (store.transitionBlock(b.hash(), BlockStatus.MATURE, status.confirmations(), now)) {
                            matured++;
                            log.info("block {} matured", b.hash());
                        }
                    } else if (b.status() == BlockStatus.ORPHANED) {
                        if (store.transitionBlock(b.hash(), BlockStatus.PENDING, status.confirmations(), now)) {
                            returned++;
                            log.warn(
                                    "block {} at height {} is back in the main chain ({} confirmations): pending"
                                            + " again, credits restored",
                                    b.hash(),
                                    b.height(),
                                    status.confirmations());
                        }
                    } else if (status.confirmations() != b.confirmations()) {
                        store.updateConfirmations(b.hash(), status.confirmations(), now);
                    }
                }
                case NOT_IN_MAIN_CHAIN -> {
                    if (b.status() == BlockStatus.PENDING
                            && store.transitionBlock(b.hash(), BlockStatus.ORPHANED, 0, now)) {
                        orphaned++;
                        log.warn(
                                "block {} at height {} left the main chain: orphaned, credits reversed (until it"
                                        + " returns)",
                                b.hash(),
                                b.height());
                    }
                }
                case UNKNOWN -> {
                    // the node has not seen it yet: ask again next time, but not forever
                    if (b.status() == BlockStatus.PENDING
                            && now - b.foundMillis() > UNKNOWN_GIVE_UP_MILLIS
                            && store.transitionBlock(b.hash(), BlockStatus.ORPHANED, 0, now)) {
                        orphaned++;
                        log.warn(
                                "block {} at height {} is still unknown to the node an hour after it was found:"
                                        + " orphaned, credits reversed",
                                b.hash(),
                                b.height());
                    }
                }
            }
        }
        return new PollResult(saved, credited, matured, orphaned, returned);
    }

    private OptionalInt tipHeight() {
        try {
            return chain.tipHeight();
        } catch (IOException e) {
            log.warn("cannot ask the node for its tip: {}", e.toString());
            return OptionalInt.empty();
        }
    }

    /** Polls every {@code periodMillis} on a daemon thread until {@link #close}. */
    public synchronized void start(long periodMillis) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = Thread.ofPlatform().name("block-tracker").daemon().start(() -> {
            while (!stopping) {
                try {
                    poll();
                } catch (SQLException | RuntimeException e) {
                    log.warn("block tracker poll failed; will retry: {}", e.toString());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(periodMillis));
            }
        });
    }

    @Override
    public void close() {
        stopping = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
