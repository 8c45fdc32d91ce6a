package org.sovereignpool.stratum;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sovereignpool.share.validate.ShareVerdict;
import org.sovereignpool.stratum.limit.ConnectionGate;
import org.sovereignpool.stratum.limit.Offence;
import org.sovereignpool.stratum.session.DisconnectReason;
import org.sovereignpool.stratum.session.SessionState;

/**
 * The server's meters. Names are dotted (Prometheus renders them with underscores); no per-worker tags, so the
 * number of series does not grow with the number of miners. Thread-safe.
 */
public final class StratumMetrics implements ConnectionGate.Events {
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<SessionState, AtomicInteger> sessions = new EnumMap<>(SessionState.class);
    private final Map<ShareVerdict, Counter> shares = new EnumMap<>(ShareVerdict.class);
    private final DistributionSummary shareDifficulty;
    private final Timer notifyFanout;
    private final Timer blockFanoutClean;
    private final Timer blockFanoutNotClean;
    private final Counter notRecorded;
    private final MeterRegistry registry;
    private final Map<ConnectionGate.Refusal, Counter> refused = new EnumMap<>(ConnectionGate.Refusal.class);
    private final Map<Offence, Counter> bans = new EnumMap<>(Offence.class);
    private final Map<DisconnectReason, Counter> disconnects = new EnumMap<>(DisconnectReason.class);

    public StratumMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ConnectionGate.Refusal r : ConnectionGate.Refusal.values()) {
            refused.put(
                    r,
                    Counter.builder("stratum.connections.refused")
                            .tag("reason", r.name().toLowerCase(Locale.ROOT))
                            .description("connections closed at accept: banned address, or a cap reached")
                            .register(registry));
        }
        for (Offence o : Offence.values()) {
            bans.put(
                    o,
                    Counter.builder("stratum.bans")
                            .tag("reason", o.tag())
                            .description("addresses banned, by the offence that passed its threshold")
                            .register(registry));
        }
        for (DisconnectReason d : DisconnectReason.values()) {
            disconnects.put(
                    d,
                    Counter.builder("stratum.disconnects")
                            .tag("reason", d.tag())
                            .description("connections the server closed, by reason")
                            .register(registry));
        }
        Gauge.builder("stratum.connections", connections, AtomicInteger::get)
                .description("open Stratum connections")
                .register(registry);
        for (SessionState state : SessionState.values()) {
            AtomicInteger n = new AtomicInteger();
            sessions.put(state, n);
            Gauge.builder("stratum.sessions", n, AtomicInteger::get)
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("Stratum sessions by state")
                    .register(registry);
        }
        for (ShareVerdict v : ShareVerdict.values()) {
            shares.put(
                    v,
                    Counter.builder("stratum.shares")
                            .tag("result", v.accepted() ? "accepted" : "rejected")
                            .tag("reason", v.name().toLowerCase(Locale.ROOT))
                            .description("shares by result and reason")
                            .register(registry));
        }
        notRecorded = Counter.builder("stratum.shares")
                .tag("result", "rejected")
                .tag("reason", "not_recorded")
                .register(registry);
        shareDifficulty = DistributionSummary.builder("stratum.share.difficulty")
                .description("difficulty of accepted shares")
                .register(registry);
        notifyFanout = Timer.builder("stratum.notify.fanout")
                .description("time to hand a new job to every session")
                .register(registry);
        blockFanoutClean = blockFanout(registry, true);
        blockFanoutNotClean = blockFanout(registry, false);
    }

    /** Gauges of the gate: the connection cap in force and the bans in force. */
    public void bind(ConnectionGate gate, java.util.function.LongSupplier clock) {
        Gauge.builder("stratum.connections.max", gate, ConnectionGate::maxConnections)
                .description("the connection cap in force (below the file-descriptor limit)")
                .register(registry);
        Gauge.builder(
                        "stratum.bans.active",
                        gate,
                        g -> g.banList().active(clock.getAsLong()).size())
                .description("addresses banned now")
                .register(registry);
    }

    @Override
    public void refused(ConnectionGate.Refusal reason) {
        refused.get(reason).increment();
    }

    @Override
    public void banned(Offence offence) {
        bans.get(offence).increment();
    }

    @Override
    public void closedForOffences(Offence offence) {
        // counted as a disconnect with reason "offences" by the disconnector
    }

    public void disconnected(DisconnectReason reason) {
        disconnects.get(reason).increment();
    }

    public void connectionOpened() {
        connections.incrementAndGet();
        sessions.get(SessionState.CONNECTED).incrementAndGet();
    }

    public void connectionClosed(SessionState last) {
        connections.decrementAndGet();
        sessions.get(last).decrementAndGet();
    }

    public void stateChanged(SessionState from, SessionState to) {
        if (from != to) {
            sessions.get(from).decrementAndGet();
            sessions.get(to).incrementAndGet();
        }
    }

    public void share(ShareVerdict verdict, double difficulty) {
        shares.get(verdict).increment();
        if (verdict.accepted()) {
            shareDifficulty.record(difficulty);
        }
    }

    public void shareNotRecorded() {
        notRecorded.increment();
    }

    private static Timer blockFanout(MeterRegistry registry, boolean clean) {
        return Timer.builder("stratum.block.fanout")
                .description("from a new block's notification (the ZMQ message's arrival) to the last session of an"
                        + " event loop written its job, one sample per loop; clean_jobs=true: the first job on the"
                        + " block (the empty job when job.emptyJobOnNewBlock is on), false: the full template after it")
                .tag("clean_jobs", Boolean.toString(clean))
                .register(registry);
    }

    public void fanout(long nanos) {
        notifyFanout.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One event loop has written a new block's job to all its sessions, {@code nanos} after the notification. */
    public void blockFanout(long nanos, boolean cleanJobs) {
        (cleanJobs ? blockFanoutClean : blockFanoutNotClean).record(nanos, TimeUnit.NANOSECONDS);
    }

    public int connections() {
        return connections.get();
    }
}
