package org.sovereignpool.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.share.model.Hex;

class ChainCheckTest {
    static final byte[] TREASURY = Hex.decode("00145718787757d6de1735a1b4e47126f98fdaf3941e");

    private final TestLedger ledger = new TestLedger();
    private final Map<String, Optional<ChainBlock>> chain = new LinkedHashMap<>();
    private final String h1 = TestLedger.hash(1);
    private final String h2 = TestLedger.hash(2);
    private final String h3 = TestLedger.hash(3);

    static List<TransactionOutputs.Output> paying(long sats) {
        return List.of(
                new TransactionOutputs.Output(sats, TREASURY),
                new TransactionOutputs.Output(0, Hex.decode("6a24aa21a9ed" + "00".repeat(32))));
    }

    @BeforeEach
    void matureOrphanedPending() {
        ledger.found(1, 1_000, null);
        ledger.found(2, 2_000, null);
        ledger.found(3, 3_000, null);
        ledger.transition(h1, BlockStatus.MATURE, 100, 4_000);
        ledger.transition(h2, BlockStatus.ORPHANED, 0, 4_000);
        chain.put(h1, Optional.of(new ChainBlock(h1, 900_001, 102, Optional.of(paying(TestLedger.REWARD)))));
        chain.put(h2, Optional.of(new ChainBlock(h2, 900_002, -1, Optional.of(paying(TestLedger.REWARD)))));
        chain.put(h3, Optional.of(new ChainBlock(h3, 900_003, 1, Optional.of(paying(TestLedger.REWARD)))));
    }

    private Outcome run() {
        return new ChainCheck(new ChainSnapshot("http://node", chain), TREASURY).run(ledger.snapshot());
    }

    @Test
    void blocksAsTheChainHasThemPass() {
        Outcome o = run();
        assertThat(o.ok()).isTrue();
        assertThat(o.summary()).startsWith("3 blocks as http://node has them").contains("3 coinbases pay the treasury");
    }

    @Test
    void aCoinbasePayingLessThanTheRecordedRewardIsNamed() {
        chain.put(h3, Optional.of(new ChainBlock(h3, 900_003, 1, Optional.of(paying(TestLedger.REWARD - 1)))));
        assertThat(run().discrepancy().orElseThrow().toString())
                .isEqualTo("found_block " + h3 + " (height 900003): reward_sats is 312500000, but the coinbase on"
                        + " chain pays the treasury (00145718787757d6de1735a1b4e47126f98fdaf3941e) 312499999 sats");
    }

    @Test
    void statusAgainstTheMainChainBothWays() {
        chain.put(h2, Optional.of(new ChainBlock(h2, 900_002, 5, Optional.of(paying(TestLedger.REWARD)))));
        assertThat(run().discrepancy().orElseThrow().problem())
                .isEqualTo("status is ORPHANED, but the block is in the main chain with 5 confirmations (expected"
                        + " PENDING or MATURE)");
        chain.put(h2, Optional.of(new ChainBlock(h2, 900_002, -1, Optional.of(paying(TestLedger.REWARD)))));
        chain.put(h3, Optional.of(new ChainBlock(h3, 900_003, -1, Optional.of(paying(TestLedger.REWARD)))));
        assertThat(run().discrepancy().orElseThrow().problem())
                .isEqualTo("status is PENDING, but the block is not in the main chain (confirmations -1; expected"
                        + " ORPHANED)");
    }

    @Test
    void aMatureBlockWithFewConfirmationsOrAWrongHeightIsNamed() {
        chain.put(h1, Optional.of(new ChainBlock(h1, 900_001, 40, Optional.of(paying(TestLedger.REWARD)))));
        assertThat(run().discrepancy().orElseThrow().problem())
                .isEqualTo("status is MATURE, but the block has 40 confirmations (expected at least 100)");
        chain.put(h1, Optional.of(new ChainBlock(h1, 900_009, 102, Optional.of(paying(TestLedger.REWARD)))));
        assertThat(run().discrepancy().orElseThrow().problem()).contains("expected height 900001");
    }

    @Test
    void unknownBlocksArePassedOnlyWhenOrphaned() {
        chain.put(h2, Optional.empty());
        chain.put(h1, Optional.of(new ChainBlock(h1, 900_001, 102, Optional.empty())));
        Outcome o = run();
        assertThat(o.ok()).isTrue();
        assertThat(o.summary())
                .contains("1 coinbases pay")
                .contains("1 orphaned blocks unknown to the node")
                .contains("1 blocks without data on the node (pruned)");
        chain.put(h3, Optional.empty());
        assertThat(run().discrepancy().orElseThrow().problem()).startsWith("the node does not know this block");
    }
}
