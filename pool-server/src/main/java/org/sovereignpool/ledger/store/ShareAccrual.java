package org.sovereignpool.ledger.store;

import java.math.BigDecimal;

/**
 * How applied shares earn credits at once (PPS), in the transaction that applies them: the store keeps, per node,
 * worker, network target and reward, the exact summed difficulty and what it has credited, and credits the
 * difference to what that sum is owed. Implemented by {@code org.sovereignpool.accounting.Pps}; {@link #NONE} under
 * PPLNS, where found blocks credit.
 */
public interface ShareAccrual {
    /** The scheme written on the credits ({@code PPS}). */
    String scheme();

    /** Whether applied shares are credited at all (false for {@link #NONE}). */
    default boolean accrues() {
        return true;
    }

    /** The reward a share on a job of this height is valued at (the block subsidy), satoshis. */
    long rewardSats(int height);

    /**
     * What shares of summed difficulty {@code sumDifficulty} on jobs with network target {@code networkBits} and
     * reward {@code rewardSats} are owed in total, in whole satoshis (the exact value rounded down). Must not decrease
     * as the sum grows.
     */
    long owedSats(int networkBits, long rewardSats, BigDecimal sumDifficulty);

    /** Shares earn nothing as they are applied (PPLNS). */
    ShareAccrual NONE = new ShareAccrual() {
        @Override
        public String scheme() {
            return "NONE";
        }

        @Override
        public boolean accrues() {
            return false;
        }

        @Override
        public long rewardSats(int height) {
            return 0;
        }

        @Override
        public long owedSats(int networkBits, long rewardSats, BigDecimal sumDifficulty) {
            return 0;
        }
    };
}
