package org.sovereignpool.treasury;

import java.util.List;

/**
 * What the public transparency page shows ({@code GET /api/v1/public}, no login): programme totals, the treasury's
 * receipts, each block's on-chain anchor and whether it verifies, and bitcoin (and, once energy accounting is there,
 * energy) per month. By construction it names no worker, no finder and no network address: only blocks, amounts,
 * hashes, the treasury's public descriptor or address, and the programme's operators counted, not named.
 */
public record PublicReport(
        long generatedMillis,
        String network,
        Programme programme,
        Treasury treasury,
        ReceiptHead receiptHead,
        List<Receipt> receipts,
        List<Anchor> anchors,
        List<Month> months,
        Energy energy) {
    public PublicReport {
        receipts = List.copyOf(receipts);
        anchors = List.copyOf(anchors);
        months = List.copyOf(months);
    }

    /** The same report listing only these receipts (the newest of its own). */
    public PublicReport withReceipts(List<Receipt> newest) {
        return new PublicReport(
                generatedMillis, network, programme, treasury, receiptHead, newest, anchors, months, energy);
    }

    /**
     * Programme totals: operators licensed and their allocation, blocks found by status and what the treasury received
     * (pending plus mature, satoshis; orphaned blocks received nothing).
     */
    public record Programme(
            int operators,
            double allocatedMw,
            double programmeMw,
            long blocksFound,
            long blocksPending,
            long blocksMature,
            long blocksOrphaned,
            long receivedSats,
            long matureSats) {}

    /**
     * The treasury every coinbase pays: a fixed address, or an output descriptor of public keys only (a fresh address
     * per block; {@code threshold} of {@code keys} must sign to spend).
     */
    public record Treasury(String kind, String payee, String scriptType, int threshold, int keys) {}

    /** The receipt chain's head: anyone can recompute the chain up to it. */
    public record ReceiptHead(long lastId, String lastHash) {}

    /** A treasury receipt, with the address its block paid (and the descriptor index, -1 for a fixed address). */
    public record Receipt(
            long id,
            int height,
            String blockHash,
            long amountSats,
            long timeMillis,
            String status,
            String prevHash,
            String entryHash,
            long treasuryIndex,
            String paidTo) {}

    /**
     * A found block's coinbase anchor (the receipt-chain head when its job was built) and whether it verifies:
     * {@code verified} true when the receipt it names has the entry hash it carries and is older than the block's own
     * receipt, false with the reason otherwise, null when it could not be checked (see {@code detail}).
     */
    public record Anchor(
            String blockHash,
            int height,
            String blockStatus,
            long receiptId,
            String entryHash,
            Boolean verified,
            String detail,
            String checkedAgainst) {}

    /** Bitcoin to the treasury by month (UTC) of the blocks found, orphans excluded; energy when known. */
    public record Month(String month, long blocks, long sats, Double energyMwh) {}

    /** Whether the energy figures are available, and if not why. */
    public record Energy(String status, String note) {}
}
