package org.sovereignpool.accounting;

/** Bitcoin's block subsidy: 50 BTC halved every halving interval (zero from the 64th halving on). */
public final class Subsidy {
    public static final long INITIAL_SATS = 50L * 100_000_000L;
    /** Mainnet's, testnet4's and signet's interval; regtest halves every 150 blocks. */
    public static final int HALVING_INTERVAL = 210_000;

    private Subsidy() {}

    /** The mainnet subsidy at {@code height}. */
    public static long atHeight(int height) {
        return atHeight(height, HALVING_INTERVAL);
    }

    /** The subsidy at {@code height} on a network halving every {@code halvingInterval} blocks. */
    public static long atHeight(int height, int halvingInterval) {
        if (height < 0) {
            throw new IllegalArgumentException("height must be >= 0, got " + height);
        }
        if (halvingInterval < 1) {
            throw new IllegalArgumentException("halvingInterval must be >= 1, got " + halvingInterval);
        }
        int halvings = height / halvingInterval;
        return halvings >= 64 ? 0 : INITIAL_SATS >> halvings;
    }
}
