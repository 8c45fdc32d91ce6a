package org.sovereignpool.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.ledger.store.DatabaseThreads;

/**
 * A pool node's side of the cluster: every {@code period} writes the node's live figures to {@code node_status}, then
 * carries out the console's open commands for this node and marks them done. Runs on its own scheduled thread ({@code
 * node-status}), never on a Stratum event loop: the figures are read from counters, gauges and the hashrate tracker
 * (their own locks), the commands hand their sends to the event loops and return.
 *
 * <p>Metrics: {@code cluster.status.write} (timer: taking the figures and writing them), {@code
 * cluster.status.failures} (writes that failed, e.g. the database down: the next one tries again), {@code
 * cluster.commands.done} by kind.
 */
public final class NodeStatusReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeStatusReporter.class);
    /** How often a node writes its status and polls commands (the console counts a node down after a few misses). */
    public static final long DEFAULT_PERIOD_MILLIS = 2_000;

    /** What a node does when the console tells it (implemented over the Stratum server). */
    public interface Steering {
        /** client.reconnect to every miner; returns how many were told. */
        int reconnectAll(String host, int port, int waitSeconds);

        /** client.show_message to every miner; returns how many connections there were. */
        int showMessage(String text);

        /** Lifts a ban; false when the address was not banned (IllegalArgumentException: not an address). */
        boolean liftBan(String address);
    }

    private final int nodeId;
    private final ClusterStore store;
    private final Supplier<NodeStatus> figures;
    private final Steering steering;
    private final LongSupplier clock;
    private final Timer writeTimer;
    private final Counter failures;
    private final MeterRegistry registry;
    private final ScheduledExecutorService executor;
    private volatile boolean draining;
    private volatile boolean failing;
    private volatile java.util.function.BooleanSupplier holdsNodeId = () -> true;

    /**
     * @param figures the node's figures now (called on the reporter's thread; {@code draining} is filled in here)
     */
    public NodeStatusReporter(
            int nodeId,
            ClusterStore store,
            Supplier<NodeStatus> figures,
            Steering steering,
            LongSupplier clock,
            MeterRegistry registry) {
        this.nodeId = nodeId;
        this.store = Objects.requireNonNull(store, "store");
        this.figures = Objects.requireNonNull(figures, "figures");
        this.steering = Objects.requireNonNull(steering, "steering");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.writeTimer = Timer.builder("cluster.status.write")
                .description("taking this node's figures and writing them to node_status (off the event loops)")
                .register(registry);
        this.failures = Counter.builder("cluster.status.failures")
                .description("status writes or command polls that failed (the next period tries again)")
                .register(registry);
        this.executor = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("node-status").daemon().unstarted(r));
    }

    /**
     * Writes and takes commands only while this holds (the node's lease on its id): an instance that lost its node id
     * to another must not overwrite that one's row nor take its commands.
     */
    public NodeStatusReporter onlyWhile(java.util.function.BooleanSupplier holdsNodeId) {
        this.holdsNodeId = Objects.requireNonNull(holdsNodeId, "holdsNodeId");
        return this;
    }

    /** Starts writing every {@code periodMillis} (the first write at once). */
    public NodeStatusReporter start(long periodMillis) {
        executor.scheduleWithFixedDelay(this::tick, 0, periodMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Whether a drain was carried out (shown on the console; the node keeps serving whoever connects). */
    public boolean draining() {
        return draining;
    }

    /** One period: the status, then the commands. For tests and the reporter's thread. */
    public void tick() {
        if (!holdsNodeId.getAsBoolean()) {
            return;
        }
        try {
            writeStatus();
            runCommands();
            if (failing) {
                failing = false;
                LOG.info("node {}: cluster status written again", nodeId);
            }
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            if (!failing) {
                failing = true;
                LOG.warn("node {}: cluster status not written ({}); retrying every period", nodeId, e.toString());
            }
        }
    }

    /** Takes the figures and writes them; returns what was written. */
    public NodeStatus writeStatus() throws SQLException {
        long started = System.nanoTime();
        NodeStatus s = withDraining(figures.get(), draining);
        store.writeStatus(s);
        writeTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return s;
    }

    private static NodeStatus withDraining(NodeStatus s, boolean draining) {
        if (s.draining() == draining) {
            return s;
        }
        return new NodeStatus(
                s.nodeId(),
                s.instanceId(),
                s.host(),
                s.version(),
                s.stratumAddresses(),
                s.httpAddress(),
                s.connections(),
                s.authorizedWorkers(),
                s.activeWorkers(),
                s.hashrate1m(),
                s.hashrate10m(),
                s.sharesAccepted(),
                s.sharesRejected(),
                s.jobHeight(),
                s.jobPrevhash(),
                s.prevhashSinceMillis(),
                s.bitcoindHealthy(),
                s.bitcoindDetail(),
                s.journalWrittenSeq(),
                s.journalLag(),
                draining,
                s.startedMillis(),
                s.updatedMillis(),
                s.operators());
    }

    /** Carries out this node's open commands, oldest first, marking each done; returns how many. */
    public int runCommands() throws SQLException {
        List<ClusterCommand> open = store.openCommands(nodeId);
        for (ClusterCommand c : open) {
            String result = execute(c);
            store.markDone(c.id(), result, clock.getAsLong());
            Counter.builder("cluster.commands.done")
                    .tag("kind", c.kind().label())
                    .description("console commands this node carried out")
                    .register(registry)
                    .increment();
            LOG.info(
                    "node {}: console command {} {} '{}' by {}: {}",
                    nodeId,
                    c.id(),
                    c.kind(),
                    c.argument(),
                    c.createdBy(),
                    result);
        }
        return open.size();
    }

    private String execute(ClusterCommand c) {
        try {
            return switch (c.kind()) {
                case DRAIN -> {
                    HostPort to = HostPort.parse(c.argument());
                    draining = true;
                    int told = steering.reconnectAll(to.host(), to.port(), 0);
                    yield "client.reconnect to " + to + " sent to " + told + " connections";
                }
                case MESSAGE -> "client.show_message sent to " + steering.showMessage(c.argument()) + " connections";
                case LIFT_BAN -> steering.liftBan(c.argument()) ? "ban lifted" : "not banned here";
            };
        } catch (RuntimeException e) {
            return "failed: " + e.getMessage();
        }
    }

    /** A Stratum address {@code host:port} (IPv6 in brackets). */
    public record HostPort(String host, int port) {
        public static HostPort parse(String s) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException("not host:port: " + s);
            }
            String host = s.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not host:port: " + s);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535: " + s);
            }
            return new HostPort(host, port);
        }

        public static String format(String host, int port) {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        @Override
        public String toString() {
            return format(host, port);
        }
    }

    @Override
    public void close() {
        DatabaseThreads.stop(executor, 5_000);
    }
}
