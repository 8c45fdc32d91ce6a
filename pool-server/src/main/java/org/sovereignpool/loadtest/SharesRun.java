package org.sovereignpool.loadtest;

import io.netty.channel.EventLoop;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The {@code shares} mode: every ready connection submits, in a closed loop or paced, for the warm-up and the
 * measured window; then the tool waits (up to the reply timeout) for the replies still due and reports. One {@link
 * LoopSender} per event loop drives that loop's connections, so no lock is shared between loops.
 */
final class SharesRun implements LoadClient.Listener {
    private static final long EXPIRY_PERIOD_MILLIS = 100;

    private final ClientSettings settings;
    private final SharesPlan plan;
    private final PrintWriter progress;
    private final int hashThreads;

    private final Recorder latencyMicros = new Recorder(3_600_000_000L, 3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder inFlight = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder windowReplies = new LongAdder();
    private final LongAdder windowAccepted = new LongAdder();
    private final LongAdder latecomers = new LongAdder();
    private final LongAdder lostWithConnection = new LongAdder();
    private final Tally rejected = new Tally();
    private final Tally windowRejected = new Tally();
    private final Map<EventLoop, LoopSender> senders = new LinkedHashMap<>();

    private java.time.Instant windowStart;
    private volatile long measureStartNanos;
    private volatile long measureEndNanos;
    private volatile boolean started;

    /**
     * @param progress where a progress line goes every few seconds (stderr, so that stdout stays one report); null
     *     for none
     */
    SharesRun(ClientSettings settings, SharesPlan plan, int hashThreads, PrintWriter progress) {
        this.settings = settings;
        this.plan = plan;
        this.hashThreads = hashThreads;
        this.progress = progress;
    }

    SharesReport run() throws InterruptedException {
        MinedShares mining = plan.source() == SharesPlan.ShareSource.MINED ? new MinedShares(hashThreads) : null;
        try (LoadClient client = LoadClient.create(settings, mining)) {
            client.connectAll(this);
            LoadClient.HandshakeSummary handshakes = client.awaitHandshakes();
            Map<EventLoop, List<LoadConnection>> byLoop = new LinkedHashMap<>();
            int ready = 0;
            for (LoadConnection c : client.connections()) {
                if (c.state() == LoadConnection.State.READY) {
                    byLoop.computeIfAbsent(c.loop(), l -> new ArrayList<>()).add(c);
                    ready++;
                }
            }
            long start = System.nanoTime();
            windowStart = java.time.Instant.now().plus(plan.warmup());
            measureStartNanos = start + plan.warmup().toNanos();
            measureEndNanos = measureStartNanos + plan.duration().toNanos();
            for (var e : byLoop.entrySet()) {
                double share = (double) e.getValue().size() / ready;
                senders.put(e.getKey(), new LoopSender(e.getKey(), e.getValue(), start, plan.rate() * share));
            }
            started = true;
            senders.values().forEach(s -> s.loop.execute(s::begin));
            say(String.format(
                    Locale.ROOT,
                    "%d connections ready; %s warm-up, then %s measured",
                    ready,
                    seconds(plan.warmup().toNanos()),
                    seconds(plan.duration().toNanos())));
            waitForWindow();
            long drainDeadline = System.nanoTime() + plan.replyTimeout().toNanos();
            while (inFlight.sum() > 0 && System.nanoTime() - drainDeadline < 0) {
                Thread.sleep(20);
            }
            long planned = 0;
            for (LoopSender s : senders.values()) {
                planned += s.loop.submit(s::planned).get();
            }
            return report(client, handshakes, planned);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void waitForWindow() throws InterruptedException {
        long lastAnswered = 0;
        long lastNanos = System.nanoTime();
        long every = TimeUnit.SECONDS.toNanos(5);
        long nextProgress = lastNanos + every;
        while (true) {
            long now = System.nanoTime();
            if (now - measureEndNanos >= 0) {
                return;
            }
            long wake = Math.min(measureEndNanos, nextProgress);
            TimeUnit.NANOSECONDS.sleep(Math.max(1_000_000, wake - now));
            now = System.nanoTime();
            if (now - nextProgress >= 0 && now - measureEndNanos < 0) {
                long a = answered.sum();
                say(String.format(
                        Locale.ROOT,
                        "%s: %s replies/s, %s in flight%s",
                        now - measureStartNanos < 0 ? "warm-up" : "measuring",
                        Reports.rate((a - lastAnswered) * 1e9 / (now - lastNanos)),
                        Reports.count(inFlight.sum()),
                        timedOut.sum() > 0 ? ", " + Reports.count(timedOut.sum()) + " timed out" : ""));
                lastAnswered = a;
                lastNanos = now;
                nextProgress += every;
            }
        }
    }

    private SharesReport report(LoadClient client, LoadClient.HandshakeSummary handshakes, long planned) {
        Histogram latency = latencyMicros.getIntervalHistogram();
        double seconds = plan.duration().toNanos() / 1e9;
        long replies = windowReplies.sum();
        return new SharesReport(
                "shares",
                settings.target(),
                settings.transport().resolve().name().toLowerCase(Locale.ROOT),
                plan.closedLoop() ? "closed" : "open",
                plan.inFlight(),
                plan.rate(),
                plan.source().name().toLowerCase(Locale.ROOT),
                plan.warmup().toNanos() / 1e9,
                seconds,
                windowStart.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(),
                windowStart
                        .plus(plan.duration())
                        .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                        .toString(),
                new SharesReport.Window(
                        replies,
                        replies / seconds,
                        windowAccepted.sum(),
                        windowRejected.snapshot(),
                        LatencySummary.of(latency),
                        latecomers.sum()),
                new SharesReport.Totals(
                        planned,
                        sent.sum(),
                        answered.sum(),
                        accepted.sum(),
                        rejected.snapshot(),
                        timedOut.sum(),
                        inFlight.sum() + lostWithConnection.sum()),
                ConnectionsSummary.of(client, handshakes));
    }

    private void say(String line) {
        if (progress != null) {
            progress.println("[loadtest] " + line);
            progress.flush();
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.0f s", nanos / 1e9);
    }

    private boolean sendingAt(long now) {
        return now - measureEndNanos < 0;
    }

    // ------------------------------------------------------------------ events from the connections

    @Override
    public boolean maySubmit(LoadConnection c) {
        return sendingAt(System.nanoTime());
    }

    @Override
    public void submitted(LoadConnection c) {
        sent.increment();
        inFlight.increment();
    }

    @Override
    public void replied(LoadConnection c, long intendedNanos, ReplyOutcome outcome, long nanos) {
        inFlight.decrement();
        answered.increment();
        if (outcome.accepted()) {
            accepted.increment();
        } else {
            rejected.add(outcome.reason());
        }
        if (nanos - measureStartNanos >= 0) {
            latencyMicros.recordValue(Math.max(0, (nanos - intendedNanos) / 1000));
            if (nanos - measureEndNanos < 0) {
                windowReplies.increment();
                if (outcome.accepted()) {
                    windowAccepted.increment();
                } else {
                    windowRejected.add(outcome.reason());
                }
            } else {
                latecomers.increment();
            }
        }
        if (started && plan.closedLoop()) {
            senders.get(c.loop()).fill(c, nanos);
        }
    }

    @Override
    public void lost(LoadConnection c, int unanswered) {
        inFlight.add(-unanswered);
        lostWithConnection.add(unanswered);
    }

    @Override
    public void mined(LoadConnection c) {
        if (started) {
            senders.get(c.loop()).fill(c, System.nanoTime());
            c.flushIfDirty(); // not in a read: the read-complete flush does not cover these
        }
    }

    /** Drives one event loop's connections; every method runs on that loop. */
    private final class LoopSender {
        private final EventLoop loop;
        private final List<LoadConnection> connections;
        private final Pacer pacer;
        private final List<LoadConnection> touched = new ArrayList<>();
        private int roundRobin;
        private final boolean mined = plan.source() == SharesPlan.ShareSource.MINED;

        LoopSender(EventLoop loop, List<LoadConnection> connections, long startNanos, double rate) {
            this.loop = loop;
            this.connections = connections;
            this.pacer = rate > 0 ? new Pacer(startNanos, rate) : null;
        }

        void begin() {
            loop.scheduleAtFixedRate(this::expire, EXPIRY_PERIOD_MILLIS, EXPIRY_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            if (pacer == null) {
                long now = System.nanoTime();
                for (LoadConnection c : connections) {
                    fill(c, now);
                    c.flushIfDirty();
                }
            } else {
                tick();
            }
        }

        /** Closed loop: tops the connection up to its in-flight count (or starts hashing its next share). */
        void fill(LoadConnection c, long now) {
            if (!sendingAt(now) || pacer != null) {
                return;
            }
            if (plan.source() == SharesPlan.ShareSource.MINED) {
                while (c.ready() && c.outstanding() < plan.inFlight() && c.submitMined(now)) {
                    // submitted from the stash
                }
                if (c.ready() && !c.hashing() && !c.hasMined()) {
                    c.mineNext();
                }
                return;
            }
            while (c.ready() && c.outstanding() < plan.inFlight()) {
                c.submitRandom(now);
            }
        }

        /** Open loop: sends what is due, each with its intended time, then sleeps until the next is due. */
        void tick() {
            long now = System.nanoTime();
            boolean blocked = false;
            if (mined) {
                for (LoadConnection c : connections) {
                    if (c.ready() && !c.hashing() && c.minedWaiting() < MinedShares.MAX_PER_SLICE / 2) {
                        c.mineNext();
                    }
                }
            }
            // nothing goes out after the window, not even sends overdue from before it: those count as not sent
            while (sendingAt(now) && pacer.due(now) && pacer.nextIntendedNanos() - measureEndNanos < 0) {
                LoadConnection c = nextAvailable();
                if (c == null) {
                    blocked = true;
                    break;
                }
                if (mined) {
                    c.submitMined(pacer.issue());
                } else {
                    c.submitRandom(pacer.issue());
                }
                touched.add(c);
            }
            for (LoadConnection c : touched) {
                c.flushIfDirty();
            }
            touched.clear();
            long next = pacer.nextIntendedNanos();
            if (next - measureEndNanos >= 0 || !sendingAt(System.nanoTime())) {
                return;
            }
            long delay = blocked ? TimeUnit.MILLISECONDS.toNanos(1) : Math.max(0, next - System.nanoTime());
            loop.schedule(this::tick, delay, TimeUnit.NANOSECONDS);
        }

        private LoadConnection nextAvailable() {
            for (int probes = 0; probes < connections.size(); probes++) {
                LoadConnection c = connections.get(roundRobin);
                roundRobin = (roundRobin + 1) % connections.size();
                if (c.ready() && c.outstanding() < plan.maxOutstanding() && (!mined || c.hasMined())) {
                    return c;
                }
            }
            return null;
        }

        void expire() {
            long now = System.nanoTime();
            long cutoff = now - plan.replyTimeout().toNanos();
            for (LoadConnection c : connections) {
                int n = c.expireBefore(cutoff);
                if (n > 0) {
                    timedOut.add(n);
                    inFlight.add(-n);
                    fill(c, now);
                    c.flushIfDirty();
                }
            }
        }

        long planned() {
            return pacer == null ? 0 : pacer.plannedBefore(measureEndNanos);
        }
    }
}
