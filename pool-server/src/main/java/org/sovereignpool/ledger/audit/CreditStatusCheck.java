package org.sovereignpool.ledger.audit;

import java.util.List;
import java.util.Map;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.CreditStatus;

/**
 * Every block credit belongs to a recorded block and has the status its block's status gives ({@link
 * CreditStatus#forBlock}: pending while the block is pending, final once mature, reversed while orphaned); a block
 * not yet credited has no credits.
 */
public final class CreditStatusCheck implements AuditCheck {
    @Override
    public String name() {
        return "credit statuses";
    }

    @Override
    public Outcome run(LedgerSnapshot ledger) {
        Map<String, BlockRecord> blocks = ledger.blocksByHash();
        for (Credit c : ledger.blockCredits()) {
            String block = LedgerSnapshot.blockOf(c);
            if (!blocks.containsKey(block)) {
                return Outcome.broken(
                        name(),
                        LedgerSnapshot.name(c),
                        "its block " + block + " is not in found_block (" + c.amountSats() + " sats credited)");
            }
            if (c.blockHash() == null || !c.source().equals("block:" + c.blockHash())) {
                return Outcome.broken(
                        name(),
                        LedgerSnapshot.name(c),
                        "block_hash is " + c.blockHash() + ", expected " + block + " as its source names");
            }
        }
        Map<String, List<Credit>> byBlock = ledger.creditsByBlock();
        int credited = 0;
        int waiting = 0;
        for (BlockRecord b : ledger.blocks()) {
            List<Credit> credits = byBlock.getOrDefault(b.hash(), List.of());
            if (!b.credited()) {
                waiting++;
                if (!credits.isEmpty()) {
                    return Outcome.broken(
                            name(),
                            LedgerSnapshot.name(b),
                            "not credited (credited = false), but " + credits.size() + " credit rows name it, e.g. "
                                    + LedgerSnapshot.name(credits.getFirst()));
                }
                continue;
            }
            credited++;
            CreditStatus expected = CreditStatus.forBlock(b.status());
            for (Credit c : credits) {
                if (c.status() != expected) {
                    return Outcome.broken(
                            name(),
                            LedgerSnapshot.name(c),
                            "status is " + c.status() + ", expected " + expected + " for a " + b.status() + " block");
                }
            }
        }
        return Outcome.ok(
                name(),
                ledger.blockCredits().size() + " credits of " + credited
                        + " credited blocks carry their block's status (pending, final at maturity, reversed when"
                        + " orphaned)"
                        + (waiting == 0 ? "" : "; " + waiting + " blocks not credited yet, with no credits"));
    }
}
