package org.sovereignpool.config;

/** How block rewards are credited to operators. */
public enum PayoutScheme {
    PPLNS("pplns"),
    PPS("pps");

    private final String configName;

    PayoutScheme(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    @Override
    public String toString() {
        return configName;
    }
}
