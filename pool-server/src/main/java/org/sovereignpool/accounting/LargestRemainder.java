package org.sovereignpool.accounting;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits an integer amount of satoshis in proportion to exact weights so the parts sum exactly to the amount: each
 * part is first the floor of its exact share, then the satoshis left over go one each to the largest remainders
 * (ties: {@link Weighted#ORDER}). Exact arithmetic throughout (doubles become exact BigDecimals), so the result does
 * not depend on the order of the input.
 */
public final class LargestRemainder {
    private LargestRemainder() {}

    public static List<Allocation> split(long amountSats, List<Weighted> weights) {
        if (amountSats < 0) {
            throw new IllegalArgumentException("amount must be >= 0, got " + amountSats);
        }
        List<Weighted> sorted = new ArrayList<>(weights);
        sorted.sort(Weighted.ORDER);
        for (int i = 1; i < sorted.size(); i++) {
            if (Weighted.ORDER.compare(sorted.get(i - 1), sorted.get(i)) == 0) {
                throw new IllegalArgumentException("worker listed twice: " + sorted.get(i));
            }
        }
        BigDecimal total = BigDecimal.ZERO;
        for (Weighted w : sorted) {
            total = total.add(w.weight());
        }
        if (total.signum() == 0) {
            return List.of();
        }
        // scale every weight to an integer: the exact shares are amount * w_i / total with integers throughout
        int scale = Math.max(
                0, sorted.stream().mapToInt(w -> w.weight().scale()).max().orElse(0));
        BigInteger t = total.movePointRight(scale).toBigIntegerExact();
        BigInteger amount = BigInteger.valueOf(amountSats);
        long[] parts = new long[sorted.size()];
        BigInteger[] remainders = new BigInteger[sorted.size()];
        long given = 0;
        for (int i = 0; i < sorted.size(); i++) {
            BigInteger w = sorted.get(i).weight().movePointRight(scale).toBigIntegerExact();
            BigInteger[] qr = amount.multiply(w).divideAndRemainder(t);
            parts[i] = qr[0].longValueExact();
            remainders[i] = qr[1];
            given += parts[i];
        }
        long left = amountSats - given;
        List<Integer> byRemainder = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            byRemainder.add(i);
        }
        byRemainder.sort(Comparator.<Integer, BigInteger>comparing(i -> remainders[i])
                .reversed()
                .thenComparing(i -> i));
        for (int k = 0; k < left; k++) {
            parts[byRemainder.get(k)]++;
        }
        List<Allocation> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            Weighted w = sorted.get(i);
            out.add(new Allocation(w.operatorId(), w.worker(), w.weight(), parts[i]));
        }
        return out;
    }
}
