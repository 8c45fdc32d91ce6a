package org.sovereignpool.ledger.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;

/**
 * The ledger's database: share aggregates, found blocks, credits and the treasury's receipts. One contract
 * ({@code LedgerStoreContract} in the tests) for every implementation (H2 and PostgreSQL via {@link JdbcLedgerStore}).
 *
 * <p>Every method is one transaction. {@link SQLException} means the database could not be reached or refused:
 * nothing was written, and the caller may retry. Thread safe.
 */
public interface LedgerStore extends AutoCloseable {

    // ---- shares

    /** The last journal sequence of {@code nodeId} applied (0 if none). */
    long appliedSequence(int nodeId) throws SQLException;

    /**
     * Applies the journal records {@code afterSeq+1 .. throughSeq} of {@code nodeId}, aggregated into {@code rows},
     * and sets the applied sequence to {@code throughSeq}, atomically.
     *
     * @return {@link ApplyResult#ALREADY_APPLIED} (and writes nothing) when the ledger is already at or past
     *     {@code throughSeq}: replays never double-count
     * @throws StaleCursorException when the applied sequence is neither {@code afterSeq} nor past the batch
     */
    ApplyResult applyShares(int nodeId, long afterSeq, long throughSeq, List<ShareAggregate> rows, long nowMillis)
            throws SQLException;

    /**
     * Applies a batch of a node's journal: inserts its aggregates, credits them under its accrual (PPS) and sets the
     * node's applied sequence, atomically; the first batch of a node records the batch's journal id.
     *
     * @return {@link ApplyResult#ALREADY_APPLIED} (and writes nothing) when the ledger is already past the batch
     * @throws StaleCursorException when the applied sequence is neither {@code afterSeq} nor past the batch
     * @throws JournalMismatchException the ledger applied another journal for this node; nothing was written
     * @throws UnvaluedShareException a share cannot be valued under PPS (no network target); nothing was written
     */
    ApplyResult applyShares(ShareBatch batch) throws SQLException;

    /** How far the ledger has applied {@code nodeId}'s journal, which journal it was, and its watermark. */
    JournalProgress journalProgress(int nodeId) throws SQLException;

    /**
     * Moves {@code nodeId}'s watermark forward to {@code watermarkMillis} (never back): every share of the node
     * stamped at or before it is applied. The applier calls it while caught up with no new shares.
     */
    void advanceWatermark(int nodeId, long watermarkMillis, long nowMillis) throws SQLException;

    /**
     * Records {@code journalId} as the journal of {@code nodeId} (a new journal numbering after the applied
     * sequence, or the first record of the journal of an older version), with a {@link NodeEvent#JOURNAL_REPLACED}
     * event when it replaces another. False (nothing written) if the applied sequence is no longer {@code
     * expectedAppliedSeq}.
     */
    boolean adoptJournal(int nodeId, String journalId, long expectedAppliedSeq, String instanceId, long nowMillis)
            throws SQLException;

    /**
     * Share aggregates whose last share is at or before {@code atOrBeforeMillis}, newest first, starting strictly
     * after {@code cursor} in that order (null for the first page): the PPLNS window, read back in time.
     */
    List<ShareAggregate> sharesNewestFirst(long atOrBeforeMillis, ShareAggregate cursor, int limit) throws SQLException;

    /** Aggregates of {@code nodeId} with first sequence in {@code (afterSeq, throughSeq]}, oldest first. */
    List<ShareAggregate> sharesBySequence(int nodeId, long afterSeq, long throughSeq) throws SQLException;

    /** Per-worker totals of an operator's shares with first share time in {@code [fromMillis, toMillis)}. */
    List<WorkerTotals> workerTotals(String operatorId, long fromMillis, long toMillis) throws SQLException;

    /** Totals of one worker over some period. */
    record WorkerTotals(String worker, long shares, double sumDifficulty, long firstMillis, long lastMillis) {}

    /** Total share count over all aggregates of {@code nodeId} (for audits and the crash test). */
    long shareCount(int nodeId) throws SQLException;

    // ---- whole-table reads for the audit (verify-ledger); read-only

    /** Every node's applied journal sequence (journal_progress), by node id. */
    Map<Integer, Long> appliedSequences() throws SQLException;

    /**
     * Feeds every share aggregate of every node, ordered by node id then first sequence, to {@code sink} until it
     * returns false (paged: any number of rows).
     */
    void forEachShareAggregate(Predicate<ShareAggregate> sink) throws SQLException;

    /** Every found block, whatever its status, ordered by height then hash. */
    List<BlockRecord> allBlocks() throws SQLException;

    /**
     * Feeds every credit (PPLNS and PPS), ordered by source, operator and worker, to {@code sink} until it returns
     * false (paged).
     */
    void forEachCredit(Predicate<Credit> sink) throws SQLException;

    // ---- blocks

    /**
     * Records a found block (status PENDING, not credited) and the treasury receipt of its coinbase, atomically.
     *
     * @return false if a block with this hash is already recorded (nothing written)
     */
    boolean recordBlock(BlockRecord block, TreasuryReceipt.Draft receipt) throws SQLException;

    Optional<BlockRecord> block(String hash) throws SQLException;

    /** Replaces a recorded block's submission results (a block written ahead of its nodes' answers). */
    void updateSubmitResults(String hash, Map<String, String> submitResults, long nowMillis) throws SQLException;

    /**
     * Blocks not final: pending or orphaned (an orphaned block may return to the main chain), or under PPLNS and not
     * yet credited (what the tracker polls).
     */
    List<BlockRecord> openBlocks() throws SQLException;

    /** Blocks found by {@code operatorId} in {@code [fromMillis, toMillis)}, oldest first. */
    List<BlockRecord> blocksFoundBy(String operatorId, long fromMillis, long toMillis) throws SQLException;

    /**
     * Stores credits computed elsewhere for a block and marks it credited, atomically; each credit gets the status
     * that matches the block's status at that moment (pending, final, reversed). False (nothing written) if it was
     * credited already. No readiness check and no window read: tools and tests; the pool credits with
     * {@link #creditBlockWhenReady}.
     *
     * @throws IllegalArgumentException the block is not under PPLNS (a PPS block credits nothing)
     */
    boolean creditBlock(String hash, List<Credit> credits, long nowMillis) throws SQLException;

    /**
     * Credits a PPLNS block once every node that could still add shares to its window has applied them, atomically
     * with the check and with every node's progress locked (no batch commits meanwhile): the finder's journal is
     * applied up to the block, and every node holding a lease has applied past the block's time, or released its
     * lease (stopped cleanly, everything applied), or let it run out (declared down: a {@link NodeEvent#DECLARED_DOWN}
     * event, and its shares applied later make the block due for recomputation). The window is read in the same
     * transaction; the basis is recorded ({@link #creditBasis}).
     */
    CreditOutcome creditBlockWhenReady(String hash, WindowCredits credits, long nowMillis) throws SQLException;

    /**
     * Recomputes the credits of a block due for it (shares at or before its time were applied after it was credited),
     * with every node's progress locked: when they change, the old ones move to the credit history (with their
     * revision), the new ones replace them, and a {@code RECREDITED} treasury receipt is appended; the block is no
     * longer due either way. {@link CreditOutcome.Kind#CREDITED} when the credits changed.
     */
    CreditOutcome recreditBlock(String hash, WindowCredits credits, long nowMillis) throws SQLException;

    /**
     * What {@code credits} gives for {@code block} now, over every node's share aggregates in its window, read in one
     * transaction; nothing is written (the audit's recomputation, {@code verify-ledger}).
     */
    List<Credit> recomputeCredits(BlockRecord block, WindowCredits credits) throws SQLException;

    /** Blocks whose credits are due for recomputation, oldest first. */
    List<String> blocksDueForRecredit() throws SQLException;

    /** Credits of a block replaced by recomputations, by revision. */
    List<Credit> creditHistory(String hash) throws SQLException;

    /** What a block's crediting relied on (each node applied past it, released, or declared down). */
    Optional<String> creditBasis(String hash) throws SQLException;

    /** Updates the confirmation count of a pending block (no status change). */
    void updateConfirmations(String hash, int confirmations, long nowMillis) throws SQLException;

    /**
     * Moves a block to the status the chain gives it, with the credits and a treasury receipt of the change (status
     * {@code to}), atomically: PENDING to ORPHANED (credits reversed, amounts kept), ORPHANED back to PENDING (the
     * block returned to the main chain: credits pending again), PENDING or ORPHANED to MATURE (credits final). MATURE
     * is final. False (nothing written) if the block is unknown, already {@code to}, or mature.
     */
    boolean transitionBlock(String hash, BlockStatus to, int confirmations, long nowMillis) throws SQLException;

    // ---- credits

    List<Credit> creditsOfBlock(String hash) throws SQLException;

    /** An operator's credits with time in {@code [fromMillis, toMillis)}. */
    List<Credit> creditsOf(String operatorId, long fromMillis, long toMillis) throws SQLException;

    // ---- node identity leases

    /**
     * Claims {@code nodeId} for the instance {@code instanceId}, atomically: granted when no instance holds it, its
     * holder released it or let its lease run out, or it is this instance (a {@link NodeEvent#STARTED} event is
     * written); refused while another instance's lease is live at {@code nowMillis} (a
     * {@link NodeEvent#DUPLICATE_REFUSED} event is the only thing written).
     */
    LeaseClaim claimLease(int nodeId, String instanceId, String host, long nowMillis, long leaseMillis)
            throws SQLException;

    /**
     * As {@link #claimLease(int, String, String, long, long)}, also taking the id from the instance {@code
     * deadInstanceId} although its lease is live: its process is known to be gone (it ran on this host and its process
     * id no longer exists), so waiting for its lease to run out would only delay the restart after a crash.
     */
    LeaseClaim claimLease(
            int nodeId, String instanceId, String host, long nowMillis, long leaseMillis, String deadInstanceId)
            throws SQLException;

    /**
     * Extends this instance's lease to {@code nowMillis + leaseMillis}. False (nothing written but a
     * {@link NodeEvent#LEASE_LOST} event) when another instance holds the node id now. A lease that had run out with
     * nobody taking it is renewed, with a {@link NodeEvent#RETURNED} event.
     */
    boolean renewLease(int nodeId, String instanceId, long nowMillis, long leaseMillis) throws SQLException;

    /** Gives the node id up (a clean stop); nothing happens when another instance holds it. */
    void releaseLease(int nodeId, String instanceId, long nowMillis) throws SQLException;

    /** Every node id's lease, by node id. */
    List<NodeLease> leases() throws SQLException;

    void recordNodeEvent(NodeEvent event) throws SQLException;

    /** The events of {@code nodeId} at or after {@code fromMillis}, oldest first. */
    List<NodeEvent> nodeEvents(int nodeId, long fromMillis) throws SQLException;

    // ---- treasury receipts

    /** Feeds every receipt, in id order, to {@code sink} until it returns false. */
    void forEachReceipt(Predicate<TreasuryReceipt> sink) throws SQLException;

    /** The chain head as stored: last id and its hash. */
    ReceiptHead receiptHead() throws SQLException;

    record ReceiptHead(long lastId, String lastHash) {}

    @Override
    void close();
}
