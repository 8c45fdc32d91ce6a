package org.sovereignpool.config;

import java.util.Objects;

/**
 * Crediting of block rewards.
 *
 * @param scheme PPLNS or PPS
 * @param windowFactor > 0 and <= 100: the PPLNS window is windowFactor x network difficulty
 */
public record PayoutConfig(PayoutScheme scheme, double windowFactor) {
    public PayoutConfig {
        Objects.requireNonNull(scheme, "scheme");
        Require.positiveAtMost(windowFactor, 100, "windowFactor");
    }
}
