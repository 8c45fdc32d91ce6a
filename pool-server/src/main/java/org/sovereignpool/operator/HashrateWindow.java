package org.sovereignpool.operator;

import java.time.Duration;

/** The windows hashrate is averaged over. */
public enum HashrateWindow {
    ONE_MINUTE("1m", Duration.ofMinutes(1)),
    TEN_MINUTES("10m", Duration.ofMinutes(10)),
    ONE_HOUR("1h", Duration.ofHours(1)),
    ONE_DAY("24h", Duration.ofHours(24));

    private final String label;
    private final Duration length;

    HashrateWindow(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    /** The JSON / metric label: 1m, 10m, 1h, 24h. */
    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    public long millis() {
        return length.toMillis();
    }
}
