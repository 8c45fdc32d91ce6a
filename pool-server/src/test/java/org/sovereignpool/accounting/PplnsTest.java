package org.sovereignpool.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.ledger.store.ShareAggregate;

class PplnsTest {
    private static long seq = 1;

    static ShareAggregate agg(String op, String worker, double diff, long lastMillis) {
        long s = seq++;
        return new ShareAggregate(1, s, s, op, worker, 0, 1, diff, diff, lastMillis, lastMillis, 900_000, 0);
    }

    @Test
    void handComputedWindowWithAProRataLastAggregate() {
        // network difficulty 10, windowFactor 2 -> N = 20. Newest first: alice 8, bob 8, alice 8 (only 4 of it
        // fits), carol 8 (outside). Weights: alice 12, bob 8 -> 1000 sats: alice 600, bob 400.
        var newestFirst = List.of(
                agg("alice", "r1", 8, 400),
                agg("bob", "r1", 8, 300),
                agg("alice", "r1", 8, 200),
                agg("carol", "r1", 8, 100));
        List<Allocation> parts = Pplns.split(1000, newestFirst.iterator(), new BigDecimal(20));
        assertThat(parts)
                .extracting(Allocation::operatorId, Allocation::weight, Allocation::amountSats)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice", new BigDecimal(12), 600L),
                        org.assertj.core.groups.Tuple.tuple("bob", new BigDecimal(8), 400L));
    }

    @Test
    void handComputedWindowAcrossWorkersWithRounding() {
        // N = 1.5 x 4 = 6: a.r1 2, b.r1 1, a.r2 3 -> weights 2, 1, 3 of 6; reward 625,000,001 sats:
        // exact 208,333,333.67 / 104,166,666.83 / 312,500,000.5 -> floors sum 624,999,999, 2 left: to the largest
        // remainders, b.r1 (.83) and a.r1 (.67); a.r2 (.5) keeps its floor
        var newestFirst = List.of(agg("a", "r1", 2, 3), agg("b", "r1", 1, 2), agg("a", "r2", 3, 1));
        assertThat(Pplns.split(625_000_001L, newestFirst.iterator(), new BigDecimal("6")))
                .extracting(Allocation::worker, Allocation::amountSats)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("r1", 208_333_334L),
                        org.assertj.core.groups.Tuple.tuple("r2", 312_500_000L),
                        org.assertj.core.groups.Tuple.tuple("r1", 104_166_667L));
    }

    @Test
    void aWindowLargerThanAllSharesUsesThemAll() {
        var newestFirst = List.of(agg("a", "r1", 1, 2), agg("b", "r1", 3, 1));
        assertThat(Pplns.split(400, newestFirst.iterator(), new BigDecimal(1_000_000)))
                .extracting(Allocation::amountSats)
                .containsExactly(100L, 300L);
    }

    @Test
    void noSharesNoCredits() {
        assertThat(Pplns.split(400, List.<ShareAggregate>of().iterator(), BigDecimal.TEN))
                .isEmpty();
    }

    @Test
    void windowFactorIsValidated() {
        assertThatThrownBy(() -> new Pplns(0)).hasMessageContaining("windowFactor");
        assertThatThrownBy(() -> new Pplns(101)).hasMessageContaining("windowFactor");
        assertThat(Pplns.windowSize(2.5, 600)).isEqualByComparingTo(new BigDecimal(1500));
    }

    @Test
    void aBlockIsCreditedFromTheWindowInTheStoreUpToTheBlockTime(@TempDir Path dir) throws Exception {
        try (LedgerStore store = JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null)) {
            // 2,500 aggregates of difficulty 1 over 3 operators (more than one page of 1000), block at t = 2000
            List<ShareAggregate> rows = new java.util.ArrayList<>();
            for (int i = 1; i <= 2500; i++) {
                String op = i % 5 == 0 ? "carol" : i % 2 == 0 ? "bob" : "alice";
                rows.add(new ShareAggregate(1, i, i, op, "r1", 0, 1, 1.0, 1.0, i, i, 900_000, 0));
            }
            store.applyShares(1, 0, 2500, rows, 0);
            BlockRecord block = new BlockRecord(
                    "ab".repeat(32),
                    900_000,
                    "bob",
                    "r1",
                    2000,
                    312_500_000,
                    600,
                    1,
                    2500,
                    Map.of(),
                    BlockStatus.PENDING,
                    0,
                    false,
                    2000);
            store.recordBlock(
                    block,
                    new org.sovereignpool.ledger.receipts.TreasuryReceipt.Draft(
                            900_000, block.hash(), 312_500_000, 2000, "FOUND"));
            // N = 2.5 x 600 = 1500 shares: t = 501..2000, read in pages inside the crediting transaction
            assertThat(store.creditBlockWhenReady(block.hash(), new Pplns(2.5), 3000)
                            .kind())
                    .isEqualTo(org.sovereignpool.ledger.store.CreditOutcome.Kind.CREDITED);
            List<Credit> credits = store.creditsOfBlock(block.hash());
            long alice = 0;
            long bob = 0;
            long carol = 0;
            for (int i = 501; i <= 2000; i++) {
                if (i % 5 == 0) {
                    carol++;
                } else if (i % 2 == 0) {
                    bob++;
                } else {
                    alice++;
                }
            }
            assertThat(alice + bob + carol).isEqualTo(1500);
            assertThat(credits)
                    .extracting(Credit::operatorId, Credit::weight)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("alice", (double) alice),
                            org.assertj.core.groups.Tuple.tuple("bob", (double) bob),
                            org.assertj.core.groups.Tuple.tuple("carol", (double) carol));
            assertThat(credits.stream().mapToLong(Credit::amountSats).sum()).isEqualTo(312_500_000);
            // alice 600/1500, bob 600/1500, carol 300/1500 of 312,500,000
            assertThat(credits).extracting(Credit::amountSats).containsExactly(125_000_000L, 125_000_000L, 62_500_000L);
            assertThat(credits).allSatisfy(c -> assertThat(c.source()).isEqualTo("block:" + "ab".repeat(32)));
        }
    }
}
