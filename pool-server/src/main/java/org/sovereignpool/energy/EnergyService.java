package org.sovereignpool.energy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.config.CurtailmentOrderConfig;
import org.sovereignpool.config.EnergyConfig;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.energy.curtailment.CurtailmentEnforcer;
import org.sovereignpool.energy.curtailment.CurtailmentMinute;
import org.sovereignpool.energy.curtailment.CurtailmentMonitor;
import org.sovereignpool.energy.curtailment.CurtailmentOrder;
import org.sovereignpool.operator.HashrateTracker;
import org.sovereignpool.operator.OperatorRegistry;
import org.sovereignpool.stratum.StratumServer;

/**
 * Energy accounting and curtailment on one pool node: the hourly accumulator, the curtailment monitor (and, when a
 * Stratum server is given, the enforcer as its work gate), the reports the API serves and the gauges. The orders in
 * {@code energy.curtailments} are recorded in the ledger by the monitor's first run that reaches the database.
 */
public final class EnergyService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EnergyService.class);

    /**
     * @param accumulatorPeriodMillis how often estimated energy is integrated into {@code energy_hour} (60 s)
     * @param curtailment the monitor's minute, settling time and period
     */
    public record Options(long accumulatorPeriodMillis, CurtailmentMonitor.Options curtailment) {
        public static Options defaults() {
            return new Options(60_000, CurtailmentMonitor.Options.defaults());
        }
    }

    private final EnergyConfig config;
    private final OperatorRegistry registry;
    private final EnergyStore store;
    private final LongSupplier clock;
    private final EnergyAccumulator accumulator;
    private final CurtailmentMonitor monitor;
    private final CurtailmentEnforcer enforcer;
    private final EnergyReport report;
    private final MeterReadings meterReadings;
    private final Map<String, EnergyReport.Row> today = new ConcurrentHashMap<>();
    private volatile boolean configOrdersRecorded;
    private volatile boolean closed;

    /** @param stratum the node's Stratum server (enforcement withholds work through it), or null for none */
    public EnergyService(
            EnergyConfig config,
            OperatorRegistry registry,
            EnergyStore store,
            HashrateTracker tracker,
            StratumServer stratum,
            LongSupplier clock,
            Options options) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = registry;
        this.store = store;
        this.clock = clock;
        this.accumulator = new EnergyAccumulator(store, registry, clock);
        this.enforcer = stratum == null ? null : new CurtailmentEnforcer(registry, tracker, stratum::recheckWorkGate);
        if (stratum != null) {
            stratum.workGate(enforcer);
        }
        this.monitor = new CurtailmentMonitor(store, registry, clock, options.curtailment(), enforcer);
        this.report = new EnergyReport(store, registry, config);
        this.meterReadings = new MeterReadings(registry);
        accumulator.afterRun(this::refreshToday);
        accumulator.afterRun(this::refreshMonths);
    }

    public void start(Options options) {
        accumulator.start(options.accumulatorPeriodMillis());
        monitor.start();
        Thread.ofVirtual().name("energy-config-orders").start(this::recordConfigOrders);
    }

    /** Records {@code energy.curtailments} (each id once), retrying while the database is unreachable. */
    private void recordConfigOrders() {
        while (!configOrdersRecorded && !closed) {
            try {
                for (CurtailmentOrderConfig c : config.curtailments()) {
                    if (store.recordOrder(CurtailmentOrder.of(c, clock.getAsLong(), "config"))) {
                        LOG.info("curtailment order {} from the configuration recorded", c.id());
                    }
                }
                configOrdersRecorded = true;
            } catch (SQLException | RuntimeException e) {
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000_000L);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        }
    }

    public EnergyConfig config() {
        return config;
    }

    public OperatorRegistry registry() {
        return registry;
    }

    public EnergyStore store() {
        return store;
    }

    public EnergyAccumulator accumulator() {
        return accumulator;
    }

    public CurtailmentMonitor monitor() {
        return monitor;
    }

    /** The enforcer, or null on a node without a Stratum server. */
    public CurtailmentEnforcer enforcer() {
        return enforcer;
    }

    public MeterReadings meterReadings() {
        return meterReadings;
    }

    public long nowMillis() {
        return clock.getAsLong();
    }

    public EnergyReport.Report report(
            long fromMillis,
            long toMillis,
            EnergyReport.Granularity granularity,
            Optional<String> operator,
            Optional<String> site)
            throws SQLException {
        return report.report(fromMillis, toMillis, granularity, operator, site);
    }

    /**
     * Energy turned into bitcoin, by UTC month ("2026-11" to MWh): metered where readings bracket the hours,
     * estimated otherwise, as each day row of {@link #report} counts it (the public transparency page). Computed
     * after each accumulator run, like the gauges, not per request: the page is public and the report reads the
     * whole history.
     */
    public Map<String, Double> mwhByMonth() {
        return monthly;
    }

    private volatile Map<String, Double> monthly = Map.of();

    private void refreshMonths() {
        try {
            EnergyReport.Report r = report(
                    0, nowMillis() + 86_400_000L, EnergyReport.Granularity.DAY, Optional.empty(), Optional.empty());
            Map<String, Double> out = new TreeMap<>();
            for (EnergyReport.Row row : r.rows()) {
                String month = YearMonth.from(
                                Instant.ofEpochMilli(row.periodStartMillis()).atZone(ZoneOffset.UTC))
                        .toString();
                out.merge(month, row.meteredMwh() != null ? row.meteredMwh() : row.estimatedMwh(), Double::sum);
            }
            monthly = Collections.unmodifiableMap(out);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("energy per month not refreshed: {}", e.toString());
        }
    }

    /** An order with its minutes and compliance so far. */
    public record OrderView(
            CurtailmentOrder order,
            String start,
            String end,
            boolean active,
            int minutesRecorded,
            int minutesOver,
            double overMwh,
            double maxDrawMw,
            List<CurtailmentMinute> minutes) {}

    public List<OrderView> orders(boolean withMinutes) throws SQLException {
        long now = clock.getAsLong();
        List<OrderView> out = new java.util.ArrayList<>();
        for (CurtailmentOrder o : store.orders(Long.MIN_VALUE)) {
            out.add(view(o, now, withMinutes));
        }
        return out;
    }

    public OrderView view(CurtailmentOrder o, long now, boolean withMinutes) throws SQLException {
        List<CurtailmentMinute> minutes = store.minutes(o.id());
        return new OrderView(
                o,
                java.time.Instant.ofEpochMilli(o.startMillis()).toString(),
                java.time.Instant.ofEpochMilli(o.endMillis()).toString(),
                o.activeAt(now),
                minutes.size(),
                (int) minutes.stream().filter(CurtailmentMinute::over).count(),
                minutes.stream().mapToDouble(CurtailmentMinute::overMwh).sum(),
                minutes.stream().mapToDouble(CurtailmentMinute::drawMw).max().orElse(0),
                withMinutes ? minutes : List.of());
    }

    /** Records an order issued through the admin API; false when its id exists already. */
    public boolean issue(CurtailmentOrder order) throws SQLException {
        boolean recorded = store.recordOrder(order);
        if (recorded) {
            LOG.warn(
                    "curtailment order {} recorded: {} to {} MW from {} for {} min (enforce {}), issued by {} via {}",
                    order.id(),
                    order.operatorId(),
                    order.limitMw(),
                    java.time.Instant.ofEpochMilli(order.startMillis()),
                    order.durationMinutes(),
                    order.enforce(),
                    order.issuedBy(),
                    order.recordedVia());
        }
        return recorded;
    }

    /** Today's (UTC) figures per operator, summed over its sites, for the gauges. */
    private void refreshToday() {
        long now = clock.getAsLong();
        long day = Math.floorDiv(now, 86_400_000L) * 86_400_000L;
        try {
            Map<String, double[]> sums = new java.util.HashMap<>();
            for (EnergyReport.Row r : report.report(
                            day, now + 1, EnergyReport.Granularity.DAY, Optional.empty(), Optional.empty())
                    .rows()) {
                today.put(r.operatorId() + "/" + r.site(), r);
            }
            for (EnergyReport.Row r : today.values()) {
                double[] s = sums.computeIfAbsent(r.operatorId(), k -> new double[6]);
                s[0] += r.estimatedMwh();
                s[1] += r.meteredMwh() == null ? 0 : r.meteredMwh();
                s[2] += r.earnedSats();
                s[3] = Math.max(s[3], r.offLicence() ? 1 : 0);
                s[4] += r.terahashes();
            }
            gauges.clear();
            gauges.putAll(sums);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("energy gauges not refreshed: {}", e.toString());
        }
    }

    private final Map<String, double[]> gauges = new ConcurrentHashMap<>();

    private double gauge(String operator, int i) {
        double[] s = gauges.get(operator);
        return s == null ? 0 : s[i];
    }

    /**
     * {@code energy.estimated.mwh}, {@code energy.metered.mwh}, {@code energy.earned.btc}, {@code
     * energy.btc.per.mwh} and {@code energy.efficiency.off.licence} per operator for the current UTC day (as of the
     * accumulator's last run), plus the curtailment gauges.
     */
    public void bindTo(MeterRegistry meters) {
        for (OperatorConfig o : registry.operators()) {
            String id = o.id();
            Gauge.builder("energy.estimated.mwh", this, s -> s.gauge(id, 0))
                    .tag("operator", id)
                    .description("energy estimated from credited hashes x licensed J/TH, today (UTC)")
                    .register(meters);
            Gauge.builder("energy.metered.mwh", this, s -> s.gauge(id, 1))
                    .tag("operator", id)
                    .description("metered energy in hours covered by meter readings, today (UTC)")
                    .register(meters);
            Gauge.builder("energy.earned.btc", this, s -> s.gauge(id, 2) / 1e8)
                    .tag("operator", id)
                    .description("BTC credited (not reversed), today (UTC)")
                    .register(meters);
            Gauge.builder("energy.btc.per.mwh", this, s -> {
                        double mwh = s.gauge(id, 1) > 0 ? s.gauge(id, 1) : s.gauge(id, 0);
                        return mwh > 0 ? s.gauge(id, 2) / 1e8 / mwh : 0;
                    })
                    .tag("operator", id)
                    .description("BTC credited per MWh (metered when known, else estimated), today (UTC)")
                    .register(meters);
            Gauge.builder("energy.efficiency.off.licence", this, s -> s.gauge(id, 3))
                    .tag("operator", id)
                    .description("1 when a site's realised J/TH today is off the licence by more than the tolerance")
                    .register(meters);
        }
        monitor.bindTo(meters);
    }

    @Override
    public void close() {
        closed = true;
        monitor.close();
        accumulator.close();
    }
}
