package org.sovereignpool.operator;

/**
 * Accepted share difficulty of one worker, operator or the pool in time buckets: 5 s × 120 (1 min and 10 min
 * windows), 60 s × 60 (1 h) and 15 min × 96 (24 h): about 4 KB each, whatever the share rate. Thread safe (each
 * series is its own lock; a share touches three series, each for a few array writes).
 */
final class RateSeries {
    static final long FINE_MILLIS = 5_000;
    static final long MINUTE_MILLIS = 60_000;
    static final long QUARTER_MILLIS = 900_000;

    private final Ring fine = new Ring(FINE_MILLIS, 120);
    private final Ring minutes = new Ring(MINUTE_MILLIS, 60);
    private final Ring quarters = new Ring(QUARTER_MILLIS, 96);
    private long shares;
    private long lastMillis = Long.MIN_VALUE;

    synchronized void add(double difficulty, long timeMillis) {
        fine.add(difficulty, timeMillis);
        minutes.add(difficulty, timeMillis);
        quarters.add(difficulty, timeMillis);
        shares++;
        lastMillis = Math.max(lastMillis, timeMillis);
    }

    /** The summed difficulty of the shares in the buckets overlapping {@code (now - window, now]}. */
    synchronized double sum(HashrateWindow window, long nowMillis) {
        return switch (window) {
            case ONE_MINUTE, TEN_MINUTES -> fine.sum(window.millis(), nowMillis);
            case ONE_HOUR -> minutes.sum(window.millis(), nowMillis);
            case ONE_DAY -> quarters.sum(window.millis(), nowMillis);
        };
    }

    /** Summed difficulty per bucket, oldest first, ending with the bucket holding {@code now}. */
    synchronized double[] buckets(HashrateWindow window, long nowMillis) {
        return switch (window) {
            case ONE_MINUTE, TEN_MINUTES -> fine.buckets(window.millis(), nowMillis);
            case ONE_HOUR -> minutes.buckets(window.millis(), nowMillis);
            case ONE_DAY -> quarters.buckets(window.millis(), nowMillis);
        };
    }

    static long bucketMillis(HashrateWindow window) {
        return switch (window) {
            case ONE_MINUTE, TEN_MINUTES -> FINE_MILLIS;
            case ONE_HOUR -> MINUTE_MILLIS;
            case ONE_DAY -> QUARTER_MILLIS;
        };
    }

    synchronized long shares() {
        return shares;
    }

    /** The time of the newest share, {@link Long#MIN_VALUE} before the first. */
    synchronized long lastMillis() {
        return lastMillis;
    }

    private static final class Ring {
        private final long width;
        private final double[] sums;
        private final long[] index;

        Ring(long width, int slots) {
            this.width = width;
            this.sums = new double[slots];
            this.index = new long[slots];
            java.util.Arrays.fill(index, Long.MIN_VALUE);
        }

        void add(double difficulty, long timeMillis) {
            long i = Math.floorDiv(timeMillis, width);
            int slot = Math.floorMod(i, sums.length);
            if (index[slot] != i) {
                if (index[slot] > i) {
                    return; // older than the ring holds: too old to count in any window
                }
                index[slot] = i;
                sums[slot] = 0;
            }
            sums[slot] += difficulty;
        }

        double sum(long windowMillis, long nowMillis) {
            long last = Math.floorDiv(nowMillis, width);
            long first = Math.floorDiv(nowMillis - windowMillis, width) + 1;
            double sum = 0;
            for (int slot = 0; slot < sums.length; slot++) {
                if (index[slot] >= first && index[slot] <= last) {
                    sum += sums[slot];
                }
            }
            return sum;
        }

        double[] buckets(long windowMillis, long nowMillis) {
            long last = Math.floorDiv(nowMillis, width);
            int n = (int) Math.min(sums.length, windowMillis / width);
            double[] out = new double[n];
            for (int k = 0; k < n; k++) {
                long i = last - (n - 1) + k;
                int slot = Math.floorMod(i, sums.length);
                out[k] = index[slot] == i ? sums[slot] : 0;
            }
            return out;
        }
    }
}
