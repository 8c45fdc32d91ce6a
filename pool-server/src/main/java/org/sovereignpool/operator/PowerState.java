package org.sovereignpool.operator;

import java.util.Locale;

/** Estimated draw against an allocation. The metric value is the ordinal: 0 ok, 1 warn, 2 over. */
public enum PowerState {
    OK,
    WARN,
    OVER;

    /** The gauge value of {@code operator.power.state}. */
    public int level() {
        return ordinal();
    }

    /** ok, warn or over (JSON). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
