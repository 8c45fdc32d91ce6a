package org.sovereignpool.energy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.ledger.store.DatabaseThreads;
import org.sovereignpool.operator.OperatorRegistry;

/**
 * Integrates the applied shares into estimated energy per operator, site and hour, and writes it to the ledger
 * database ({@code energy_hour}). Runs on its own thread, never on the Stratum path: each run rewrites the hours from
 * {@link #LOOKBACK_HOURS} before now (shares of a node that was behind may still reach them) through the current one;
 * the first run also catches up from the newest hour written (or the first share). Efficiency is each operator's
 * licensed J/TH at the time of the run.
 */
public final class EnergyAccumulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EnergyAccumulator.class);
    /** Hours rewritten by every run, before the current one. */
    public static final int LOOKBACK_HOURS = 2;

    private static final long HOUR = EnergyHour.HOUR_MILLIS;

    private final EnergyStore store;
    private final OperatorRegistry registry;
    private final Sites sites;
    private final LongSupplier clock;
    private final List<Runnable> afterRun = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ScheduledExecutorService executor;
    private boolean caughtUp;

    public EnergyAccumulator(EnergyStore store, OperatorRegistry registry, LongSupplier clock) {
        this.store = store;
        this.registry = registry;
        this.sites = new Sites(registry.operators());
        this.clock = clock;
    }

    /** Runs after every run that wrote (e.g. the gauges' refresh). */
    public void afterRun(Runnable r) {
        afterRun.add(r);
    }

    /** Runs every {@code periodMillis} on its own daemon thread. */
    public synchronized void start(long periodMillis) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "energy-accumulator");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::runQuietly, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("energy accounting run failed (retried next period): {}", e.toString());
        }
    }

    /** One run: the hours from the lookback (or, the first time, from where the table ends) through now. */
    public synchronized void runOnce() throws SQLException {
        long now = clock.getAsLong();
        long currentHour = Math.floorDiv(now, HOUR) * HOUR;
        long from = currentHour - LOOKBACK_HOURS * HOUR;
        if (!caughtUp) {
            var last = store.lastHourMillis();
            var first = last.isPresent() ? last : store.firstShareMillis().map(m -> Math.floorDiv(m, HOUR) * HOUR);
            if (first.isPresent()) {
                from = Math.min(from, first.get());
            }
        }
        // a day at a time, so a long catch-up neither holds much in memory nor one long transaction
        for (long start = from; start <= currentHour; start += 24 * HOUR) {
            accumulate(start, Math.min(start + 24 * HOUR, currentHour + HOUR));
        }
        caughtUp = true;
        for (Runnable r : afterRun) {
            r.run();
        }
    }

    /** Rewrites the hours in {@code [fromMillis, toMillis)} (hour-aligned) from the applied shares. */
    public void accumulate(long fromMillis, long toMillis) throws SQLException {
        Map<String, EnergyHour> byKey = new TreeMap<>();
        for (EnergyStore.WorkerSum s : store.workerSums(fromMillis, toMillis, HOUR)) {
            double eff = registry.operator(s.operatorId())
                    .map(o -> o.efficiencyJPerTh())
                    .orElse(Double.NaN);
            if (Double.isNaN(eff)) {
                continue; // an operator no longer registered: its shares stay in the ledger, its energy is not
                // estimated
            }
            String site = sites.siteOf(s.operatorId(), s.worker());
            String key = s.operatorId() + "\u0000" + site + "\u0000" + s.periodStartMillis();
            EnergyHour prev = byKey.get(key);
            long shares = s.shares() + (prev == null ? 0 : prev.shareCount());
            double sum = s.sumDifficulty() + (prev == null ? 0 : prev.sumDifficulty());
            byKey.put(
                    key,
                    new EnergyHour(
                            s.operatorId(),
                            site,
                            s.periodStartMillis(),
                            shares,
                            sum,
                            eff,
                            EnergyMath.mwh(EnergyMath.hashes(sum), eff)));
        }
        store.writeHours(new ArrayList<>(byKey.values()), clock.getAsLong());
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor; // not waited for under the lock: the running task takes it in runOnce
        }
        if (running != null) {
            DatabaseThreads.stop(running, 5_000);
        }
    }
}
