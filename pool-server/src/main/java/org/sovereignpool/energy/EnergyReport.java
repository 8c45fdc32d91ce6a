package org.sovereignpool.energy;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.sovereignpool.config.EnergyConfig;
import org.sovereignpool.operator.OperatorRegistry;

/**
 * Energy per operator, site and hour or day, from what the ledger database holds: the estimated energy the
 * accumulator wrote, the meter readings (the register interpolated linearly between readings; an hour is metered when
 * readings lie at or before its start and at or after its end), the credits (not reversed), the recorded BTC prices
 * and the configured tariff. Realised efficiency = metered energy / the hashes of the metered hours; flagged when it
 * is further from the licence than {@code energy.efficiencyTolerancePercent}.
 */
public final class EnergyReport {
    /** How far around the report's window meter readings are looked for (readings are hourly to daily). */
    static final long READING_MARGIN_MILLIS = 35L * 24 * 3_600_000L;

    private static final long HOUR = EnergyHour.HOUR_MILLIS;
    private static final long HOUR_MS = HOUR;
    private static final long DAY_MS = 24 * HOUR;

    public enum Granularity {
        HOUR,
        DAY;

        long millis() {
            return this == HOUR ? HOUR_MS : DAY_MS;
        }

        public static Granularity parse(String s) {
            return switch (s) {
                case "hour" -> HOUR;
                case "day" -> DAY;
                default -> throw new IllegalArgumentException("granularity must be hour or day, got " + s);
            };
        }

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One operator's site in one period. Nullable fields are null when they cannot be known: metered figures without
     * meter readings covering an hour of the period, values without a tariff or a recorded BTC price.
     *
     * @param btcPerMwh earned BTC per metered MWh when the period is metered, else per estimated MWh ({@code
     *     mwhBasis} says which)
     * @param powerValue the energy (metered, else estimated) at the tariff
     * @param miningValue the earned BTC at the BTC price in force at the period's end
     */
    public record Row(
            String operatorId,
            String site,
            long periodStartMillis,
            String periodStart,
            long shares,
            double terahashes,
            double estimatedMwh,
            Double meteredMwh,
            int meteredHours,
            double licensedJPerTh,
            Double realisedJPerTh,
            Double deviationPercent,
            boolean offLicence,
            long earnedSats,
            Double btcPerMwh,
            String mwhBasis,
            Double btcPrice,
            Double powerValue,
            Double miningValue,
            Double miningMinusPower) {}

    public record Totals(
            double estimatedMwh, double meteredMwh, long earnedSats, Double powerValue, Double miningValue) {}

    public record Report(
            String granularity,
            long fromMillis,
            long toMillis,
            String currency,
            Double tariffPerMwh,
            double efficiencyTolerancePercent,
            List<Row> rows,
            Totals totals) {}

    private final EnergyStore store;
    private final OperatorRegistry registry;
    private final Sites sites;
    private final EnergyConfig config;

    public EnergyReport(EnergyStore store, OperatorRegistry registry, EnergyConfig config) {
        this.store = store;
        this.registry = registry;
        this.sites = new Sites(registry.operators());
        this.config = config;
    }

    private static final class Acc {
        long shares;
        double sumDifficulty;
        double estimatedMwh;
        double meteredMwh;
        double meteredHashes;
        int meteredHours;
        long sats;
    }

    /**
     * The rows with period starts in {@code [from, to)} (aligned down to the granularity), optionally of one operator
     * and one site.
     */
    public Report report(
            long fromMillis, long toMillis, Granularity g, Optional<String> operator, Optional<String> site)
            throws SQLException {
        long period = g.millis();
        long from = Math.floorDiv(fromMillis, period) * period;
        long to = Math.floorDiv(toMillis + period - 1, period) * period;
        Map<String, EnergyHour> hours = new HashMap<>();
        for (EnergyHour h : store.hours(from, to)) {
            hours.put(key(h.operatorId(), h.site(), h.hourStartMillis()), h);
        }
        Map<String, Long> earned = new HashMap<>();
        for (EnergyStore.WorkerEarning e : store.earnings(from, to, HOUR)) {
            earned.merge(
                    key(e.operatorId(), sites.siteOf(e.operatorId(), e.worker()), e.periodStartMillis()),
                    e.sats(),
                    Long::sum);
        }
        Map<String, List<MeterReading>> readings = new HashMap<>();
        for (MeterReading r : store.readings(from - READING_MARGIN_MILLIS, to + READING_MARGIN_MILLIS)) {
            readings.computeIfAbsent(r.operatorId() + "\u0000" + r.site(), k -> new ArrayList<>())
                    .add(r);
        }
        // every hour with shares or credits, plus every metered hour of a site with readings
        java.util.Set<String> keys = new java.util.TreeSet<>(hours.keySet());
        keys.addAll(earned.keySet());
        for (var e : readings.entrySet()) {
            String[] os = e.getKey().split("\u0000", -1);
            for (long h = from; h < to; h += HOUR) {
                if (metered(e.getValue(), h) != null) {
                    keys.add(key(os[0], os[1], h));
                }
            }
        }
        Map<String, Acc> periods = new TreeMap<>();
        for (String k : keys) {
            String[] parts = k.split("\u0000", -1);
            String op = parts[0];
            String st = parts[1];
            long hour = Long.parseLong(parts[2]);
            if (operator.isPresent() && !operator.get().equals(op)
                    || site.isPresent() && !site.get().equals(st)) {
                continue;
            }
            Acc a = periods.computeIfAbsent(key(op, st, Math.floorDiv(hour, period) * period), x -> new Acc());
            EnergyHour h = hours.get(k);
            if (h != null) {
                a.shares += h.shareCount();
                a.sumDifficulty += h.sumDifficulty();
                a.estimatedMwh += h.estimatedMwh();
            }
            a.sats += earned.getOrDefault(k, 0L);
            Double m = metered(readings.getOrDefault(op + "\u0000" + st, List.of()), hour);
            if (m != null) {
                a.meteredMwh += m;
                a.meteredHashes += h == null ? 0 : h.hashes();
                a.meteredHours++;
            }
        }
        List<Row> rows = new ArrayList<>();
        double totalEstimated = 0;
        double totalMetered = 0;
        long totalSats = 0;
        double totalPower = 0;
        double totalMining = 0;
        boolean powerKnown = config.tariffPerMwh().isPresent();
        boolean miningKnown = true;
        for (var e : periods.entrySet()) {
            String[] parts = e.getKey().split("\u0000", -1);
            Row row = row(parts[0], parts[1], Long.parseLong(parts[2]), period, e.getValue());
            rows.add(row);
            totalEstimated += row.estimatedMwh();
            totalMetered += row.meteredMwh() == null ? 0 : row.meteredMwh();
            totalSats += row.earnedSats();
            if (row.powerValue() != null) {
                totalPower += row.powerValue();
            }
            if (row.miningValue() != null) {
                totalMining += row.miningValue();
            } else if (row.earnedSats() > 0) {
                miningKnown = false;
            }
        }
        return new Report(
                g.configName(),
                from,
                to,
                config.currency(),
                config.tariffPerMwh().orElse(null),
                config.efficiencyTolerancePercent(),
                rows,
                new Totals(
                        totalEstimated,
                        totalMetered,
                        totalSats,
                        powerKnown ? totalPower : null,
                        miningKnown ? totalMining : null));
    }

    private Row row(String op, String st, long start, long period, Acc a) throws SQLException {
        double licensed = registry.operator(op).map(o -> o.efficiencyJPerTh()).orElse(Double.NaN);
        Double metered = a.meteredHours > 0 ? a.meteredMwh : null;
        Double realised = null;
        Double deviation = null;
        boolean off = false;
        if (metered != null && a.meteredHashes > 0) {
            realised = EnergyMath.realisedJPerTh(a.meteredMwh, a.meteredHashes);
            deviation = EnergyMath.deviationPercent(realised, licensed);
            off = Math.abs(deviation) > config.efficiencyTolerancePercent();
        }
        double mwh = metered != null ? metered : a.estimatedMwh;
        double btc = a.sats / 1e8;
        Double btcPerMwh = mwh > 0 ? btc / mwh : null;
        Double price = store.priceAt(config.currency(), start + period - 1)
                .map(BtcPrice::price)
                .orElse(null);
        Double powerValue = config.tariffPerMwh().map(t -> mwh * t).orElse(null);
        Double miningValue = price == null ? null : btc * price;
        Double advantage = powerValue == null || miningValue == null ? null : miningValue - powerValue;
        return new Row(
                op,
                st,
                start,
                Instant.ofEpochMilli(start).toString(),
                a.shares,
                EnergyMath.hashes(a.sumDifficulty) / EnergyMath.HASHES_PER_TH,
                a.estimatedMwh,
                metered,
                a.meteredHours,
                licensed,
                realised,
                deviation,
                off,
                a.sats,
                btcPerMwh,
                metered != null ? "metered" : "estimated",
                price,
                powerValue,
                miningValue,
                advantage);
    }

    /** The metered energy of the hour starting at {@code hour}, or null when the readings do not cover it. */
    static Double metered(List<MeterReading> sorted, long hour) {
        Double start = register(sorted, hour);
        Double end = register(sorted, hour + HOUR);
        return start == null || end == null ? null : end - start;
    }

    /** The register at {@code t}, interpolated between the readings around it; null outside them. */
    static Double register(List<MeterReading> sorted, long t) {
        MeterReading before = null;
        for (MeterReading r : sorted) {
            if (r.readingMillis() == t) {
                return r.cumulativeMwh();
            }
            if (r.readingMillis() < t) {
                before = r;
            } else {
                if (before == null) {
                    return null;
                }
                double f = (double) (t - before.readingMillis()) / (r.readingMillis() - before.readingMillis());
                return before.cumulativeMwh() + f * (r.cumulativeMwh() - before.cumulativeMwh());
            }
        }
        return null;
    }

    private static String key(String op, String site, long t) {
        return op + "\u0000" + site + "\u0000" + String.format(Locale.ROOT, "%020d", t);
    }

    /** The rows as CSV (RFC 4180, a header line; empty fields for unknown values). */
    public static String csv(Report report) {
        StringBuilder sb = new StringBuilder(
                "operator,site,period_start,granularity,shares,terahashes,estimated_mwh,metered_mwh,metered_hours,"
                        + "licensed_j_per_th,realised_j_per_th,deviation_percent,off_licence,earned_sats,btc_per_mwh,"
                        + "mwh_basis,btc_price,currency,power_value,mining_value,mining_minus_power\n");
        for (Row r : report.rows()) {
            sb.append(csvField(r.operatorId()))
                    .append(',')
                    .append(csvField(r.site()))
                    .append(',')
                    .append(r.periodStart())
                    .append(',')
                    .append(report.granularity())
                    .append(',')
                    .append(r.shares())
                    .append(',')
                    .append(num(r.terahashes()))
                    .append(',')
                    .append(num(r.estimatedMwh()))
                    .append(',')
                    .append(num(r.meteredMwh()))
                    .append(',')
                    .append(r.meteredHours())
                    .append(',')
                    .append(num(r.licensedJPerTh()))
                    .append(',')
                    .append(num(r.realisedJPerTh()))
                    .append(',')
                    .append(num(r.deviationPercent()))
                    .append(',')
                    .append(r.offLicence())
                    .append(',')
                    .append(r.earnedSats())
                    .append(',')
                    .append(num(r.btcPerMwh()))
                    .append(',')
                    .append(r.mwhBasis())
                    .append(',')
                    .append(num(r.btcPrice()))
                    .append(',')
                    .append(report.currency())
                    .append(',')
                    .append(num(r.powerValue()))
                    .append(',')
                    .append(num(r.miningValue()))
                    .append(',')
                    .append(num(r.miningMinusPower()))
                    .append('\n');
        }
        return sb.toString();
    }

    static String num(Double d) {
        return d == null || d.isNaN() ? "" : Double.toString(d);
    }

    static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
