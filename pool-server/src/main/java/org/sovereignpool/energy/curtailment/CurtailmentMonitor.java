package org.sovereignpool.energy.curtailment;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.config.CurtailmentOrderConfig;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.energy.EnergyMath;
import org.sovereignpool.energy.EnergyStore;
import org.sovereignpool.ledger.store.DatabaseThreads;
import org.sovereignpool.operator.OperatorRegistry;

/**
 * Follows the curtailment orders: for each minute of an order, once the minute is over (plus {@code settleMillis}) and
 * every node with a live lease has applied its shares of it (the nodes' watermarks), the estimated draw from the shares applied in it (every node's, from {@code share_agg},
 * at each operator's licensed J/TH) against the limit, and the energy over it within the part of the minute the order
 * covers; written to {@code curtailment_minute} (the last few minutes are rewritten while late shares may arrive).
 * Keeps the gauges the alert reads and hands the running enforced orders to the {@link CurtailmentEnforcer}.
 *
 * <p>{@code minuteMillis} is 60,000 in production; tests may shorten it (a multiple of the ledger's 10 s bucket) so a
 * run shows many "minutes" quickly. Runs on its own thread.
 */
public final class CurtailmentMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CurtailmentMonitor.class);
    public static final String ALL = CurtailmentOrderConfig.ALL;

    /**
     * @param minuteMillis the length of a recorded minute (60,000; tests: a multiple of 10,000)
     * @param settleMillis how long after a minute ends it is first recorded
     * @param periodMillis how often the monitor (and the enforcer's plan) runs
     */
    public record Options(long minuteMillis, long settleMillis, long periodMillis) {
        public Options {
            if (minuteMillis < 10_000 || minuteMillis % 10_000 != 0) {
                throw new IllegalArgumentException("minuteMillis must be a multiple of 10000, got " + minuteMillis);
            }
            if (settleMillis < 0 || periodMillis < 1) {
                throw new IllegalArgumentException("settleMillis >= 0 and periodMillis >= 1");
            }
        }

        public static Options defaults() {
            return new Options(60_000, 10_000, 5_000);
        }
    }

    /** What the gauges show for an operator (or all): the strictest order running now, and its latest minute. */
    public record State(boolean active, double limitMw, double drawMw, boolean over, int overMinutes) {
        static final State NONE = new State(false, 0, 0, false, 0);
    }

    private final EnergyStore store;
    private final OperatorRegistry registry;
    private final LongSupplier clock;
    private final Options options;
    private final CurtailmentEnforcer enforcer;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, Long> recordedThrough = new HashMap<>(); // per order: minutes before this were recorded
    private ScheduledExecutorService executor;
    private long previousComplete = Long.MIN_VALUE;
    /** How far back the first run looks for orders whose minutes may be missing (a node down during one). */
    static final long FIRST_RUN_MILLIS = 8L * 24 * 3_600_000L;

    /** @param enforcer null: orders are followed but never enforced */
    public CurtailmentMonitor(
            EnergyStore store,
            OperatorRegistry registry,
            LongSupplier clock,
            Options options,
            CurtailmentEnforcer enforcer) {
        this.store = store;
        this.registry = registry;
        this.clock = clock;
        this.options = options;
        this.enforcer = enforcer;
    }

    public Options options() {
        return options;
    }

    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "curtailment-monitor");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        runOnce();
                    } catch (SQLException | RuntimeException e) {
                        LOG.warn("curtailment monitor run failed (retried): {}", e.toString());
                    }
                },
                0,
                options.periodMillis(),
                TimeUnit.MILLISECONDS);
        synchronized (this) {
            this.executor = executor;
        }
    }

    /** One run: records the finished minutes of the orders, refreshes the gauges, plans enforcement. */
    public synchronized void runOnce() throws SQLException {
        long now = clock.getAsLong();
        long len = options.minuteMillis();
        // minutes before this are over, and every live node has applied its shares of them
        long complete = Math.floorDiv(Math.min(now - options.settleMillis(), store.appliedThrough(now)), len) * len;
        long lookback = 3 * len + options.settleMillis();
        // every order that had a minute not yet final at the previous run (the first run: the last 8 days)
        long since = previousComplete == Long.MIN_VALUE ? now - FIRST_RUN_MILLIS : previousComplete - lookback - len;
        List<CurtailmentOrder> orders = store.orders(since);
        Map<String, State> next = new HashMap<>();
        List<CurtailmentOrder> enforced = new ArrayList<>();
        for (CurtailmentOrder o : orders) {
            if (o.activeAt(now) && o.enforce()) {
                enforced.add(o);
            }
            long first = Math.floorDiv(o.startMillis(), len) * len;
            Long through = recordedThrough.get(o.id());
            // the last few minutes again (late shares), and anything not recorded yet
            long from = through == null
                    ? first
                    : Math.max(first, Math.floorDiv(Math.min(through, complete - lookback), len) * len);
            long to = Math.min(complete, o.endMillis());
            List<CurtailmentMinute> minutes = from < to ? record(o, from, to) : List.of();
            if (!minutes.isEmpty()) {
                store.writeMinutes(minutes, now);
                recordedThrough.put(o.id(), to);
            }
            if (o.activeAt(now)) {
                State s = state(o);
                next.merge(o.operatorId(), s, (a, b) -> a.limitMw() <= b.limitMw() ? a : b);
            }
        }
        previousComplete = complete;
        states.clear();
        states.putAll(next);
        if (enforcer != null) {
            enforcer.plan(enforced, now);
        }
    }

    private State state(CurtailmentOrder o) throws SQLException {
        List<CurtailmentMinute> minutes = store.minutes(o.id());
        if (minutes.isEmpty()) {
            return new State(true, o.limitMw(), 0, false, 0);
        }
        CurtailmentMinute last = minutes.get(minutes.size() - 1);
        int over = 0;
        for (int i = minutes.size() - 1; i >= 0 && minutes.get(i).over(); i--) {
            over++;
        }
        return new State(true, o.limitMw(), last.drawMw(), last.over(), over);
    }

    /** The order's minutes starting in {@code [from, to)} (minute-aligned), from the applied shares. */
    List<CurtailmentMinute> record(CurtailmentOrder o, long from, long to) throws SQLException {
        long len = options.minuteMillis();
        Map<Long, Double> drawByMinute = new HashMap<>();
        long wholeTo = Math.floorDiv(to + len - 1, len) * len; // a last minute the order ends within counts whole
        for (EnergyStore.WorkerSum s : store.workerSums(from, wholeTo, len)) {
            if (!o.covers(s.operatorId())) {
                continue;
            }
            double eff = registry.operator(s.operatorId())
                    .map(OperatorConfig::efficiencyJPerTh)
                    .orElse(Double.NaN);
            if (Double.isNaN(eff)) {
                continue;
            }
            drawByMinute.merge(
                    s.periodStartMillis(),
                    EnergyMath.drawMw(EnergyMath.hashes(s.sumDifficulty()), eff, len),
                    Double::sum);
        }
        List<CurtailmentMinute> out = new ArrayList<>();
        for (long m = from; m < to; m += len) {
            double draw = drawByMinute.getOrDefault(m, 0.0);
            long covered = Math.min(m + len, o.endMillis()) - Math.max(m, o.startMillis());
            double over = covered > 0 ? EnergyMath.mwhOfDraw(Math.max(0, draw - o.limitMw()), covered) : 0;
            out.add(new CurtailmentMinute(o.id(), m, len, o.operatorId(), draw, o.limitMw(), over));
        }
        return out;
    }

    /** The gauges' state for an operator id or {@code all}. */
    public State state(String label) {
        return states.getOrDefault(label, State.NONE);
    }

    /**
     * {@code curtailment.active}, {@code curtailment.limit.mw}, {@code curtailment.draw.mw} (the latest recorded
     * minute), {@code curtailment.over.limit} (1 when that minute was over), {@code curtailment.over.limit.minutes}
     * (consecutive minutes over, up to the latest) and {@code curtailment.withheld.workers}, per operator and {@code
     * all}.
     */
    public void bindTo(MeterRegistry meters) {
        List<String> labels = new ArrayList<>();
        registry.operators().forEach(o -> labels.add(o.id()));
        labels.add(ALL);
        for (String label : labels) {
            Gauge.builder("curtailment.active", this, m -> m.state(label).active() ? 1 : 0)
                    .tag("operator", label)
                    .description("1 while a curtailment order for this operator (or all) runs")
                    .register(meters);
            Gauge.builder("curtailment.limit.mw", this, m -> m.state(label).limitMw())
                    .tag("operator", label)
                    .description("the strictest running order's limit")
                    .register(meters);
            Gauge.builder("curtailment.draw.mw", this, m -> m.state(label).drawMw())
                    .tag("operator", label)
                    .description("estimated draw in the latest recorded minute of the running order")
                    .register(meters);
            Gauge.builder("curtailment.over.limit", this, m -> m.state(label).over() ? 1 : 0)
                    .tag("operator", label)
                    .description("1 when the latest recorded minute of the running order was over its limit")
                    .register(meters);
            Gauge.builder(
                            "curtailment.over.limit.minutes",
                            this,
                            m -> m.state(label).overMinutes())
                    .tag("operator", label)
                    .description("consecutive recorded minutes over the running order's limit")
                    .register(meters);
            Gauge.builder(
                            "curtailment.withheld.workers",
                            this,
                            m -> m.enforcer == null ? 0 : m.enforcer.withheldCount(label))
                    .tag("operator", label)
                    .description("workers withheld from new work by an enforced order")
                    .register(meters);
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService executor;
        synchronized (this) {
            executor = this.executor;
        }
        if (executor != null) {
            DatabaseThreads.stop(executor, 5_000);
        }
    }
}
