package org.sovereignpool.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.CreditStatus;

class CreditStatusCheckTest {
    private final TestLedger ledger = new TestLedger();
    private final String h1 = TestLedger.hash(1);
    private final String h2 = TestLedger.hash(2);
    private final String h3 = TestLedger.hash(3);

    @BeforeEach
    void pendingMatureOrphanedAndWaiting() {
        ledger.found(1, 1_000, List.of(TestLedger.credit(h1, "alpha", "rig1", 3, 234_375_000, 1_000)));
        ledger.found(2, 2_000, List.of(TestLedger.credit(h2, "alpha", "rig1", 3, 234_375_000, 2_000)));
        ledger.found(3, 3_000, List.of(TestLedger.credit(h3, "beta", "rig7", 1, 78_125_000, 3_000)));
        ledger.found(4, 4_000, null);
        ledger.transition(h1, BlockStatus.MATURE, 100, 5_000);
        ledger.transition(h2, BlockStatus.ORPHANED, 0, 5_000);
    }

    private Outcome run() {
        return new CreditStatusCheck().run(ledger.snapshot());
    }

    @Test
    void eachCreditHasItsBlocksStatus() {
        Outcome o = run();
        assertThat(o.ok()).isTrue();
        assertThat(o.summary())
                .startsWith("3 credits of 3 credited blocks")
                .endsWith("1 blocks not credited yet, with no credits");
    }

    @Test
    void aPendingCreditOfAMatureBlockIsNamed() {
        ledger.credits.replaceAll(c -> c.blockHash().equals(h1) ? TestLedger.withStatus(c, CreditStatus.PENDING) : c);
        assertThat(run().discrepancy().orElseThrow().toString())
                .isEqualTo("credit block:" + h1 + " alpha/rig1: status is PENDING, expected FINAL for a MATURE block");
    }

    @Test
    void aFinalCreditOfAnOrphanedBlockIsNamed() {
        ledger.credits.replaceAll(c -> c.blockHash().equals(h2) ? TestLedger.withStatus(c, CreditStatus.FINAL) : c);
        assertThat(run().discrepancy().orElseThrow().problem())
                .isEqualTo("status is FINAL, expected REVERSED for a ORPHANED block");
    }

    @Test
    void creditsOfABlockNotCreditedOrNotRecordedAreNamed() {
        ledger.credits.add(TestLedger.credit(TestLedger.hash(4), "beta", "rig7", 1, 5, 4_000));
        assertThat(run().discrepancy().orElseThrow().problem())
                .startsWith("not credited (credited = false), but 1 credit rows name it");
        ledger.credits.removeLast();
        ledger.credits.add(TestLedger.credit(TestLedger.hash(9), "beta", "rig7", 1, 5, 4_000));
        assertThat(run().discrepancy().orElseThrow().problem()).contains("is not in found_block");
    }

    @Test
    void aCreditWhoseBlockHashWasClearedIsNamedByItsSource() {
        Credit c = ledger.credits.getFirst();
        ledger.credits.set(
                0,
                new Credit(
                        c.source(),
                        null,
                        c.operatorId(),
                        c.worker(),
                        c.scheme(),
                        c.weight(),
                        c.amountSats(),
                        c.status(),
                        c.timeMillis()));
        assertThat(run().discrepancy().orElseThrow().toString())
                .isEqualTo("credit block:" + h1 + " alpha/rig1: block_hash is null, expected " + h1
                        + " as its source names");
    }
}
