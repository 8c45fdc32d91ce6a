package org.sovereignpool.accounting;

/** Bitcoin's block subsidy: 50 BTC halved every 210,000 blocks (zero from the 64th halving on). */
public final class Subsidy {
    public static final long INITIAL_SATS = 50L * 100_000_000L;
    public static final int HALVING_INTERVAL = 210_000;

    private Subsidy() {}

    public static long atHeight(int height) {
        if (height < 0) {
            throw new IllegalArgumentException("height must be >= 0, got " + height);
        }
        int halvings = height / HALVING_INTERVAL;
        return halvings >= 64 ? 0 : INITIAL_SATS >> halvings;
    }
}
