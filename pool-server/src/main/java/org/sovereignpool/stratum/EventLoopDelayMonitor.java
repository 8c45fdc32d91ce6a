package org.sovereignpool.stratum;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How long the Stratum event loops were unavailable: every {@code period} each loop runs a tick scheduled on itself
 * and notes how late it ran. A loop busy with one long task (a slow read, a journal append that waited, a GC pause
 * that stopped every thread) delays its tick by nearly as long, so the lateness is the stall a miner's reply waited
 * through, to within one period. Ticks re-arm themselves (one outstanding per loop), so a stalled loop does not
 * queue a burst of catch-up ticks.
 *
 * <p>Meters: {@code stratum.eventloop.delay} (a timer with buckets at 1, 2, 5, 10, 50, 100 ms, so the number of
 * ticks later than 5 ms reads straight from Prometheus), {@code stratum.eventloop.stalls} (ticks later than {@link
 * #STALL}), and {@code stratum.eventloop.delay.worst} (the worst lateness since start, in seconds: the figure a load
 * run is judged by, where the timer's own max decays after a couple of minutes).
 */
public final class EventLoopDelayMonitor implements AutoCloseable {
    /** A delay this long counts as a stall (the bound for the share path). */
    public static final Duration STALL = Duration.ofMillis(5);

    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final Timer delays;
    private final Counter stalls;
    private final AtomicLong worstNanos = new AtomicLong();
    private final List<Tick> ticks = new ArrayList<>();
    private volatile boolean closed;

    /** Starts one tick per loop of {@code loops}; {@code period} sets both the cost (a wake-up) and the precision. */
    public EventLoopDelayMonitor(EventExecutorGroup loops, Duration period, MeterRegistry registry) {
        this(loops, period, registry, System::nanoTime);
    }

    EventLoopDelayMonitor(EventExecutorGroup loops, Duration period, MeterRegistry registry, LongSupplier nanoTime) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
        this.delays = Timer.builder("stratum.eventloop.delay")
                .description("how late a task scheduled on a Stratum event loop ran (a probe every " + period.toMillis()
                        + " ms per loop): the time a miner's reply could wait behind other work")
                .serviceLevelObjectives(
                        Duration.ofMillis(1),
                        Duration.ofMillis(2),
                        STALL,
                        Duration.ofMillis(10),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100))
                .register(registry);
        this.stalls = Counter.builder("stratum.eventloop.stalls")
                .description("probe ticks that ran more than " + STALL.toMillis() + " ms late on a Stratum event loop")
                .register(registry);
        Gauge.builder("stratum.eventloop.delay.worst", worstNanos, w -> w.get() / 1e9)
                .description("the latest any probe tick ran on any Stratum event loop since the server started")
                .baseUnit("seconds")
                .register(registry);
        for (EventExecutor loop : loops) {
            Tick t = new Tick(loop);
            ticks.add(t);
            loop.execute(t::arm);
        }
    }

    /** The latest a tick has run so far, on any loop. */
    public Duration worst() {
        return Duration.ofNanos(worstNanos.get());
    }

    /** Ticks that ran more than {@link #STALL} late. */
    public long stalls() {
        return (long) stalls.count();
    }

    /** Records one tick's lateness (package-private for tests). */
    void record(long lateNanos) {
        long late = Math.max(0, lateNanos);
        delays.record(late, TimeUnit.NANOSECONDS);
        if (late > STALL.toNanos()) {
            stalls.increment();
        }
        worstNanos.accumulateAndGet(late, Math::max);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** One loop's probe: always exactly one outstanding scheduled run. */
    private final class Tick implements Runnable {
        private final EventExecutor loop;
        private long due;

        Tick(EventExecutor loop) {
            this.loop = loop;
        }

        void arm() {
            if (closed || loop.isShuttingDown()) {
                return;
            }
            due = nanoTime.getAsLong() + periodNanos;
            try {
                loop.schedule(this, periodNanos, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the loop is shutting down
            }
        }

        @Override
        public void run() {
            record(nanoTime.getAsLong() - due);
            arm();
        }
    }
}
