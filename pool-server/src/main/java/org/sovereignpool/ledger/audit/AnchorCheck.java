package org.sovereignpool.ledger.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sovereignpool.ledger.receipts.ReceiptChain;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.share.job.ReceiptAnchor;
import org.sovereignpool.share.model.Hex;

/**
 * Each recorded block's coinbase anchor (README: On-chain anchors) against the receipts it claims: the receipt with
 * the anchored id exists and has the anchored entry hash, and it is older than the block's own FOUND receipt (the
 * job was built before the block was found). A receipt chain rewritten after a block, even with every hash
 * recomputed so that {@link ReceiptChainCheck} passes, no longer has the entry hash that block put on chain.
 *
 * <p>A block without an anchor (found before anchors, or while the node had not yet read the head) is counted, not
 * a discrepancy: it proves nothing either way. Receipts newer than the newest anchored one are protected by the hash
 * chain alone until a later block anchors them; the summary says which.
 */
public final class AnchorCheck implements AuditCheck {
    private final ChainSnapshot chain;

    public AnchorCheck(ChainSnapshot chain) {
        this.chain = Objects.requireNonNull(chain, "chain");
    }

    @Override
    public String name() {
        return "anchors";
    }

    @Override
    public Outcome run(LedgerSnapshot ledger) {
        Map<Long, TreasuryReceipt> byId = new HashMap<>();
        for (TreasuryReceipt r : ledger.receipts()) {
            byId.put(r.id(), r);
        }
        Map<String, List<TreasuryReceipt>> receipts = ledger.receiptsByBlock();
        int anchored = 0;
        int without = 0;
        long newest = -1;
        for (BlockRecord b : ledger.blocks()) {
            Optional<List<TransactionOutputs.Output>> outputs =
                    chain.block(b.hash()).flatMap(ChainBlock::coinbaseOutputs);
            if (outputs.isEmpty()) {
                continue; // the chain check counted it
            }
            List<byte[]> scripts = new ArrayList<>();
            for (TransactionOutputs.Output o : outputs.get()) {
                if (ReceiptAnchor.looksLikeAnchor(o.script())) {
                    scripts.add(o.script());
                }
            }
            String block = "block " + b.hash() + " (height " + b.height() + ")";
            if (scripts.isEmpty()) {
                without++;
                continue;
            }
            if (scripts.size() > 1) {
                return Outcome.broken(
                        name(), block, "its coinbase carries " + scripts.size() + " anchors (the pool writes one)");
            }
            Optional<ReceiptAnchor> parsed = ReceiptAnchor.parse(scripts.getFirst());
            if (parsed.isEmpty()) {
                return Outcome.broken(
                        name(), block, "its coinbase anchor is malformed: " + Hex.encode(scripts.getFirst()));
            }
            ReceiptAnchor a = parsed.get();
            String problem = against(a, byId, ledger.receipts().size());
            if (problem != null) {
                return Outcome.broken(name(), "treasury_receipt " + a.receiptId(), block + " " + problem);
            }
            long found = receipts.getOrDefault(b.hash(), List.of()).stream()
                    .mapToLong(TreasuryReceipt::id)
                    .min()
                    .orElse(Long.MAX_VALUE);
            if (a.receiptId() >= found) {
                return Outcome.broken(
                        name(),
                        "treasury_receipt " + a.receiptId(),
                        block + " anchors it, but the block's own FOUND receipt is treasury_receipt " + found
                                + " (expected an anchor older than that): the receipts were reordered");
            }
            anchored++;
            newest = Math.max(newest, a.receiptId());
        }
        long total = ledger.receipts().size();
        return Outcome.ok(
                name(),
                anchored + " coinbase anchors match the receipts they claim"
                        + (newest < 0 ? "" : " (newest anchored: treasury_receipt " + newest + ")")
                        + (without == 0 ? "" : "; " + without + " blocks carry no anchor")
                        + (total > Math.max(newest, 0)
                                ? "; receipts " + (Math.max(newest, 0) + 1) + ".." + total
                                        + " are not anchored yet (hash chain only)"
                                : ""));
    }

    /**
     * What is wrong with a coinbase anchor against the ledger's receipts ({@code byId}, {@code receipts} of them),
     * or empty when it matches: the receipt exists with the anchored entry hash (the public page's check).
     */
    public static Optional<String> problem(ReceiptAnchor a, Map<Long, TreasuryReceipt> byId, long receipts) {
        return Optional.ofNullable(against(a, byId, receipts));
    }

    /** Null if the anchor matches the ledger's receipt, else what is wrong. */
    private static String against(ReceiptAnchor a, Map<Long, TreasuryReceipt> byId, long receipts) {
        if (a.receiptId() == 0) {
            return a.entryHashHex().equals(ReceiptChain.GENESIS_HASH)
                    ? null
                    : "anchors the empty chain with entry hash " + a.entryHashHex() + ", expected "
                            + ReceiptChain.GENESIS_HASH;
        }
        TreasuryReceipt r = byId.get(a.receiptId());
        if (r == null) {
            return "anchored receipt " + a.receiptId() + " with entry hash " + a.entryHashHex()
                    + ", but the ledger has " + receipts + " receipts: receipts were removed";
        }
        if (!r.entryHash().equals(a.entryHashHex())) {
            return "anchored its entry_hash as " + a.entryHashHex() + ", but the ledger's is " + r.entryHash()
                    + ": the receipt chain was rewritten after that block";
        }
        return null;
    }
}
