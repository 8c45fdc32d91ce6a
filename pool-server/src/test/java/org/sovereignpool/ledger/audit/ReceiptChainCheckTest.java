package org.sovereignpool.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.ledger.receipts.ReceiptChain;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.LedgerStore;

class ReceiptChainCheckTest {
    private final TestLedger ledger = new TestLedger();

    @BeforeEach
    void threeReceipts() {
        ledger.found(1, 1_000, null);
        ledger.found(2, 2_000, null);
        ledger.transition(TestLedger.hash(1), BlockStatus.MATURE, 100, 3_000);
    }

    private Outcome run() {
        return new ReceiptChainCheck().run(ledger.snapshot());
    }

    @Test
    void anIntactChainPassesAndAnEmptyOneToo() {
        assertThat(run().ok()).isTrue();
        assertThat(run().summary()).startsWith("3 treasury receipts hash-chained from genesis to the head (3, ");
        assertThat(new ReceiptChainCheck().run(new TestLedger().snapshot()).summary())
                .isEqualTo("0 treasury receipts hash-chained from genesis to the head");
    }

    @Test
    void anAlteredFieldNamesTheEntry() {
        TreasuryReceipt r = ledger.receipts.get(1);
        ledger.receipts.set(
                1,
                new TreasuryReceipt(
                        r.id(), r.height(), r.blockHash(), 0, r.timeMillis(), r.status(), r.prevHash(), r.entryHash()));
        Outcome o = run();
        assertThat(o.discrepancy()).hasValueSatisfying(d -> {
            assertThat(d.entry()).isEqualTo("treasury_receipt 2");
            assertThat(d.problem()).contains("entry_hash").contains("|0|");
        });
    }

    @Test
    void aRehashedEntryBreaksTheLinkOfTheNext() {
        TreasuryReceipt r = ledger.receipts.get(0);
        ledger.receipts.set(
                0,
                new TreasuryReceipt.Draft(r.height(), r.blockHash(), 1, r.timeMillis(), r.status())
                        .chain(1, ReceiptChain.GENESIS_HASH));
        assertThat(run().discrepancy().orElseThrow().entry()).isEqualTo("treasury_receipt 2");
    }

    @Test
    void aRemovedLastEntryIsSeenAtTheHead() {
        ledger.receipts.removeLast();
        Outcome o = run();
        assertThat(o.discrepancy().orElseThrow().entry()).isEqualTo("receipt_head (treasury_receipt 3)");
        assertThat(o.discrepancy().orElseThrow().problem()).contains("removed");
    }

    @Test
    void aRemovedMiddleEntryNamesTheOneAfterIt() {
        ledger.receipts.remove(1);
        ledger.head = new LedgerStore.ReceiptHead(3, ledger.receipts.getLast().entryHash());
        assertThat(run().discrepancy().orElseThrow())
                .satisfies(d -> assertThat(d.entry()).isEqualTo("treasury_receipt 3"))
                .satisfies(d -> assertThat(d.problem()).contains("expected 2"));
    }
}
