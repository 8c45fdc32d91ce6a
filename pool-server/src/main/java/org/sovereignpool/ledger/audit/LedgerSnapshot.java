package org.sovereignpool.ledger.audit;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.ShareAggregate;

/**
 * What the audit reads from the ledger: every receipt and the stored head, every found block, every credit of a
 * block, every node's applied sequence, and the share rows (streamed, as there may be millions).
 *
 * @param blockCredits the credits that name a block (PPLNS); PPS credits are only counted
 * @param otherCredits how many credits name no block (PPS)
 * @param shareRows every share aggregate, by node then first sequence
 */
public record LedgerSnapshot(
        List<TreasuryReceipt> receipts,
        LedgerStore.ReceiptHead head,
        List<BlockRecord> blocks,
        List<Credit> blockCredits,
        long otherCredits,
        Map<Integer, Long> appliedSequences,
        ShareRows shareRows) {

    /** The share rows, in order of node id then first sequence, fed until the sink returns false. */
    @FunctionalInterface
    public interface ShareRows {
        void forEach(Predicate<ShareAggregate> sink) throws SQLException;

        /** Rows from a list, sorted as the store sorts them (for tests). */
        static ShareRows of(List<ShareAggregate> rows) {
            List<ShareAggregate> sorted = new ArrayList<>(rows);
            sorted.sort(java.util.Comparator.comparingInt(ShareAggregate::nodeId)
                    .thenComparingLong(ShareAggregate::firstSeq));
            return sink -> {
                for (ShareAggregate a : sorted) {
                    if (!sink.test(a)) {
                        return;
                    }
                }
            };
        }
    }

    public LedgerSnapshot {
        receipts = List.copyOf(receipts);
        Objects.requireNonNull(head, "head");
        blocks = List.copyOf(blocks);
        blockCredits = List.copyOf(blockCredits);
        appliedSequences = Map.copyOf(appliedSequences);
        Objects.requireNonNull(shareRows, "shareRows");
    }

    /** Reads the ledger (each table in its own transaction: see {@link LedgerAudit} on a ledger in use). */
    public static LedgerSnapshot read(LedgerStore store) throws SQLException {
        List<TreasuryReceipt> receipts = new ArrayList<>();
        store.forEachReceipt(receipts::add);
        LedgerStore.ReceiptHead head = store.receiptHead();
        List<BlockRecord> blocks = store.allBlocks();
        List<Credit> blockCredits = new ArrayList<>();
        long[] other = {0};
        store.forEachCredit(c -> {
            if (c.blockHash() != null || c.source().startsWith("block:")) {
                blockCredits.add(c);
            } else {
                other[0]++;
            }
            return true;
        });
        return new LedgerSnapshot(
                receipts, head, blocks, blockCredits, other[0], store.appliedSequences(), store::forEachShareAggregate);
    }

    /** The blocks by hash. */
    public Map<String, BlockRecord> blocksByHash() {
        Map<String, BlockRecord> out = new LinkedHashMap<>();
        for (BlockRecord b : blocks) {
            out.put(b.hash(), b);
        }
        return out;
    }

    /** Each block's receipts in id order, by block hash (blocks without receipts are absent). */
    public Map<String, List<TreasuryReceipt>> receiptsByBlock() {
        Map<String, List<TreasuryReceipt>> out = new TreeMap<>();
        for (TreasuryReceipt r : receipts) {
            out.computeIfAbsent(r.blockHash(), h -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** Each block's credits, by the block hash they name (blocks without credits are absent). */
    public Map<String, List<Credit>> creditsByBlock() {
        Map<String, List<Credit>> out = new TreeMap<>();
        for (Credit c : blockCredits) {
            out.computeIfAbsent(blockOf(c), h -> new ArrayList<>()).add(c);
        }
        return out;
    }

    /** The block a credit names: its block_hash, or the hash in its source when block_hash was cleared. */
    static String blockOf(Credit c) {
        return c.blockHash() != null ? c.blockHash() : c.source().substring("block:".length());
    }

    /** How a credit row is named in a discrepancy. */
    static String name(Credit c) {
        return "credit " + c.source() + " " + c.operatorId() + "/" + c.worker();
    }

    /** How a block row is named in a discrepancy. */
    static String name(BlockRecord b) {
        return "found_block " + b.hash() + " (height " + b.height() + ")";
    }
}
