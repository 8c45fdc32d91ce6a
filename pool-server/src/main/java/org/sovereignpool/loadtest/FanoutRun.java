package org.sovereignpool.loadtest;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * The {@code fanout} mode: holds N connections, then for each round arms, fires the trigger (the clock is read just
 * before) and records when each connection gets its next {@code mining.notify} with {@code clean_jobs=true}. The
 * receive time is taken when the line is decoded on the connection's event loop, before it is parsed.
 */
final class FanoutRun implements LoadClient.Listener {
    private final ClientSettings settings;
    private final Trigger trigger;
    private final int rounds;
    private final Duration timeout;
    private final Duration blockWait;
    private final Duration pause;
    private final PrintWriter progress;

    private final AtomicLongArray arrivals;
    private final AtomicInteger received = new AtomicInteger();
    private volatile boolean armed;
    private volatile long armedAtNanos;

    /**
     * @param timeout how long connections may take to get the notify: after the trigger, or for a block that comes on
     *     its own, after the first connection got it
     * @param blockWait for a block that comes on its own: how long to wait for it
     * @param pause between rounds
     */
    FanoutRun(
            ClientSettings settings,
            Trigger trigger,
            int rounds,
            Duration timeout,
            Duration blockWait,
            Duration pause,
            PrintWriter progress) {
        if (rounds < 1) {
            throw LoadtestException.option("--rounds must be at least 1, got " + rounds);
        }
        if (timeout.isNegative() || timeout.isZero() || blockWait.isNegative() || blockWait.isZero()) {
            throw LoadtestException.option("--timeout and --block-wait must be more than 0 seconds");
        }
        if (pause.isNegative()) {
            throw LoadtestException.option("--pause must not be negative");
        }
        this.settings = settings;
        this.trigger = trigger;
        this.rounds = rounds;
        this.timeout = timeout;
        this.blockWait = blockWait;
        this.pause = pause;
        this.progress = progress;
        this.arrivals = new AtomicLongArray(settings.connections());
    }

    FanoutReport run() throws InterruptedException {
        try (LoadClient client = LoadClient.create(settings, null)) {
            client.connectAll(this);
            LoadClient.HandshakeSummary handshakes = client.awaitHandshakes();
            List<FanoutReport.Round> results = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                if (r > 1) {
                    Thread.sleep(pause.toMillis());
                }
                int expected = (int)
                        Math.max(0, handshakes.ready() - client.disconnects().total());
                say("round " + r + ": " + expected + " connections held; "
                        + (trigger.timed() ? "running " + trigger.description() : "waiting for the next block"));
                results.add(round(r, expected));
            }
            return new FanoutReport(
                    "fanout",
                    settings.target(),
                    settings.transport().resolve().name().toLowerCase(Locale.ROOT),
                    trigger.description(),
                    trigger.timed() ? "the trigger (just before the command ran)" : "the first connection's notify",
                    results,
                    ConnectionsSummary.of(client, handshakes));
        }
    }

    private FanoutReport.Round round(int number, int expected) throws InterruptedException {
        for (int i = 0; i < arrivals.length(); i++) {
            arrivals.set(i, -1);
        }
        received.set(0);
        armedAtNanos = System.nanoTime();
        armed = true;
        trigger.fire();
        long start = armedAtNanos;
        if (!trigger.timed()) {
            long deadline = start + blockWait.toNanos();
            while (received.get() == 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
        }
        long from = trigger.timed() ? start : firstArrival();
        if (from != Long.MAX_VALUE) {
            long deadline = (trigger.timed() ? start : from) + timeout.toNanos();
            while (received.get() < expected && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
        }
        armed = false;
        if (!trigger.timed()) {
            from = firstArrival(); // again: a connection that read its notify first may have recorded it last
        }
        String outcome = trigger.outcome();
        Histogram delays = LatencySummary.newHistogram();
        long first = Long.MAX_VALUE;
        for (int i = 0; i < arrivals.length(); i++) {
            long t = arrivals.get(i);
            if (t != -1) {
                long d = Math.max(0, t - from);
                delays.recordValue(d / 1000);
                first = Math.min(first, d);
            }
        }
        if (delays.getTotalCount() == 0) {
            String waited = trigger.timed()
                    ? "within " + timeout.toSeconds() + " s of running " + trigger.description() + " (" + outcome + ")"
                    : "within " + blockWait.toSeconds() + " s (--block-wait): no block came";
            throw new LoadtestException(
                    "round " + number + ": no connection got a mining.notify with clean_jobs=true " + waited);
        }
        return new FanoutReport.Round(
                number, expected, (int) delays.getTotalCount(), first / 1e6, LatencySummary.of(delays), outcome);
    }

    /** The earliest arrival so far ({@link System#nanoTime()}), or {@code Long.MAX_VALUE} when none. */
    private long firstArrival() {
        boolean any = false;
        long first = 0;
        for (int i = 0; i < arrivals.length(); i++) {
            long t = arrivals.get(i);
            if (t != -1 && (!any || t - first < 0)) {
                first = t;
                any = true;
            }
        }
        return any ? first : Long.MAX_VALUE;
    }

    @Override
    public void notified(LoadConnection c, boolean cleanJobs, long nanos) {
        if (cleanJobs && armed && nanos - armedAtNanos >= 0 && arrivals.compareAndSet(c.number() - 1, -1, nanos)) {
            received.incrementAndGet();
        }
    }

    private void say(String line) {
        if (progress != null) {
            progress.println("[loadtest] " + line);
            progress.flush();
        }
    }
}
