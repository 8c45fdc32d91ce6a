package org.sovereignpool.energy;

import java.util.Objects;

/**
 * A site's meter register: the cumulative energy in MWh it showed at {@code readingMillis}.
 *
 * @param recordedBy who submitted it (the admin API, or {@code import-meter <file>})
 */
public record MeterReading(
        String operatorId, String site, long readingMillis, double cumulativeMwh, String recordedBy) {
    public MeterReading {
        Objects.requireNonNull(operatorId, "operatorId");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(recordedBy, "recordedBy");
        if (!(cumulativeMwh >= 0) || Double.isInfinite(cumulativeMwh)) {
            throw new IllegalArgumentException("cumulativeMwh must be a finite number >= 0, got " + cumulativeMwh);
        }
    }
}
