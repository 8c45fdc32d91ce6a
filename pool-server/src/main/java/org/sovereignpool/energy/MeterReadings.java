package org.sovereignpool.energy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.sovereignpool.operator.OperatorRegistry;

/**
 * Meter readings as submitted (admin API JSON, or CSV {@code operator,site,time,cumulativeMwh}), checked before they
 * are stored: a registered operator, one of its sites, a time (ISO-8601 UTC or Unix milliseconds) no later than a few
 * minutes from now, a register value >= 0, and per site strictly later than and never below the reading before.
 * Every error names the field and the reading ({@code readings[2].cumulativeMwh}, {@code line 3: time}).
 */
public final class MeterReadings {
    /** How far in the future a reading's time may be (clock skew). */
    public static final long MAX_FUTURE_MILLIS = 5 * 60_000L;

    public static final String CSV_HEADER = "operator,site,time,cumulativeMwh";

    private final OperatorRegistry registry;
    private final Sites sites;

    public MeterReadings(OperatorRegistry registry) {
        this.registry = registry;
        this.sites = new Sites(registry.operators());
    }

    /** Readings in submission order, each with the label its errors carry. */
    public record Batch(List<MeterReading> readings, List<String> labels) {
        /** The order check naming each reading by its label. */
        public EnergyStore.ReadingCheck check() {
            return monotonic(labels::get);
        }
    }

    /** {@code {"operator","site","time","cumulativeMwh"}} or {@code {"readings": [ ...those... ]}}. */
    public Batch fromJson(JsonNode body, long nowMillis, String recordedBy) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException(
                    "body must be a JSON object {operator, site, time, cumulativeMwh}" + " or {\"readings\": [...]}");
        }
        List<MeterReading> out = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (body.has("readings")) {
            JsonNode list = body.get("readings");
            if (!list.isArray() || list.isEmpty()) {
                throw new IllegalArgumentException("readings: must be a non-empty list");
            }
            for (int i = 0; i < list.size(); i++) {
                out.add(one(list.get(i), "readings[" + i + "].", nowMillis, recordedBy));
                labels.add("readings[" + i + "].");
            }
        } else {
            out.add(one(body, "", nowMillis, recordedBy));
            labels.add("");
        }
        return new Batch(out, labels);
    }

    private MeterReading one(JsonNode n, String prefix, long nowMillis, String recordedBy) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(prefix + ": must be an object");
        }
        String operator = text(n, "operator", prefix);
        String site = text(n, "site", prefix);
        JsonNode t = n.get("time");
        if (t == null || t.isNull()) {
            throw new IllegalArgumentException(prefix + "time: required (ISO-8601 UTC or Unix milliseconds)");
        }
        long time = t.isIntegralNumber() ? t.longValue() : parseTime(t.asText(), prefix + "time");
        JsonNode v = n.get("cumulativeMwh");
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(prefix + "cumulativeMwh: required, a number (the register in MWh), got "
                    + (v == null ? "nothing" : v.toString()));
        }
        return check(operator, site, time, v.doubleValue(), prefix, nowMillis, recordedBy);
    }

    private static String text(JsonNode n, String field, String prefix) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new IllegalArgumentException(prefix + field + ": required, a non-blank string");
        }
        return v.textValue();
    }

    /** CSV with the header {@value #CSV_HEADER}; blank lines are skipped. */
    public Batch fromCsv(String csv, long nowMillis, String recordedBy) {
        List<String> lines = csv.lines().toList();
        if (lines.isEmpty() || !lines.get(0).strip().replace(" ", "").equals(CSV_HEADER)) {
            throw new IllegalArgumentException("line 1: the header must be " + CSV_HEADER);
        }
        List<MeterReading> out = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String prefix = "line " + (i + 1) + ": ";
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException(prefix + "must have 4 fields (" + CSV_HEADER + "), got " + f.length);
            }
            String time = f[2].strip();
            long millis = time.chars().allMatch(Character::isDigit) && !time.isEmpty()
                    ? Long.parseLong(time)
                    : parseTime(time, prefix + "time");
            double value;
            try {
                value = Double.parseDouble(f[3].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        prefix + "cumulativeMwh: must be a number, got \"" + f[3].strip() + "\"");
            }
            out.add(check(f[0].strip(), f[1].strip(), millis, value, prefix, nowMillis, recordedBy));
            labels.add(prefix);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no readings after the header");
        }
        return new Batch(out, labels);
    }

    private MeterReading check(
            String operator, String site, long time, double value, String prefix, long nowMillis, String recordedBy) {
        if (registry.operator(operator).isEmpty()) {
            throw new IllegalArgumentException(prefix + "operator: no registered operator \"" + operator + "\"");
        }
        if (!sites.has(operator, site)) {
            throw new IllegalArgumentException(prefix + "site: \"" + site + "\" is not a site of operator " + operator
                    + " (its sites: " + String.join(", ", sites.of(operator)) + ")");
        }
        if (time > nowMillis + MAX_FUTURE_MILLIS) {
            throw new IllegalArgumentException(prefix + "time: " + Instant.ofEpochMilli(time)
                    + " is in the future (now " + Instant.ofEpochMilli(nowMillis) + ")");
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(prefix + "cumulativeMwh: must be a finite number >= 0, got " + value);
        }
        return new MeterReading(operator, site, time, value, recordedBy);
    }

    private static long parseTime(String s, String field) {
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    field + ": must be an ISO-8601 UTC time such as 2026-11-29T18:00:00Z or Unix milliseconds, got \""
                            + s + "\"");
        }
    }

    /**
     * The per-site order check for {@link EnergyStore#appendReadings}: strictly later than and not below the
     * previous reading; {@code label} names the reading in the message.
     */
    public static EnergyStore.ReadingCheck monotonic(IntFunction<String> label) {
        return (i, r, previous) -> {
            Optional<MeterReading> p = previous;
            if (p.isEmpty()) {
                return;
            }
            MeterReading before = p.get();
            if (r.readingMillis() <= before.readingMillis()) {
                throw new IllegalArgumentException(label.apply(i) + "time: " + Instant.ofEpochMilli(r.readingMillis())
                        + " is not after the previous reading of " + r.operatorId() + "/" + r.site() + " at "
                        + Instant.ofEpochMilli(before.readingMillis()));
            }
            if (r.cumulativeMwh() < before.cumulativeMwh()) {
                throw new IllegalArgumentException(label.apply(i) + "cumulativeMwh: " + r.cumulativeMwh()
                        + " is below the previous reading " + before.cumulativeMwh() + " of " + r.operatorId() + "/"
                        + r.site() + " at " + Instant.ofEpochMilli(before.readingMillis())
                        + " (a meter register never runs backwards)");
            }
        };
    }
}
