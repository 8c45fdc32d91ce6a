package org.sovereignpool.config;

import java.time.Duration;

/**
 * Variable difficulty.
 *
 * @param enabled whether the pool retargets each miner's difficulty
 * @param sharesPerMinute the target share rate, > 0 and <= 600
 * @param retargetSeconds 5..3600 between retargets
 */
public record VardiffConfig(boolean enabled, double sharesPerMinute, int retargetSeconds) {
    public VardiffConfig {
        Require.positiveAtMost(sharesPerMinute, 600, "sharesPerMinute");
        Require.range(retargetSeconds, 5, 3600, "retargetSeconds");
    }

    public Duration retargetInterval() {
        return Duration.ofSeconds(retargetSeconds);
    }
}
