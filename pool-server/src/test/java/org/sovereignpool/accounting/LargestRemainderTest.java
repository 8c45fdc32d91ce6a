package org.sovereignpool.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LargestRemainderTest {
    static Weighted w(String op, String worker, double weight) {
        return new Weighted(op, worker, new BigDecimal(weight));
    }

    @Test
    void exactSplitsNeedNoRemainder() {
        // 3.125 BTC over weights 3 and 7: 93,750,000 and 218,750,000 (hand-computed)
        assertThat(LargestRemainder.split(312_500_000, List.of(w("a", "x", 3), w("b", "x", 7))))
                .extracting(Allocation::amountSats)
                .containsExactly(93_750_000L, 218_750_000L);
    }

    @Test
    void theLeftoverSatoshiGoesToTheFirstInOrderOnATie() {
        // 100 over three equal weights: 33 each, 1 left, ties broken by (operator, worker)
        assertThat(LargestRemainder.split(100, List.of(w("c", "x", 1), w("a", "x", 1), w("b", "x", 1))))
                .extracting(Allocation::operatorId, Allocation::amountSats)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 34L),
                        org.assertj.core.groups.Tuple.tuple("b", 33L),
                        org.assertj.core.groups.Tuple.tuple("c", 33L));
    }

    @Test
    void leftoversGoToTheLargestRemainders() {
        // 10 over 1 : 2 : 4 (total 7): exact 1.43, 2.86, 5.71 -> floors 1, 2, 5 (8), 2 left: to .86 then .71
        assertThat(LargestRemainder.split(10, List.of(w("a", "x", 1), w("b", "x", 2), w("c", "x", 4))))
                .extracting(Allocation::amountSats)
                .containsExactly(1L, 3L, 6L);
    }

    @Test
    void nothingToSplitOverNoWeight() {
        assertThat(LargestRemainder.split(100, List.of())).isEmpty();
        assertThat(LargestRemainder.split(100, List.of(w("a", "x", 0)))).isEmpty();
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> LargestRemainder.split(-1, List.of())).hasMessageContaining("amount");
        assertThatThrownBy(() -> LargestRemainder.split(1, List.of(w("a", "x", 1), w("a", "x", 2))))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> w("a", "x", -1)).hasMessageContaining("weight");
    }

    /** Seeded random splits: the parts sum exactly, each within one satoshi of its exact share, order-independent. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void partsSumExactlyAndStayWithinOneSatoshi(long seed) {
        Random rnd = new Random(seed);
        long amount = rnd.nextLong(0, 2_100_000_000_000_000L);
        List<Weighted> ws = new ArrayList<>();
        int n = 1 + rnd.nextInt(200);
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            Weighted x = w("op" + rnd.nextInt(20), "w" + i, rnd.nextDouble() * Math.pow(10, rnd.nextInt(12)));
            ws.add(x);
            total = total.add(x.weight());
        }
        List<Allocation> parts = LargestRemainder.split(amount, ws);
        assertThat(parts.stream().mapToLong(Allocation::amountSats).sum()).isEqualTo(amount);
        for (Allocation a : parts) {
            BigDecimal exact =
                    BigDecimal.valueOf(amount).multiply(a.weight()).divide(total, 10, RoundingMode.HALF_EVEN);
            assertThat(BigDecimal.valueOf(a.amountSats()).subtract(exact).abs()).isLessThanOrEqualTo(BigDecimal.ONE);
        }
        List<Weighted> shuffled = new ArrayList<>(ws);
        Collections.shuffle(shuffled, rnd);
        assertThat(LargestRemainder.split(amount, shuffled)).isEqualTo(parts);
    }
}
