package org.sovereignpool.ledger.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sovereignpool.ledger.receipts.ReceiptChain;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.CreditStatus;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.ShareAggregate;

/**
 * An in-memory ledger for the checks' unit tests, kept consistent as the store keeps it (receipts chained, a FOUND
 * receipt with each block, a receipt per status change, credits stamped with the block's status); tests then break
 * one thing.
 */
final class TestLedger {
    static final long REWARD = 312_500_000;

    final List<TreasuryReceipt> receipts = new ArrayList<>();
    final Map<String, BlockRecord> blocks = new TreeMap<>();
    final List<Credit> credits = new ArrayList<>();
    final List<ShareAggregate> shares = new ArrayList<>();
    final Map<Integer, Long> applied = new TreeMap<>();
    LedgerStore.ReceiptHead head = new LedgerStore.ReceiptHead(0, ReceiptChain.GENESIS_HASH);

    static String hash(int i) {
        return String.format("%064x", i);
    }

    TreasuryReceipt receipt(int height, String blockHash, long amount, long time, String status) {
        TreasuryReceipt r = new TreasuryReceipt.Draft(height, blockHash, amount, time, status)
                .chain(head.lastId() + 1, head.lastHash());
        receipts.add(r);
        head = new LedgerStore.ReceiptHead(r.id(), r.entryHash());
        return r;
    }

    /** A found block (PENDING, with its FOUND receipt), credited with {@code credits} when not null. */
    BlockRecord found(int i, long time, List<Credit> blockCredits) {
        String h = hash(i);
        BlockRecord b = new BlockRecord(
                h,
                900_000 + i,
                "alpha",
                "rig1",
                time,
                REWARD,
                1e6,
                1,
                0,
                Map.of(),
                BlockStatus.PENDING,
                0,
                blockCredits != null,
                time);
        blocks.put(h, b);
        receipt(b.height(), h, REWARD, time, "FOUND");
        if (blockCredits != null) {
            credits.addAll(blockCredits);
        }
        return b;
    }

    /** Moves a block to {@code to}, with its receipt and its credits' status, as transitionBlock does. */
    void transition(String h, BlockStatus to, int confirmations, long time) {
        BlockRecord b = blocks.get(h);
        blocks.put(h, b.with(to, confirmations, b.credited(), time));
        receipt(b.height(), h, b.rewardSats(), time, to.name());
        credits.replaceAll(c -> h.equals(c.blockHash()) ? withStatus(c, CreditStatus.forBlock(to)) : c);
    }

    static Credit credit(String blockHash, String op, String worker, double weight, long sats, long time) {
        return new Credit(
                "block:" + blockHash, blockHash, op, worker, "PPLNS", weight, sats, CreditStatus.PENDING, time);
    }

    static Credit withStatus(Credit c, CreditStatus s) {
        return new Credit(
                c.source(),
                c.blockHash(),
                c.operatorId(),
                c.worker(),
                c.scheme(),
                c.weight(),
                c.amountSats(),
                s,
                c.timeMillis());
    }

    static Credit withAmount(Credit c, long sats) {
        return new Credit(
                c.source(),
                c.blockHash(),
                c.operatorId(),
                c.worker(),
                c.scheme(),
                c.weight(),
                sats,
                c.status(),
                c.timeMillis());
    }

    /** One batch of a node's journal, applied: rows inside after+1..through. */
    void apply(int node, long through, ShareAggregate... rows) {
        shares.addAll(List.of(rows));
        applied.put(node, through);
    }

    static ShareAggregate agg(int node, long first, long last, long count, String op, double diff) {
        return new ShareAggregate(node, first, last, op, "rig1", 0, count, diff, diff, 1_000, 2_000, 900_000, 0);
    }

    LedgerSnapshot snapshot() {
        return new LedgerSnapshot(
                receipts,
                head,
                new ArrayList<>(blocks.values())
                        .stream()
                                .sorted(java.util.Comparator.comparingInt(BlockRecord::height))
                                .toList(),
                credits,
                0,
                applied,
                LedgerSnapshot.ShareRows.of(shares));
    }
}
