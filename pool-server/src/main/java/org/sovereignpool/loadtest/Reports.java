package org.sovereignpool.loadtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Locale;
import java.util.Map;

/** Rendering shared by the reports: numbers for people, and JSON for scripts. */
final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {}

    static String json(Object report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report not serializable", e);
        }
    }

    /** Milliseconds with 3 significant digits at least ({@code 0.412}, {@code 12.3}, {@code 1,234}). */
    static String millis(Double ms) {
        if (ms == null) {
            return "-";
        }
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.3f", ms);
        }
        if (ms < 100) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        return String.format(Locale.ROOT, "%,.0f", ms);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    static String bytes(long b) {
        double abs = Math.abs(b);
        if (abs >= 10 * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", b / 1024.0 / 1024);
        }
        if (abs >= 10 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return b + " B";
    }

    /** {@code reason: n; reason: n} or {@code none}. */
    static String reasons(Map<String, Long> byReason) {
        if (byReason.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        byReason.forEach((k, v) ->
                sb.append(sb.isEmpty() ? "" : "; ").append(k).append(": ").append(count(v)));
        return sb.toString();
    }
}
