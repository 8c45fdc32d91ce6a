package org.sovereignpool.config;

/**
 * The programme's power policy: how much the whole programme may draw, when an operator's estimated draw counts as
 * a warning, and whether an operator over its allocation may connect more workers.
 *
 * @param programmeMw the programme's total power budget in MW (the seed's 2,000 MW), > 0
 * @param warnFraction an operator (or the programme) is in the warning state above this share of its allocation,
 *     in (0, 1]
 * @param refuseNewWorkersOverAllocation when true, a worker of an operator whose estimated draw is above its
 *     allocation is refused at {@code mining.authorize}; workers already mining are left alone
 */
public record PowerConfig(double programmeMw, double warnFraction, boolean refuseNewWorkersOverAllocation) {
    public static final double DEFAULT_PROGRAMME_MW = 2000.0;
    public static final double DEFAULT_WARN_FRACTION = 0.95;

    public PowerConfig {
        Require.positive(programmeMw, "programmeMw");
        if (!(warnFraction > 0 && warnFraction <= 1)) {
            throw new IllegalArgumentException("warnFraction must be in (0, 1], got " + warnFraction);
        }
    }

    /** 2,000 MW, warning at 95%, new workers never refused. */
    public static PowerConfig defaults() {
        return new PowerConfig(DEFAULT_PROGRAMME_MW, DEFAULT_WARN_FRACTION, false);
    }
}
