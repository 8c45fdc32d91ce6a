package org.sovereignpool.ledger.audit;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sovereignpool.ledger.blocks.BlockTracker;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;

/**
 * Every found block agrees with its receipts, and every receipt with a block: a block's first receipt is its FOUND
 * receipt, every receipt of it carries its height and reward, its status is the one its last status receipt records
 * (FOUND = pending), and a mature block has its {@value BlockTracker#MATURITY} confirmations. The receipts are the
 * side trusted here (they are hash-chained and anchored on chain), so a mismatch names the found_block row.
 *
 * <p>Receipts whose status is not FOUND or a block status are not status changes; they are counted, and their
 * height and amount are not compared.
 */
public final class BlockReceiptsCheck implements AuditCheck {
    static final String FOUND = "FOUND";

    @Override
    public String name() {
        return "blocks";
    }

    @Override
    public Outcome run(LedgerSnapshot ledger) {
        Map<String, BlockRecord> blocks = ledger.blocksByHash();
        Map<String, List<TreasuryReceipt>> receipts = ledger.receiptsByBlock();
        for (TreasuryReceipt r : ledger.receipts()) {
            if (!blocks.containsKey(r.blockHash())) {
                return Outcome.broken(
                        name(),
                        "treasury_receipt " + r.id(),
                        "its block " + r.blockHash() + " (height " + r.height() + ", " + r.amountSats()
                                + " sats) is not in found_block: the block's row was deleted");
            }
        }
        Map<BlockStatus, Integer> byStatus = new EnumMap<>(BlockStatus.class);
        int other = 0;
        for (BlockRecord b : ledger.blocks()) {
            List<TreasuryReceipt> mine = receipts.getOrDefault(b.hash(), List.of());
            if (mine.isEmpty() || !mine.getFirst().status().equals(FOUND)) {
                return Outcome.broken(
                        name(),
                        LedgerSnapshot.name(b),
                        mine.isEmpty()
                                ? "no treasury receipt records it (expected a FOUND receipt)"
                                : "its first receipt, treasury_receipt "
                                        + mine.getFirst().id() + ", is "
                                        + mine.getFirst().status() + " (expected FOUND)");
            }
            BlockStatus last = null;
            TreasuryReceipt lastReceipt = null;
            for (TreasuryReceipt r : mine) {
                Optional<BlockStatus> status = statusOf(r);
                if (status.isEmpty()) {
                    other++;
                    continue;
                }
                if (r != mine.getFirst() && r.status().equals(FOUND)) {
                    return Outcome.broken(
                            name(),
                            "treasury_receipt " + r.id(),
                            "a second FOUND receipt for block " + b.hash() + " (the first is treasury_receipt "
                                    + mine.getFirst().id() + ")");
                }
                if (r.amountSats() != b.rewardSats()) {
                    return Outcome.broken(
                            name(),
                            LedgerSnapshot.name(b),
                            "reward_sats is " + b.rewardSats() + ", expected " + r.amountSats()
                                    + " as treasury_receipt " + r.id() + " (" + r.status() + ") records");
                }
                if (r.height() != b.height()) {
                    return Outcome.broken(
                            name(),
                            LedgerSnapshot.name(b),
                            "height is " + b.height() + ", expected " + r.height() + " as treasury_receipt " + r.id()
                                    + " records");
                }
                last = status.get();
                lastReceipt = r;
            }
            if (b.status() != last) {
                return Outcome.broken(
                        name(),
                        LedgerSnapshot.name(b),
                        "status is " + b.status() + ", expected " + last + " as its last receipt, treasury_receipt "
                                + lastReceipt.id() + " (" + lastReceipt.status() + "), records");
            }
            if (b.status() == BlockStatus.MATURE && b.confirmations() < BlockTracker.MATURITY) {
                return Outcome.broken(
                        name(),
                        LedgerSnapshot.name(b),
                        "MATURE with " + b.confirmations() + " confirmations (expected at least "
                                + BlockTracker.MATURITY + ")");
            }
            byStatus.merge(b.status(), 1, Integer::sum);
        }
        return Outcome.ok(
                name(),
                ledger.blocks().size() + " found blocks " + byStatus.toString().toLowerCase(java.util.Locale.ROOT)
                        + ", each with its receipts: same height and reward, status as last recorded"
                        + (other == 0 ? "" : " (" + other + " receipts that record no status change)"));
    }

    /** The block status a receipt records (FOUND: pending), empty for a receipt that is not a status change. */
    static Optional<BlockStatus> statusOf(TreasuryReceipt r) {
        if (r.status().equals(FOUND)) {
            return Optional.of(BlockStatus.PENDING);
        }
        for (BlockStatus s : BlockStatus.values()) {
            if (s.name().equals(r.status())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
