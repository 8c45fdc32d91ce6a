package org.sovereignpool.loadtest;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of a set of delays, in milliseconds (recorded in microseconds, 3 significant digits). All null when
 * nothing was recorded.
 */
record LatencySummary(long count, Double p50, Double p90, Double p99, Double p999, Double max) {
    static final LatencySummary EMPTY = new LatencySummary(0, null, null, null, null, null);

    /** A histogram of microseconds, wide enough for an hour. */
    static Histogram newHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(
                micros.getTotalCount(),
                millis(micros.getValueAtPercentile(50)),
                millis(micros.getValueAtPercentile(90)),
                millis(micros.getValueAtPercentile(99)),
                millis(micros.getValueAtPercentile(99.9)),
                millis(micros.getMaxValue()));
    }

    /** {@code p50 1.23 ms, p90 …, max …} or {@code none}. */
    String render() {
        if (count == 0) {
            return "none";
        }
        return String.format(
                Locale.ROOT,
                "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s ms",
                Reports.millis(p50),
                Reports.millis(p90),
                Reports.millis(p99),
                Reports.millis(p999),
                Reports.millis(max));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
