package org.sovereignpool.app;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.ShareRecorder;

/**
 * The demo's running totals: shares recorded and the pool hashrate over the last minute (Σ difficulty × 2^32 /
 * seconds), counted after the journal took each share. Per-second buckets; thread-safe.
 */
final class DemoStats implements PoolRuntime.ShareRecorderDecorator {
    private static final int WINDOW_SECONDS = 60;

    private final LongSupplier clockMillis;
    private final LongAdder shares = new LongAdder();
    private final DoubleAdder totalDifficulty = new DoubleAdder();
    private final double[] bucketDifficulty = new double[WINDOW_SECONDS];
    private final long[] bucketSecond = new long[WINDOW_SECONDS];
    private final long startMillis;

    DemoStats(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        this.startMillis = clockMillis.getAsLong();
    }

    @Override
    public ShareRecorder decorate(ShareRecorder journal) {
        return share -> {
            journal.record(share); // throws when the journal refused it: then nothing is counted
            count(share);
        };
    }

    private synchronized void count(AcceptedShare share) {
        shares.increment();
        totalDifficulty.add(share.difficulty());
        long second = share.timeMillis() / 1000;
        int i = (int) (second % WINDOW_SECONDS);
        if (bucketSecond[i] != second) {
            bucketSecond[i] = second;
            bucketDifficulty[i] = 0;
        }
        bucketDifficulty[i] += share.difficulty();
    }

    long shares() {
        return shares.sum();
    }

    /** Hashes per second over the last minute (or since start, if shorter). */
    synchronized double hashrate() {
        long now = clockMillis.getAsLong();
        long nowSecond = now / 1000;
        double sum = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (nowSecond - bucketSecond[i] < WINDOW_SECONDS) {
                sum += bucketDifficulty[i];
            }
        }
        double seconds = Math.min(WINDOW_SECONDS, Math.max(1, (now - startMillis) / 1000.0));
        return sum * 0x1p32 / seconds;
    }

    static String formatHashrate(double hps) {
        String[] units = {"H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s"};
        int u = 0;
        while (hps >= 1000 && u < units.length - 1) {
            hps /= 1000;
            u++;
        }
        return String.format("%.2f %s", hps, units[u]);
    }
}
