package org.sovereignpool.ledger.audit;

import org.sovereignpool.ledger.receipts.ReceiptChain;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;

/**
 * The treasury receipts form one hash chain from genesis to the stored head: ids without gaps, each entry's
 * prev_hash is the previous entry's hash, each entry hash covers its fields. Catches an altered, removed or inserted
 * receipt; not a chain rewritten with recomputed hashes (the on-chain anchors catch that: {@link AnchorCheck}).
 */
public final class ReceiptChainCheck implements AuditCheck {
    @Override
    public String name() {
        return "receipts";
    }

    @Override
    public Outcome run(LedgerSnapshot ledger) {
        ReceiptChain.Verifier verifier = new ReceiptChain.Verifier();
        for (TreasuryReceipt r : ledger.receipts()) {
            if (!verifier.accept(r)) {
                break;
            }
        }
        ReceiptChain.Verdict v =
                verifier.finish(ledger.head().lastId(), ledger.head().lastHash());
        if (!v.ok()) {
            boolean atAnEntry = ledger.receipts().stream().anyMatch(r -> r.id() == v.firstBadId());
            String entry = atAnEntry
                    ? "treasury_receipt " + v.firstBadId()
                    : "receipt_head (treasury_receipt " + v.firstBadId() + ")";
            return Outcome.broken(name(), entry, v.problem());
        }
        return Outcome.ok(
                name(),
                v.entries() + " treasury receipts hash-chained from genesis to the head"
                        + (v.entries() == 0
                                ? ""
                                : " (" + ledger.head().lastId() + ", "
                                        + ledger.head().lastHash() + ")"));
    }
}
