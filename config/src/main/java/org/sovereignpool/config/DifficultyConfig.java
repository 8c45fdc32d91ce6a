package org.sovereignpool.config;

import java.util.Objects;

/**
 * Share difficulty. Values may be fractional (regtest and test networks use e.g. 0.0001).
 *
 * @param initial the difficulty a new miner starts at; {@code min <= initial <= max}
 * @param min the lowest difficulty vardiff may set, > 0
 * @param max the highest difficulty vardiff may set, >= min
 * @param vardiff variable difficulty settings
 */
public record DifficultyConfig(double initial, double min, double max, VardiffConfig vardiff) {
    public static final double DEFAULT_MAX = 1e15;

    public DifficultyConfig {
        Require.positive(initial, "initial");
        Require.positive(min, "min");
        Require.positive(max, "max");
        if (max < min) {
            throw new IllegalArgumentException("max " + max + " is below min " + min);
        }
        if (initial < min || initial > max) {
            throw new IllegalArgumentException("initial " + initial + " is not within min..max " + min + ".." + max);
        }
        Objects.requireNonNull(vardiff, "vardiff");
    }

    /** The default {@code initial} for a network: 65536 on mainnet, 1 elsewhere. */
    public static double defaultInitial(Network network) {
        return network == Network.MAINNET ? 65536 : 1;
    }

    /** The default {@code min} for a network: 1024 on mainnet, 0.0001 elsewhere. */
    public static double defaultMin(Network network) {
        return network == Network.MAINNET ? 1024 : 0.0001;
    }

    /** Whether {@code difficulty} lies within {@code min..max}. */
    public boolean allows(double difficulty) {
        return difficulty >= min && difficulty <= max;
    }
}
