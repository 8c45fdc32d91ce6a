package org.sovereignpool.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.ledger.receipts.ReceiptChain;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.share.job.ReceiptAnchor;

class AnchorCheckTest {
    private final TestLedger ledger = new TestLedger();
    private final Map<String, Optional<ChainBlock>> chain = new LinkedHashMap<>();

    /** A block found with the head as it is now anchored in its coinbase. */
    private void foundAnchoringTheHead(int i, long time) {
        ReceiptAnchor anchor = new ReceiptAnchor(ledger.head.lastId(), ledger.head.lastHash());
        ledger.found(i, time, null);
        chain.put(TestLedger.hash(i), Optional.of(block(i, anchor.script())));
    }

    private static ChainBlock block(int i, byte[]... extra) {
        List<TransactionOutputs.Output> outputs = new ArrayList<>(ChainCheckTest.paying(TestLedger.REWARD));
        for (byte[] script : extra) {
            outputs.add(1, new TransactionOutputs.Output(0, script));
        }
        return new ChainBlock(TestLedger.hash(i), 900_000 + i, 1, Optional.of(outputs));
    }

    @BeforeEach
    void threeAnchoredBlocks() {
        foundAnchoringTheHead(1, 1_000); // anchors the empty chain
        foundAnchoringTheHead(2, 2_000); // anchors receipt 1
        foundAnchoringTheHead(3, 3_000); // anchors receipt 2
    }

    private Outcome run() {
        return new AnchorCheck(new ChainSnapshot("n", chain)).run(ledger.snapshot());
    }

    @Test
    void anchorsOfTheLedgersOwnReceiptsPass() {
        Outcome o = run();
        assertThat(o.ok()).isTrue();
        assertThat(o.summary())
                .isEqualTo("3 coinbase anchors match the receipts they claim (newest anchored: treasury_receipt 2);"
                        + " receipts 3..3 are not anchored yet (hash chain only)");
    }

    /** The attacker changes receipt 1 and recomputes every hash after it: the hash chain holds, the anchors do not. */
    @Test
    void aRewrittenChainWithRecomputedHashesIsCaught() {
        List<TreasuryReceipt> old = new ArrayList<>(ledger.receipts);
        ledger.receipts.clear();
        String prev = ReceiptChain.GENESIS_HASH;
        for (TreasuryReceipt r : old) {
            long time = r.id() == 1 ? r.timeMillis() - 3_600_000 : r.timeMillis();
            TreasuryReceipt re = new TreasuryReceipt.Draft(r.height(), r.blockHash(), r.amountSats(), time, r.status())
                    .chain(r.id(), prev);
            ledger.receipts.add(re);
            prev = re.entryHash();
        }
        ledger.head = new org.sovereignpool.ledger.store.LedgerStore.ReceiptHead(3, prev);
        assertThat(new ReceiptChainCheck().run(ledger.snapshot()).ok()).isTrue();
        Discrepancy d = run().discrepancy().orElseThrow();
        assertThat(d.entry()).isEqualTo("treasury_receipt 1");
        assertThat(d.problem())
                .isEqualTo("block " + TestLedger.hash(2) + " (height 900002) anchored its entry_hash as "
                        + old.get(0).entryHash() + ", but the ledger's is "
                        + ledger.receipts.get(0).entryHash()
                        + ": the receipt chain was rewritten after that block");
    }

    @Test
    void anAnchorBeyondTheChainOrNotOlderThanItsBlockIsNamed() {
        ledger.receipts.removeLast();
        assertThat(run().ok()).as("receipt 3 was never anchored").isTrue();
        ledger.receipts.removeLast();
        assertThat(run().discrepancy().orElseThrow().problem())
                .endsWith("anchored receipt 2 with entry hash " + chainAnchorHash(3)
                        + ", but the ledger has 1 receipts: receipts were removed");

        TestLedger other = new TestLedger();
        other.found(1, 1_000, null);
        TreasuryReceipt own = other.receipts.getFirst();
        chain.clear();
        chain.put(TestLedger.hash(1), Optional.of(block(1, new ReceiptAnchor(1, own.entryHash()).script())));
        assertThat(new AnchorCheck(new ChainSnapshot("n", chain))
                        .run(other.snapshot())
                        .discrepancy()
                        .orElseThrow())
                .satisfies(d -> assertThat(d.problem()).contains("expected an anchor older than that"));
    }

    private String chainAnchorHash(int block) {
        return chain.get(TestLedger.hash(block)).orElseThrow().coinbaseOutputs().orElseThrow().stream()
                .map(o -> ReceiptAnchor.parse(o.script()))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow()
                .entryHashHex();
    }

    @Test
    void aWrongEmptyChainTwoAnchorsOrAMalformedOneAreNamed() {
        chain.put(TestLedger.hash(1), Optional.of(block(1, new ReceiptAnchor(0, "ab".repeat(32)).script())));
        assertThat(run().discrepancy().orElseThrow().problem())
                .contains("anchors the empty chain with entry hash abab");
        byte[] a = new ReceiptAnchor(0, ReceiptChain.GENESIS_HASH).script();
        chain.put(TestLedger.hash(1), Optional.of(block(1, a, a)));
        assertThat(run().discrepancy().orElseThrow().problem()).contains("carries 2 anchors");
        chain.put(TestLedger.hash(1), Optional.of(block(1, java.util.Arrays.copyOf(a, 40))));
        assertThat(run().discrepancy().orElseThrow().problem()).startsWith("its coinbase anchor is malformed");
    }

    @Test
    void blocksWithoutAnAnchorOrDataAreCounted() {
        chain.put(TestLedger.hash(1), Optional.of(block(1)));
        chain.put(TestLedger.hash(2), Optional.of(new ChainBlock(TestLedger.hash(2), 900_002, 1, Optional.empty())));
        Outcome o = run();
        assertThat(o.ok()).isTrue();
        assertThat(o.summary()).contains("1 coinbase anchors match").contains("1 blocks carry no anchor");
    }
}
