package org.sovereignpool.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.ShareRecorder;
import org.sovereignpool.mining.WorkerName;

class HashrateTrackerTest {
    private static final double TWO_32 = 4_294_967_296.0;
    private static final long DAY = 86_400_000;
    private final WorkerName a = new WorkerName("volta", "a");
    private final WorkerName b = new WorkerName("volta", "b");
    private final WorkerName c = new WorkerName("nord", "c");

    @Test
    void eachWindowCountsOnlyItsOwnShares() {
        long start = 0;
        HashrateTracker t = new HashrateTracker(start);
        long now = 2 * DAY;
        t.record(a, 1, now - 30_000); // in 1m, 10m, 1h, 24h
        t.record(a, 10, now - 300_000); // 10m, 1h, 24h
        t.record(a, 100, now - 1_800_000); // 1h, 24h
        t.record(a, 1000, now - 36_000_000); // 24h
        t.record(a, 10000, now - DAY - 3_600_000); // none: older than a day
        assertThat(t.workerHashrate(a, HashrateWindow.ONE_MINUTE, now)).isEqualTo(1 * TWO_32 / 60);
        assertThat(t.workerHashrate(a, HashrateWindow.TEN_MINUTES, now)).isEqualTo(11 * TWO_32 / 600);
        assertThat(t.workerHashrate(a, HashrateWindow.ONE_HOUR, now)).isEqualTo(111 * TWO_32 / 3600);
        assertThat(t.workerHashrate(a, HashrateWindow.ONE_DAY, now)).isEqualTo(1111 * TWO_32 / 86_400);
    }

    @Test
    void workersOperatorsAndPoolAddUp() {
        HashrateTracker t = new HashrateTracker(0);
        long now = 3_600_000;
        t.record(a, 2, 3_050_000);
        t.record(b, 3, 3_100_000);
        t.record(c, 5, 3_200_000);
        HashrateWindow w = HashrateWindow.TEN_MINUTES;
        assertThat(t.operatorHashrate("volta", w, now)).isEqualTo(5 * TWO_32 / 600);
        assertThat(t.operatorHashrate("nord", w, now)).isEqualTo(5 * TWO_32 / 600);
        assertThat(t.poolHashrate(w, now)).isEqualTo(10 * TWO_32 / 600);
        assertThat(t.operatorHashrate("nobody", w, now)).isZero();
        assertThat(t.workersOf("volta")).containsExactly(a, b);
        assertThat(t.activeWorkers("volta", w, now)).isEqualTo(2);
        assertThat(t.activeWorkers(null, w, now)).isEqualTo(3);
        assertThat(t.workerShares(a)).isEqualTo(1);
        assertThat(t.poolShares()).isEqualTo(3);
        assertThat(t.lastShareMillis(b)).hasValue(3_100_000);
        assertThat(t.lastShareMillis(new WorkerName("volta", "z"))).isEmpty();
    }

    @Test
    void aFreshPoolAveragesOverItsUptime() {
        HashrateTracker t = new HashrateTracker(1_000_000);
        t.record(a, 6, 1_030_000);
        // 60 s since start: the 10-minute rate is over those 60 s
        assertThat(t.poolHashrate(HashrateWindow.TEN_MINUTES, 1_060_000)).isEqualTo(6 * TWO_32 / 60);
    }

    @Test
    void historyHasOnePointPerBucketOldestFirst() {
        HashrateTracker t = new HashrateTracker(0);
        long now = 10 * 3_600_000L; // on a minute boundary
        t.record(a, 60, now - 90_000); // in the bucket that started two minutes ago
        List<HashrateTracker.Point> hour = t.history(null, HashrateWindow.ONE_HOUR, now);
        assertThat(hour).hasSize(60);
        assertThat(hour.get(59).timeMillis()).isEqualTo(now);
        assertThat(hour.get(58).hashrate()).isZero();
        assertThat(hour.get(57).timeMillis()).isEqualTo(now - 120_000);
        assertThat(hour.get(57).hashrate()).isEqualTo(60 * TWO_32 / 60);
        assertThat(t.history("volta", HashrateWindow.ONE_DAY, now)).hasSize(96);
        assertThat(t.history("nobody", HashrateWindow.ONE_DAY, now))
                .allSatisfy(p -> assertThat(p.hashrate()).isZero());
    }

    @Test
    void forgetsWorkersIdleForADay() {
        HashrateTracker t = new HashrateTracker(0);
        t.record(a, 1, 1000);
        t.record(b, 1, DAY);
        t.forgetIdle(DAY + 2000);
        assertThat(t.workersOf("volta")).containsExactly(b);
    }

    @Test
    void recorderCountsOnlyWhatTheJournalTook() {
        HashrateTracker t = new HashrateTracker(0);
        ShareRecorder refusing = share -> {
            if (share.worker().equals(b)) {
                throw new IllegalStateException("journal full");
            }
        };
        TrackingShareRecorder r = new TrackingShareRecorder(refusing, t);
        r.record(new AcceptedShare(a, 4, 5, 10_000, 1, false));
        try {
            r.record(new AcceptedShare(b, 4, 5, 10_000, 1, false));
        } catch (IllegalStateException expected) {
            // the miner is told the share was not accepted
        }
        assertThat(t.workerShares(a)).isEqualTo(1);
        assertThat(t.workerShares(b)).isZero();
        assertThat(t.poolShares()).isEqualTo(1);
    }

    /** Shares at random times and difficulties: each window's rate equals the brute-force sum over the window. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void matchesABruteForceSumOverBucketAlignedWindows(long seed) {
        Random random = new Random(seed);
        HashrateTracker t = new HashrateTracker(0);
        long now = 3 * DAY + 900_000L * random.nextInt(50); // on a quarter-hour boundary
        long[] times = new long[500];
        double[] diffs = new double[500];
        for (int i = 0; i < times.length; i++) {
            times[i] = now - (long) (random.nextDouble() * 1.5 * DAY);
            diffs[i] = 1 + random.nextInt(1 << 16);
            t.record(c, diffs[i], times[i]);
        }
        for (HashrateWindow w : HashrateWindow.values()) {
            long width = RateSeries.bucketMillis(w);
            // buckets overlapping (now - window, now]: on a boundary that is [now - window + width, now + width)
            double sum = 0;
            for (int i = 0; i < times.length; i++) {
                if (times[i] >= now - w.millis() + width && times[i] <= now) {
                    sum += diffs[i];
                }
            }
            assertThat(t.poolHashrate(w, now))
                    .as(w.label())
                    .isCloseTo(sum * TWO_32 / (w.millis() / 1000.0), within(1e-6 * (1 + sum * TWO_32)));
        }
    }
}
