package org.sovereignpool.ledger.blocks;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.CreditOutcome;
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
    /** The submission-results key of a block recorded before (or without) its nodes' answers. */
    public static final String SUBMITTING = "(write-ahead)";

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
    /**
     * Candidates the local log had at start without a result (the process stopped while they were being submitted):
     * resolved against the node by {@link #poll}. Only touched by the polling thread.
     */
    private final Map<String, FoundBlockLog.Candidate> unresolved = new LinkedHashMap<>();

    private volatile boolean stopping;
    private volatile BooleanSupplier leader = () -> true;
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
        FoundBlockLog.Contents contents = localLog.read();
        for (FoundBlockLog.Entry e : contents.results()) {
            unsaved.put(e.block().hash(), e);
        }
        for (FoundBlockLog.Candidate c : contents.candidates()) {
            if (!unsaved.containsKey(c.block().hash())
                    && !contents.rejected().contains(c.block().hash())) {
                unresolved.put(c.block().hash(), c);
            }
        }
    }

    /**
     * Writes a found block ahead of its submission: fsynced to the local file before {@code submitblock} is sent, so
     * that after a crash in between the block is still found (and resolved against the node at the next start).
     * When the file cannot be written the block is saved to the database instead, off the caller's thread (the
     * submission must not wait for the database), and its submission results are filled in when they come.
     */
    public void recordCandidate(FoundBlockLog.Candidate candidate) {
        FoundBlockInfo b = candidate.block();
        try {
            localLog.appendCandidate(candidate);
        } catch (IOException e) {
            log.error(
                    "BLOCK {} height {} by {}: the found-block file cannot be written ({}); saving it to the ledger"
                            + " database ahead of submission instead. header {} coinbase {} job {}",
                    b.hash(),
                    b.height(),
                    b.finder(),
                    e.toString(),
                    candidate.headerHex(),
                    candidate.coinbaseHex(),
                    candidate.jobIdHex());
            FoundBlockInfo submitting = b.withSubmitResults(
                    Map.of(SUBMITTING, "written ahead to the database; the local found-block file failed"));
            FoundBlockLog.Entry entry = new FoundBlockLog.Entry(submitting, candidate.creditAfterSeq());
            synchronized (unsaved) {
                unsaved.putIfAbsent(b.hash(), entry);
            }
            Thread.ofVirtual().name("found-block-write-ahead").start(() -> {
                try {
                    save(entry);
                } catch (SQLException | RuntimeException d) {
                    log.error(
                            "BLOCK {}: not in the ledger database yet either ({}); retried at each poll", b.hash(), d);
                }
            });
        }
    }

    /**
     * Settles the candidate of a block every node refused: it is not a found block and never enters the ledger (the
     * submitter logs Core's reason and keeps the hex). A line that cannot be written is logged; the candidate is then
     * resolved against the node at the next start, which does not have it as a valid block either.
     */
    public void recordRejected(FoundBlockInfo block) {
        try {
            localLog.appendRejected(block);
        } catch (IOException e) {
            log.error(
                    "BLOCK {}: its rejection cannot be written to the found-block file ({})",
                    block.hash(),
                    e.toString());
        }
    }

    /**
     * Records a found block with its nodes' answers: fsynced to the local file first, then into the ledger. Returns
     * true if the ledger has it now, false if the database was unreachable (it is kept and inserted by a later
     * {@link #poll}). A local file that cannot be written is logged and does not stop the database from getting it.
     */
    public boolean recordFoundBlock(FoundBlockInfo block) {
        FoundBlockLog.Entry entry = new FoundBlockLog.Entry(block, journalWrittenSequence.getAsLong());
        try {
            localLog.append(block, entry.creditAfterSeq());
        } catch (IOException e) {
            // the database still gets it (and the poll retries it while the database is down): only a crash before
            // that would lose it, and the log line keeps what the ledger needs
            log.error(
                    "BLOCK {}: the found-block file cannot be written ({}); recording {} in the ledger database only",
                    block.hash(),
                    e.toString(),
                    block);
        }
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

    /**
     * Credits, recomputes and follows the chain only while {@code leader} is true (one node of a cluster does it for
     * all: two nodes' bitcoinds can briefly disagree about the chain); every node saves its own found blocks.
     */
    public void leadOnlyWhen(BooleanSupplier leader) {
        this.leader = Objects.requireNonNull(leader, "leader");
    }

    /** This node's journal written sequence now (what a block found now waits for before it is credited). */
    public long journalWrittenSequence() {
        return journalWrittenSequence.getAsLong();
    }

    /** Saves a block to the ledger; false if it was there already. */
    private boolean save(FoundBlockLog.Entry e) throws SQLException {
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
                credits.scheme(),
                b.treasuryIndex());
        boolean inserted = store.recordBlock(
                record, new TreasuryReceipt.Draft(b.height(), b.hash(), b.rewardSats(), b.timeMillis(), "FOUND"));
        if (inserted) {
            log.info(
                    "block {} at height {} found by {} recorded; reward {} sats to the treasury",
                    b.hash(),
                    b.height(),
                    b.finder(),
                    b.rewardSats());
        } else if (!b.submitResults().containsKey(SUBMITTING)) {
            // written ahead without the nodes' answers (the local file had failed): fill them in now
            Optional<BlockRecord> stored = store.block(b.hash());
            if (stored.isPresent() && stored.get().submitResults().containsKey(SUBMITTING)) {
                store.updateSubmitResults(b.hash(), b.submitResults(), clock.getAsLong());
            }
        }
        synchronized (unsaved) {
            unsaved.remove(b.hash(), e);
        }
        return inserted;
    }

    /** What one poll changed. */
    public record PollResult(int saved, int credited, int matured, int orphaned, int returned, int recredited) {}

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
        saved += resolveCandidates();
        long now = clock.getAsLong();
        if (!leader.getAsBoolean()) {
            // one node credits and follows the chain for the cluster: two nodes' bitcoinds can briefly disagree
            return new PollResult(saved, 0, 0, 0, 0, 0);
        }
        List<BlockRecord> open = store.openBlocks();
        OptionalInt tip =
                open.stream().anyMatch(b -> b.status() == BlockStatus.ORPHANED) ? tipHeight() : OptionalInt.empty();
        for (BlockRecord b : open) {
            if (!b.credited() && BlockRecord.PPLNS.equals(b.payoutScheme())) {
                CreditOutcome outcome = store.creditBlockWhenReady(b.hash(), credits, now);
                if (outcome.kind() == CreditOutcome.Kind.CREDITED) {
                    credited++;
                    log.info("block {} credited: {}", b.hash(), outcome.detail());
                } else if (outcome.kind() == CreditOutcome.Kind.WAITING) {
                    log.debug("block {} not credited yet: {}", b.hash(), outcome.detail());
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
        int recredited = 0;
        for (String hash : store.blocksDueForRecredit()) {
            CreditOutcome outcome = store.recreditBlock(hash, credits, now);
            if (outcome.kind() == CreditOutcome.Kind.CREDITED) {
                recredited++;
                log.warn("block {} RECREDITED: shares before it were applied late ({})", hash, outcome.detail());
            }
        }
        return new PollResult(saved, credited, matured, orphaned, returned, recredited);
    }

    /**
     * Candidates left by a previous run without a result: the block may have reached the node before the crash.
     * Each is recorded with what the node says of it now (in its main chain, off it, or unknown: then it was never
     * received, and is orphaned an hour after it was found like any block the node does not know).
     */
    private int resolveCandidates() throws SQLException {
        int resolved = 0;
        for (var it = unresolved.values().iterator(); it.hasNext(); ) {
            FoundBlockLog.Candidate c = it.next();
            FoundBlockInfo b = c.block();
            if (store.block(b.hash()).isPresent()) {
                it.remove();
                continue;
            }
            ChainView.ChainStatus status;
            try {
                status = chain.status(b.hash());
            } catch (IOException e) {
                log.warn("cannot ask the node about unsubmitted block {}: {}", b.hash(), e.toString());
                continue;
            }
            String answer = switch (status.kind()) {
                case IN_MAIN_CHAIN -> "in the main chain with " + status.confirmations() + " confirmation(s)";
                case NOT_IN_MAIN_CHAIN -> "known, not in the main chain";
                case UNKNOWN -> "unknown: the submission did not reach it";
            };
            FoundBlockInfo recovered = b.withSubmitResults(
                    Map.of("(recovered at start)", "the process stopped during submitblock; the node says: " + answer));
            FoundBlockLog.Entry entry = new FoundBlockLog.Entry(recovered, c.creditAfterSeq());
            try {
                localLog.append(recovered, c.creditAfterSeq());
            } catch (IOException e) {
                log.error("BLOCK {}: the found-block file cannot be written: {}", b.hash(), e.toString());
            }
            save(entry);
            log.warn(
                    "BLOCK {} height {} by {} was being submitted when the pool stopped; the node says it is {};"
                            + " recorded",
                    b.hash(),
                    b.height(),
                    b.finder(),
                    answer);
            it.remove();
            resolved++;
        }
        return resolved;
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
