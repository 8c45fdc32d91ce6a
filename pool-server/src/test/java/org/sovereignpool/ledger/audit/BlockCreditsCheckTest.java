package org.sovereignpool.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.CreditStatus;

/**
 * The comparison with a recomputation; the recomputation here is a table of what the scheme would credit (the real
 * PPLNS recomputation on a real ledger is in {@code VerifyLedgerTamperingTest}).
 */
class BlockCreditsCheckTest {
    private final TestLedger ledger = new TestLedger();
    private final Map<String, List<Credit>> scheme = new TreeMap<>();
    private final CreditRecomputation recompute = b -> scheme.getOrDefault(b.hash(), List.of());
    private final String h1 = TestLedger.hash(1);
    private final String h2 = TestLedger.hash(2);

    @BeforeEach
    void twoCreditedBlocksOneEmptyWindowOneWaiting() {
        List<Credit> credits = List.of(
                TestLedger.credit(h1, "alpha", "rig1", 3, 234_375_000, 1_000),
                TestLedger.credit(h1, "beta", "rig7", 1, 78_125_000, 1_000));
        scheme.put(h1, credits);
        ledger.found(1, 1_000, credits);
        ledger.found(2, 2_000, List.of()); // credited, empty window: the treasury keeps the reward
        ledger.found(3, 3_000, null); // not credited yet: not recomputed
        scheme.put(TestLedger.hash(3), List.of(TestLedger.credit(TestLedger.hash(3), "x", "y", 1, 1, 3_000)));
        ledger.transition(h1, BlockStatus.ORPHANED, 0, 4_000); // reversed credits keep their amounts
    }

    private Outcome run() throws Exception {
        return new BlockCreditsCheck(recompute, "test scheme").run(ledger.snapshot());
    }

    @Test
    void creditsEqualToTheRecomputationPass() throws Exception {
        Outcome o = run();
        assertThat(o.ok()).isTrue();
        assertThat(o.summary())
                .isEqualTo("2 credited blocks (2 credits) equal the recomputation (test scheme) worker by worker,"
                        + " each summing to its reward; 1 with an empty window credit nothing (the treasury keeps"
                        + " it)");
    }

    @Test
    void aRaisedCreditIsNamedWithTheDifference() throws Exception {
        ledger.credits.replaceAll(c -> c.worker().equals("rig7") ? TestLedger.withAmount(c, 128_125_000) : c);
        assertThat(run().discrepancy().orElseThrow().toString())
                .isEqualTo("credit block:" + h1 + " beta/rig7: amount_sats is 128125000, expected 78125000 by the"
                        + " recomputation (+50000000 sats)");
    }

    @Test
    void aDeletedCreditIsNamedAsMissing() throws Exception {
        ledger.credits.removeIf(c -> c.worker().equals("rig1"));
        assertThat(run().discrepancy().orElseThrow().toString())
                .isEqualTo("credit block:" + h1 + " alpha/rig1: missing: the recomputation credits 234375000 sats"
                        + " (weight 3.0)");
    }

    @Test
    void anInsertedCreditIsNamed() throws Exception {
        ledger.credits.add(
                TestLedger.withStatus(TestLedger.credit(h2, "mallory", "rig", 1, 5, 2_000), CreditStatus.PENDING));
        assertThat(run().discrepancy().orElseThrow().toString())
                .startsWith("credit block:" + h2 + " mallory/rig: amount_sats is 5 (weight 1.0), expected no credit");
    }

    @Test
    void aMovedSatoshiOrWeightIsNamed() throws Exception {
        List<Credit> moved = new ArrayList<>(ledger.credits);
        moved.replaceAll(
                c -> TestLedger.withAmount(c, c.amountSats() + (c.worker().equals("rig1") ? 1 : -1)));
        ledger.credits.clear();
        ledger.credits.addAll(moved);
        assertThat(run().discrepancy().orElseThrow().problem())
                .isEqualTo("amount_sats is 234375001, expected 234375000 by the recomputation (+1 sats)");
        ledger.credits.clear();
        ledger.credits.addAll(scheme.get(h1).stream()
                .map(c -> TestLedger.withStatus(c, CreditStatus.REVERSED))
                .map(c -> new Credit(
                        c.source(),
                        c.blockHash(),
                        c.operatorId(),
                        c.worker(),
                        c.scheme(),
                        c.weight() + 0.5,
                        c.amountSats(),
                        c.status(),
                        c.timeMillis()))
                .toList());
        assertThat(run().discrepancy().orElseThrow().problem())
                .isEqualTo("weight is 3.5, expected 3.0 by the recomputation");
    }

    @Test
    void aRecomputationThatDoesNotSumToTheRewardIsNamedAtTheBlock() throws Exception {
        List<Credit> short1 = List.of(TestLedger.credit(h1, "alpha", "rig1", 3, 1, 1_000));
        scheme.put(h1, short1);
        ledger.credits.removeIf(c -> c.blockHash().equals(h1));
        ledger.credits.add(TestLedger.withStatus(short1.getFirst(), CreditStatus.REVERSED));
        assertThat(run().discrepancy().orElseThrow().toString())
                .isEqualTo("found_block " + h1 + " (height 900001): its credits sum to 1 sats, expected 312500000"
                        + " (its reward)");
    }
}
