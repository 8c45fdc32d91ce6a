package org.sovereignpool.ledger.store;

/**
 * Pending until the block matures (then final), reversed while it is orphaned (pending again if it returns to the main
 * chain); reversed credits keep their amount.
 */
public enum CreditStatus {
    PENDING,
    FINAL,
    REVERSED;

    /** The status a credit of a block in {@code status} has. */
    public static CreditStatus forBlock(BlockStatus status) {
        return switch (status) {
            case PENDING -> PENDING;
            case MATURE -> FINAL;
            case ORPHANED -> REVERSED;
        };
    }
}
