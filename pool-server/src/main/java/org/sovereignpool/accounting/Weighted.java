package org.sovereignpool.accounting;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Objects;

/** A worker's weight (summed share difficulty, exact) in a split. */
public record Weighted(String operatorId, String worker, BigDecimal weight) {
    /** The deterministic order of workers: ties in remainders go to the first in this order. */
    public static final Comparator<Weighted> ORDER =
            Comparator.comparing(Weighted::operatorId).thenComparing(Weighted::worker);

    public Weighted {
        Objects.requireNonNull(operatorId, "operatorId");
        Objects.requireNonNull(worker, "worker");
        if (weight.signum() < 0) {
            throw new IllegalArgumentException("weight must be >= 0, got " + weight);
        }
    }
}
