package org.sovereignpool.ledger.store;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A found block as the ledger keeps it.
 *
 * @param hash display hex (64 lowercase hex digits)
 * @param rewardSats the coinbase value paid to the treasury
 * @param networkDifficulty the network difficulty of the block (sets the PPLNS window)
 * @param nodeId the pool node that found it
 * @param creditAfterSeq that node's journal written sequence when the block was recorded: credits wait until the
 *     ledger has applied at least this far, so the window holds the shares up to the block
 * @param submitResults per node: "accepted" or the node's reason
 * @param credited whether its PPLNS credits are written (always false under PPS, where a block credits nothing)
 * @param payoutScheme {@value #PPLNS} (the block's reward is split over the window) or {@value #PPS} (shares were
 *     credited as they came; the programme keeps the block's reward and carries the variance)
 * @param treasuryIndex the {@code treasury.descriptor} index its coinbase paid, or {@link #NO_TREASURY_INDEX} (a fixed
 *     {@code treasury.address}, or a block recorded before indexes were)
 */
public record BlockRecord(
        String hash,
        int height,
        String finderOperator,
        String finderWorker,
        long foundMillis,
        long rewardSats,
        double networkDifficulty,
        int nodeId,
        long creditAfterSeq,
        Map<String, String> submitResults,
        BlockStatus status,
        int confirmations,
        boolean credited,
        long updatedMillis,
        String payoutScheme,
        long treasuryIndex) {
    /** A block paying a fixed treasury address (or recorded before treasury indexes existed). */
    public static final long NO_TREASURY_INDEX = org.sovereignpool.config.TreasuryPayee.NO_INDEX;

    public static final String PPLNS = "PPLNS";
    public static final String PPS = "PPS";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** A block under PPLNS. */
    public BlockRecord(
            String hash,
            int height,
            String finderOperator,
            String finderWorker,
            long foundMillis,
            long rewardSats,
            double networkDifficulty,
            int nodeId,
            long creditAfterSeq,
            Map<String, String> submitResults,
            BlockStatus status,
            int confirmations,
            boolean credited,
            long updatedMillis) {
        this(
                hash,
                height,
                finderOperator,
                finderWorker,
                foundMillis,
                rewardSats,
                networkDifficulty,
                nodeId,
                creditAfterSeq,
                submitResults,
                status,
                confirmations,
                credited,
                updatedMillis,
                PPLNS,
                NO_TREASURY_INDEX);
    }

    /** A block paying a fixed treasury address. */
    public BlockRecord(
            String hash,
            int height,
            String finderOperator,
            String finderWorker,
            long foundMillis,
            long rewardSats,
            double networkDifficulty,
            int nodeId,
            long creditAfterSeq,
            Map<String, String> submitResults,
            BlockStatus status,
            int confirmations,
            boolean credited,
            long updatedMillis,
            String payoutScheme) {
        this(
                hash,
                height,
                finderOperator,
                finderWorker,
                foundMillis,
                rewardSats,
                networkDifficulty,
                nodeId,
                creditAfterSeq,
                submitResults,
                status,
                confirmations,
                credited,
                updatedMillis,
                payoutScheme,
                NO_TREASURY_INDEX);
    }

    public BlockRecord {
        Objects.requireNonNull(hash, "hash");
        if (!HEX64.matcher(hash).matches()) {
            throw new IllegalArgumentException("block hash must be 64 lowercase hex digits, got " + hash);
        }
        if (height < 0) {
            throw new IllegalArgumentException("height must be >= 0, got " + height);
        }
        Objects.requireNonNull(finderOperator, "finderOperator");
        Objects.requireNonNull(finderWorker, "finderWorker");
        if (rewardSats < 0) {
            throw new IllegalArgumentException("rewardSats must be >= 0, got " + rewardSats);
        }
        if (!(networkDifficulty > 0) || Double.isInfinite(networkDifficulty)) {
            throw new IllegalArgumentException("networkDifficulty must be finite and > 0, got " + networkDifficulty);
        }
        submitResults = Map.copyOf(new TreeMap<>(submitResults));
        Objects.requireNonNull(status, "status");
        if (!PPLNS.equals(payoutScheme) && !PPS.equals(payoutScheme)) {
            throw new IllegalArgumentException("payoutScheme must be PPLNS or PPS, got " + payoutScheme);
        }
        if (credited && PPS.equals(payoutScheme)) {
            throw new IllegalArgumentException("a block under PPS credits nothing, so it is never credited");
        }
        if (treasuryIndex < NO_TREASURY_INDEX || treasuryIndex > 0x7fffffffL) {
            throw new IllegalArgumentException(
                    "treasuryIndex must be 0..2^31-1 (or -1 for a fixed address), got " + treasuryIndex);
        }
    }

    public BlockRecord with(BlockStatus newStatus, int newConfirmations, boolean newCredited, long nowMillis) {
        return new BlockRecord(
                hash,
                height,
                finderOperator,
                finderWorker,
                foundMillis,
                rewardSats,
                networkDifficulty,
                nodeId,
                creditAfterSeq,
                submitResults,
                newStatus,
                newConfirmations,
                newCredited,
                nowMillis,
                payoutScheme,
                treasuryIndex);
    }

    /** Whether the block records the descriptor index its coinbase paid. */
    public boolean hasTreasuryIndex() {
        return treasuryIndex != NO_TREASURY_INDEX;
    }
}
