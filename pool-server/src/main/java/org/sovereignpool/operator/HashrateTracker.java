package org.sovereignpool.operator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.WorkerName;

/**
 * Hashrate per worker, operator and the whole pool from accepted shares: Σ difficulty × 2^32 / seconds over 1 min,
 * 10 min, 1 h and 24 h. Time is passed in. Until a window has passed since {@code startedMillis} the rate is
 * averaged over the time since then (so a fresh pool does not show a tenth of its rate for ten minutes).
 *
 * <p>Thread safe: {@link #record} is called from the Stratum event loops (a map lookup and three small array
 * updates under the series' own lock; it allocates only for a worker's first share); the readers run on HTTP and
 * metrics threads.
 */
public final class HashrateTracker {
    private final long startedMillis;
    private final RateSeries pool = new RateSeries();
    private final Map<String, RateSeries> operators = new ConcurrentHashMap<>();
    private final Map<WorkerName, RateSeries> workers = new ConcurrentHashMap<>();

    public HashrateTracker(long startedMillis) {
        this.startedMillis = startedMillis;
    }

    public void record(AcceptedShare share) {
        record(share.worker(), share.difficulty(), share.timeMillis());
    }

    public void record(WorkerName worker, double difficulty, long timeMillis) {
        pool.add(difficulty, timeMillis);
        operators.computeIfAbsent(worker.operatorId(), k -> new RateSeries()).add(difficulty, timeMillis);
        workers.computeIfAbsent(worker, k -> new RateSeries()).add(difficulty, timeMillis);
    }

    /** The whole pool's hashrate in H/s. */
    public double poolHashrate(HashrateWindow window, long nowMillis) {
        return rate(pool, window, nowMillis);
    }

    /** An operator's hashrate in H/s (0 when it has no shares). */
    public double operatorHashrate(String operatorId, HashrateWindow window, long nowMillis) {
        return rate(operators.get(operatorId), window, nowMillis);
    }

    /** A worker's hashrate in H/s (0 when it has no shares). */
    public double workerHashrate(WorkerName worker, HashrateWindow window, long nowMillis) {
        return rate(workers.get(worker), window, nowMillis);
    }

    /** The time of the worker's newest share, empty when it never had one. */
    public java.util.OptionalLong lastShareMillis(WorkerName worker) {
        RateSeries s = workers.get(worker);
        return s == null || s.lastMillis() == Long.MIN_VALUE
                ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(s.lastMillis());
    }

    /** Accepted shares counted since start: pool-wide. */
    public long poolShares() {
        return pool.shares();
    }

    /** A worker's accepted shares since start. */
    public long workerShares(WorkerName worker) {
        RateSeries s = workers.get(worker);
        return s == null ? 0 : s.shares();
    }

    /** Every worker of an operator that had a share since start, by name. */
    public List<WorkerName> workersOf(String operatorId) {
        List<WorkerName> out = new ArrayList<>();
        for (WorkerName w : workers.keySet()) {
            if (w.operatorId().equals(operatorId)) {
                out.add(w);
            }
        }
        out.sort(Comparator.comparing(WorkerName::worker));
        return out;
    }

    /** Workers with a share within {@code window} before {@code now}. */
    public int activeWorkers(String operatorId, HashrateWindow window, long nowMillis) {
        int n = 0;
        for (Map.Entry<WorkerName, RateSeries> e : workers.entrySet()) {
            if ((operatorId == null || e.getKey().operatorId().equals(operatorId))
                    && e.getValue().lastMillis() > nowMillis - window.millis()) {
                n++;
            }
        }
        return n;
    }

    /**
     * The pool's (operatorId null) or an operator's hashrate per bucket over {@code window}, oldest first: 60 one-minute
     * points for 1 h, 96 quarter-hour points for 24 h.
     */
    public List<Point> history(String operatorId, HashrateWindow window, long nowMillis) {
        RateSeries s = operatorId == null ? pool : operators.get(operatorId);
        long width = RateSeries.bucketMillis(window);
        long lastStart = Math.floorDiv(nowMillis, width) * width;
        int n = (int) (window.millis() / width);
        double[] sums = s == null ? new double[n] : s.buckets(window, nowMillis);
        List<Point> out = new ArrayList<>(sums.length);
        for (int k = 0; k < sums.length; k++) {
            long start = lastStart - (long) (sums.length - 1 - k) * width;
            // the current bucket is averaged over the part of it that has passed
            long span = Math.min(width, nowMillis - start);
            long from = Math.max(start, startedMillis);
            long covered = Math.min(span, start + span - from);
            out.add(new Point(start, covered <= 0 ? 0 : Power.hashrate(sums[k], covered / 1000.0)));
        }
        return out;
    }

    /** What {@link #forEachWorker} tells about one worker. */
    @FunctionalInterface
    public interface WorkerRate {
        void accept(WorkerName worker, double hashrate, long lastShareMillis);
    }

    /**
     * Every tracked worker once, in no order, with its hashrate over {@code window} and its newest share's time: one
     * pass over the workers (the cluster status takes per operator figures this way, not a pass per operator).
     */
    public void forEachWorker(HashrateWindow window, long nowMillis, WorkerRate sink) {
        for (Map.Entry<WorkerName, RateSeries> e : workers.entrySet()) {
            sink.accept(
                    e.getKey(),
                    rate(e.getValue(), window, nowMillis),
                    e.getValue().lastMillis());
        }
    }

    /** One point of a hashrate chart: bucket start (Unix ms) and H/s. */
    public record Point(long timeMillis, double hashrate) {}

    /** Forgets workers without a share for a day (bounded memory when workers come and go). */
    public void forgetIdle(long nowMillis) {
        workers.values().removeIf(s -> s.lastMillis() < nowMillis - HashrateWindow.ONE_DAY.millis());
    }

    private double rate(RateSeries series, HashrateWindow window, long nowMillis) {
        if (series == null) {
            return 0;
        }
        long millis = Math.min(window.millis(), nowMillis - startedMillis);
        return Power.hashrate(series.sum(window, nowMillis), Math.max(1000, millis) / 1000.0);
    }
}
