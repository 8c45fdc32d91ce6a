package org.sovereignpool.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.mining.JobListener;
import org.sovereignpool.operator.HashrateTracker;
import org.sovereignpool.operator.HashrateWindow;
import org.sovereignpool.operator.OperatorRegistry;
import org.sovereignpool.operator.Power;
import org.sovereignpool.operator.PowerMonitor;
import org.sovereignpool.share.job.Job;

/**
 * A pool node's live figures for {@code node_status}, read from what the node keeps anyway: the Stratum meters
 * (connections, sessions by state, shares by result), the hashrate tracker and power monitor, the current job, the
 * journal's lag and the bitcoind health gauges. Hears each new job to know since when the node is on its prevhash.
 * Thread-safe; {@link #get} never touches an event loop.
 */
public final class NodeFigures implements Supplier<NodeStatus>, JobListener {
    /** The version written into node_status: the jar's, or "dev" from classes. */
    public static final String VERSION =
            Objects.requireNonNullElse(NodeFigures.class.getPackage().getImplementationVersion(), "0.1.0-dev");
    /** A node with no new job for this long is not serving (its template source is stuck). */
    public static final long JOB_STALE_MILLIS = 120_000;

    /** Where the node is and what it knows of itself. */
    public record Identity(
            int nodeId, String instanceId, String host, List<String> stratumAddresses, String httpAddress) {}

    private final Identity identity;
    private final IntSupplier connections;
    private final PowerMonitor power;
    private final Collection<OperatorConfig> operators;
    private final LongSupplier journalWritten;
    private final LongSupplier journalLag;
    private final MeterRegistry meters;
    private final LongSupplier clock;
    private final long startedMillis;

    private record JobSeen(int height, String prevhash, long sinceMillis, long lastMillis) {}

    private volatile JobSeen job;

    public NodeFigures(
            Identity identity,
            IntSupplier connections,
            PowerMonitor power,
            Collection<OperatorConfig> operators,
            LongSupplier journalWritten,
            LongSupplier journalLag,
            MeterRegistry meters,
            LongSupplier clock) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.power = Objects.requireNonNull(power, "power");
        this.operators = List.copyOf(operators);
        this.journalWritten = Objects.requireNonNull(journalWritten, "journalWritten");
        this.journalLag = Objects.requireNonNull(journalLag, "journalLag");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startedMillis = clock.getAsLong();
    }

    @Override
    public void newJob(Job j) {
        long now = clock.getAsLong();
        String prev = j.prevHash().toDisplayHex();
        JobSeen last = job;
        long since = last != null && last.prevhash().equals(prev) ? last.sinceMillis() : now;
        job = new JobSeen(j.height(), prev, since, now);
    }

    @Override
    public NodeStatus get() {
        long now = clock.getAsLong();
        HashrateTracker t = power.tracker();
        // one pass over the workers: per operator, workers with a share in 10 minutes and the estimated draw (each
        // worker's 10-minute hashrate at its model's or its operator's efficiency, as the power monitor reckons it)
        Map<String, int[]> active = new HashMap<>();
        Map<String, double[]> draw = new HashMap<>();
        int[] activeAll = new int[1];
        long since = now - HashrateWindow.TEN_MINUTES.millis();
        OperatorRegistry registry = power.registry();
        t.forEachWorker(HashrateWindow.TEN_MINUTES, now, (w, rate, last) -> {
            if (last > since) {
                active.computeIfAbsent(w.operatorId(), k -> new int[1])[0]++;
                activeAll[0]++;
            }
            draw.computeIfAbsent(w.operatorId(), k -> new double[1])[0] += Power.drawMw(rate, registry.efficiency(w));
        });
        List<NodeStatus.OperatorFigures> ops = new ArrayList<>();
        for (OperatorConfig o : operators) {
            double m10 = t.operatorHashrate(o.id(), HashrateWindow.TEN_MINUTES, now);
            double m1 = t.operatorHashrate(o.id(), HashrateWindow.ONE_MINUTE, now);
            int workers = active.getOrDefault(o.id(), new int[1])[0];
            double mw = draw.getOrDefault(o.id(), new double[1])[0];
            if (m10 > 0 || m1 > 0 || workers > 0) {
                ops.add(new NodeStatus.OperatorFigures(o.id(), m1, m10, workers, mw));
            }
        }
        long accepted = 0;
        long rejected = 0;
        for (Counter c : Search.in(meters).name("stratum.shares").counters()) {
            if ("accepted".equals(c.getId().getTag("result"))) {
                accepted += (long) c.count();
            } else {
                rejected += (long) c.count();
            }
        }
        Gauge authorized = Search.in(meters)
                .name("stratum.sessions")
                .tag("state", "authorized")
                .gauge();
        JobSeen j = job;
        int healthyNodes = 0;
        int nodes = 0;
        for (Gauge g : Search.in(meters).name("node.healthy").gauges()) {
            nodes++;
            if (g.value() >= 1) {
                healthyNodes++;
            }
        }
        boolean jobFresh = j != null && now - j.lastMillis() <= JOB_STALE_MILLIS;
        boolean healthy = jobFresh && (nodes == 0 || healthyNodes > 0);
        String detail = (nodes == 0 ? "simulated chain" : healthyNodes + "/" + nodes + " bitcoind nodes healthy")
                + (j == null
                        ? ", no job yet"
                        : jobFresh ? "" : ", no new job for " + (now - j.lastMillis()) / 1000 + " s");
        return new NodeStatus(
                identity.nodeId(),
                identity.instanceId(),
                identity.host(),
                VERSION,
                identity.stratumAddresses(),
                identity.httpAddress(),
                connections.getAsInt(),
                authorized == null ? 0 : (int) authorized.value(),
                activeAll[0],
                t.poolHashrate(HashrateWindow.ONE_MINUTE, now),
                t.poolHashrate(HashrateWindow.TEN_MINUTES, now),
                accepted,
                rejected,
                j == null ? null : j.height(),
                j == null ? null : j.prevhash(),
                j == null ? null : j.sinceMillis(),
                healthy,
                detail,
                journalWritten.getAsLong(),
                journalLag.getAsLong(),
                false,
                startedMillis,
                now,
                ops);
    }
}
