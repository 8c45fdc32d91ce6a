package org.sovereignpool.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.CreditStatus;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.ledger.store.ShareAggregate;

class PpsTest {
    @Test
    void subsidyHalvesEvery210000Blocks() {
        assertThat(Subsidy.atHeight(0)).isEqualTo(5_000_000_000L);
        assertThat(Subsidy.atHeight(209_999)).isEqualTo(5_000_000_000L);
        assertThat(Subsidy.atHeight(210_000)).isEqualTo(2_500_000_000L);
        assertThat(Subsidy.atHeight(840_000)).isEqualTo(312_500_000L); // the April 2024 halving
        assertThat(Subsidy.atHeight(64 * 210_000)).isZero();
        assertThatThrownBy(() -> Subsidy.atHeight(-1)).hasMessageContaining("height");
    }

    @Test
    void aShareEarnsRewardTimesDifficultyOverNetworkDifficulty() {
        // hand-computed: 312,500,000 x 1000 / 1,000,000 = 312,500
        assertThat(Pps.value(312_500_000, 1000, 1_000_000)).isEqualTo(312_500);
        // 10 x 1 / 3 = 3.33 -> 3 (rounded down)
        assertThat(Pps.value(10, 1, 3)).isEqualTo(3);
        // fractional share difficulty: 312,500,000 x 0.5 / 100 = 1,562,500
        assertThat(Pps.value(312_500_000, 0.5, 100)).isEqualTo(1_562_500);
        assertThatThrownBy(() -> Pps.value(1, 1, 0)).hasMessageContaining("networkDifficulty");
        assertThatThrownBy(() -> Pps.value(1, Double.NaN, 1)).hasMessageContaining("difficulty");
    }

    @Test
    void accrualCreditsEachAppliedShareOnceAndFinally(@TempDir Path dir) throws Exception {
        try (LedgerStore store = JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null)) {
            store.applyShares(
                    1,
                    0,
                    3,
                    List.of(
                            new ShareAggregate(1, 1, 3, "alpha", "r1", 0, 2, 3000, 1, 10, 20, 840_000, 0),
                            new ShareAggregate(1, 2, 2, "beta", "r1", 0, 1, 1000, 1, 15, 15, 840_000, 0)),
                    0);
            Pps pps = new Pps(store, h -> 1_000_000);
            List<Credit> first = pps.accrue(1);
            // alpha: 312,500,000 x 3000 / 1e6 = 937,500; beta: 312,500
            assertThat(first)
                    .extracting(Credit::operatorId, Credit::amountSats, Credit::status)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("alpha", 937_500L, CreditStatus.FINAL),
                            org.assertj.core.groups.Tuple.tuple("beta", 312_500L, CreditStatus.FINAL));
            assertThat(pps.accrue(1)).isEmpty();
            store.applyShares(
                    1, 3, 4, List.of(new ShareAggregate(1, 4, 4, "alpha", "r1", 0, 1, 2000, 1, 30, 30, 840_000, 0)), 0);
            assertThat(pps.accrue(1)).singleElement().satisfies(c -> {
                assertThat(c.amountSats()).isEqualTo(625_000);
                assertThat(c.source()).isEqualTo("pps:1:4-4");
            });
            assertThat(store.creditsOf("alpha", 0, 100))
                    .extracting(Credit::amountSats)
                    .containsExactly(937_500L, 625_000L);
        }
    }
}
