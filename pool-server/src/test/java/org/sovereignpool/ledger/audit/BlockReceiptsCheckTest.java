package org.sovereignpool.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;

class BlockReceiptsCheckTest {
    private final TestLedger ledger = new TestLedger();

    @BeforeEach
    void blocksInEveryStatus() {
        ledger.found(1, 1_000, null);
        ledger.found(2, 2_000, null);
        ledger.found(3, 3_000, null);
        ledger.transition(TestLedger.hash(1), BlockStatus.MATURE, 100, 4_000);
        ledger.transition(TestLedger.hash(2), BlockStatus.ORPHANED, 0, 4_000);
    }

    private Outcome run() {
        return new BlockReceiptsCheck().run(ledger.snapshot());
    }

    private void replace(int i, BlockRecord b) {
        ledger.blocks.put(TestLedger.hash(i), b);
    }

    private BlockRecord block(int i) {
        return ledger.blocks.get(TestLedger.hash(i));
    }

    @Test
    void blocksThatAgreeWithTheirReceiptsPass() {
        Outcome o = run();
        assertThat(o.ok()).isTrue();
        assertThat(o.summary()).startsWith("3 found blocks {pending=1, mature=1, orphaned=1}");
    }

    @Test
    void aRewardSetToZeroNamesTheBlockAndTheReceipt() {
        BlockRecord b = block(3);
        replace(
                3,
                new BlockRecord(
                        b.hash(),
                        b.height(),
                        b.finderOperator(),
                        b.finderWorker(),
                        b.foundMillis(),
                        0,
                        b.networkDifficulty(),
                        b.nodeId(),
                        b.creditAfterSeq(),
                        b.submitResults(),
                        b.status(),
                        b.confirmations(),
                        b.credited(),
                        b.updatedMillis()));
        assertThat(run().discrepancy().orElseThrow().toString())
                .isEqualTo("found_block " + TestLedger.hash(3) + " (height 900003): reward_sats is 0, expected"
                        + " 312500000 as treasury_receipt 3 (FOUND) records");
    }

    @Test
    void aDeletedBlockRowIsSeenFromItsReceipt() {
        ledger.blocks.remove(TestLedger.hash(2));
        assertThat(run().discrepancy().orElseThrow())
                .satisfies(d -> assertThat(d.entry()).isEqualTo("treasury_receipt 2"))
                .satisfies(d -> assertThat(d.problem()).contains("not in found_block"));
    }

    @Test
    void aBlockWithoutReceiptsOrWithAStatusItsReceiptsDoNotRecordIsNamed() {
        ledger.found(4, 5_000, null);
        ledger.receipts.removeLast();
        assertThat(run().discrepancy().orElseThrow().problem()).contains("expected a FOUND receipt");
        ledger.receipts.clear();
        ledger.head = new org.sovereignpool.ledger.store.LedgerStore.ReceiptHead(
                0, org.sovereignpool.ledger.receipts.ReceiptChain.GENESIS_HASH);
        ledger.blocks.clear();
        ledger.found(1, 1_000, null);
        replace(1, block(1).with(BlockStatus.MATURE, 120, false, 9));
        assertThat(run().discrepancy().orElseThrow().problem())
                .isEqualTo("status is MATURE, expected PENDING as its last receipt, treasury_receipt 1 (FOUND),"
                        + " records");
    }

    @Test
    void aMatureBlockNeedsItsHundredConfirmations() {
        replace(1, block(1).with(BlockStatus.MATURE, 99, false, 9));
        assertThat(run().discrepancy().orElseThrow().problem())
                .isEqualTo("MATURE with 99 confirmations (expected at least 100)");
    }

    @Test
    void aSecondFoundReceiptIsNamed() {
        ledger.receipt(900_003, TestLedger.hash(3), TestLedger.REWARD, 6_000, "FOUND");
        assertThat(run().discrepancy().orElseThrow().entry()).isEqualTo("treasury_receipt 6");
    }

    @Test
    void receiptsThatRecordNoStatusChangeAreCountedNotJudged() {
        ledger.receipt(900_003, TestLedger.hash(3), 17, 6_000, "RECREDITED");
        Outcome o = run();
        assertThat(o.ok()).isTrue();
        assertThat(o.summary()).endsWith("(1 receipts that record no status change)");
    }
}
