package org.sovereignpool.ledger.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.ledger.store.LeaseClaim;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.NodeEvent;

/**
 * Holds this pool node's identity lease in the ledger: claims the node id at start (refused while another instance
 * holds a live lease on it: {@link DuplicateNodeIdException}), renews it every third of the lease, and releases it at a
 * clean stop. While the database is unreachable the lease is claimed or renewed as soon as it is back; if another
 * instance took the id meanwhile, this one no longer {@link #held holds} it (its applier stops applying, the conflict
 * listener and the metrics say why). A node whose lease runs out is declared down by the crediting node.
 *
 * <p>Metrics: {@code ledger.node.lease.held} (1 while held), {@code ledger.node.lease.conflicts} (claims refused or
 * leases lost by this instance), {@code ledger.node.duplicate.refused} (instances refused this node id since this one
 * started: someone started a second node with the same {@code pool.nodeId}).
 *
 * <p>Threading: {@link #claim} before {@link #start}, then the keeper's own thread; {@link #held} from any thread.
 */
public final class NodeLeaseKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeLeaseKeeper.class);

    private final LedgerStore store;
    private final int nodeId;
    private final String instanceId;
    private final String host;
    private final long leaseMillis;
    private final LongSupplier clock;
    private final long startedMillis;
    private final Counter conflicts;
    private final Thread thread;

    private volatile boolean held;
    private volatile boolean leader;
    private volatile boolean refused;
    private volatile long duplicatesRefused;
    private volatile boolean stopping;
    private volatile Consumer<String> conflictListener = reason -> {};

    public NodeLeaseKeeper(
            LedgerStore store, int nodeId, String host, long leaseMillis, LongSupplier clock, MeterRegistry registry) {
        this.store = Objects.requireNonNull(store, "store");
        this.nodeId = nodeId;
        this.instanceId = UUID.randomUUID().toString();
        this.host = Objects.requireNonNull(host, "host");
        if (leaseMillis < 3) {
            throw new IllegalArgumentException("leaseMillis must be >= 3, got " + leaseMillis);
        }
        this.leaseMillis = leaseMillis;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startedMillis = clock.getAsLong();
        Gauge.builder("ledger.node.lease.held", this, k -> k.held ? 1 : 0)
                .description("1 while this instance holds its node id's lease in the ledger")
                .register(registry);
        Gauge.builder("ledger.node.duplicate.refused", this, k -> k.duplicatesRefused)
                .description("instances refused this node id since this one started (a second node with this id)")
                .register(registry);
        this.conflicts = Counter.builder("ledger.node.lease.conflicts")
                .description("this instance found its node id held by another instance")
                .register(registry);
        this.thread = Thread.ofPlatform().name("node-lease").daemon().unstarted(this::loop);
    }

    /** The host description of this process: host name and process id. */
    public static String thisHost() {
        String name;
        try {
            name = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            name = "unknown-host";
        }
        ProcessHandle me = ProcessHandle.current();
        return name + " pid " + me.pid() + startedSuffix(me);
    }

    /** " started <epoch ms>", or "" where the system does not say when a process started. */
    static String startedSuffix(ProcessHandle process) {
        return process.info()
                .startInstant()
                .map(t -> STARTED + t.toEpochMilli())
                .orElse("");
    }

    private static final String STARTED = " started ";

    /**
     * Whether {@code holderHost} ({@link #thisHost} of the holder) names a process of this host that no longer
     * exists. Process ids are reused (threads share their number space, so quickly), hence the holder's start time:
     * a process with the same id but another start time is a different process, and the holder is gone. Without a
     * start time a reused id only means waiting for the lease to run out.
     */
    static boolean deadOnThisHost(String holderHost) {
        String mine = thisHost();
        String myName = mine.substring(0, mine.lastIndexOf(" pid "));
        int at = holderHost.lastIndexOf(" pid ");
        if (at < 0 || !holderHost.substring(0, at).equals(myName)) {
            return false;
        }
        String rest = holderHost.substring(at + 5);
        int started = rest.indexOf(STARTED);
        try {
            long pid = Long.parseLong(started < 0 ? rest : rest.substring(0, started));
            if (pid == ProcessHandle.current().pid()) {
                return false;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return true;
            }
            if (started < 0) {
                return false;
            }
            String holderStart = rest.substring(started);
            String nowStart = startedSuffix(process.get());
            return !nowStart.isEmpty() && !nowStart.equals(holderStart);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public String instanceId() {
        return instanceId;
    }

    /** Whether this instance holds its node id's lease now (as of its last contact with the ledger). */
    public boolean held() {
        return held;
    }

    /**
     * Whether this node credits blocks and follows the chain for the cluster: it holds its lease and no node with a
     * lower id holds a live one (as of the last heartbeat). When the leader's lease runs out, the next node leads.
     */
    public boolean isLeader() {
        return leader;
    }

    private void electLeader() throws SQLException {
        long now = clock.getAsLong();
        leader = held && store.leases().stream().noneMatch(l -> l.nodeId() < nodeId && l.liveAt(now));
    }

    /** Told (once per conflict) when another instance turns out to hold this node id. */
    public void onConflict(Consumer<String> listener) {
        this.conflictListener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Claims the node id now.
     *
     * @throws DuplicateNodeIdException another instance holds a live lease on it
     * @throws SQLException the ledger database is unreachable (the keeper claims it once it is back)
     */
    public void claim() throws SQLException, DuplicateNodeIdException {
        long now = clock.getAsLong();
        LeaseClaim answer = store.claimLease(nodeId, instanceId, host, now, leaseMillis);
        if (answer instanceof LeaseClaim.Refused r && deadOnThisHost(r.holder().host())) {
            log.warn(
                    "node {}: instance {} on {} holds the node id but its process is gone (a crash): taking over",
                    nodeId,
                    r.holder().instanceId(),
                    r.holder().host());
            answer = store.claimLease(
                    nodeId, instanceId, host, now, leaseMillis, r.holder().instanceId());
        }
        if (answer instanceof LeaseClaim.Refused r) {
            refused = true;
            conflicts.increment();
            throw new DuplicateNodeIdException(r.holder(), now);
        }
        held = true;
        electLeader();
        LeaseClaim.Granted g = (LeaseClaim.Granted) answer;
        g.previous()
                .filter(p -> !p.released() && !p.instanceId().equals(instanceId))
                .ifPresent(p -> log.warn(
                        "node {}: took over the node id from instance {} on {}, whose lease ran out (last heartbeat {})",
                        nodeId,
                        p.instanceId(),
                        p.host(),
                        java.time.Instant.ofEpochMilli(p.heartbeatMillis())));
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        long period = Math.max(1, leaseMillis / 3);
        while (!stopping) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(period));
            if (stopping) {
                return;
            }
            beat();
        }
    }

    /** One heartbeat: claims the lease if not held yet, renews it otherwise. For tests and the keeper's thread. */
    public void beat() {
        if (refused) {
            return; // an operator must act; claiming again would just repeat the refusal every heartbeat
        }
        try {
            if (!held) {
                try {
                    claim();
                    log.info("node {}: lease claimed (the ledger database is reachable)", nodeId);
                } catch (DuplicateNodeIdException e) {
                    log.error(
                            "node {}: {} This node stops applying shares; they stay in its journal.",
                            nodeId,
                            e.getMessage());
                    conflictListener.accept(e.getMessage());
                }
            } else if (!store.renewLease(nodeId, instanceId, clock.getAsLong(), leaseMillis)) {
                held = false;
                leader = false;
                refused = true;
                conflicts.increment();
                String reason = "node " + nodeId + ": another instance holds this node id now (this instance's lease"
                        + " ran out while it could not reach the ledger database)";
                log.error("{}; this node stops applying shares; they stay in its journal", reason);
                conflictListener.accept(reason);
            }
            electLeader();
            duplicatesRefused = store.nodeEvents(nodeId, startedMillis).stream()
                    .filter(e -> e.kind().equals(NodeEvent.DUPLICATE_REFUSED)
                            && !e.instanceId().equals(instanceId))
                    .count();
        } catch (SQLException | RuntimeException e) {
            leader = false; // cannot tell: another node may lead now
            log.debug("node lease heartbeat failed (ledger database unreachable?): {}", e.toString());
        }
    }

    /** Stops heartbeating; with {@code release}, gives the node id up (a clean stop). */
    public void close(boolean release) {
        stopping = true;
        LockSupport.unpark(thread);
        if (thread.isAlive()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (release && held) {
            try {
                store.releaseLease(nodeId, instanceId, clock.getAsLong());
                held = false;
            } catch (SQLException | RuntimeException e) {
                log.warn("node {}: lease not released ({}); it runs out by itself", nodeId, e.toString());
            }
        }
    }

    @Override
    public void close() {
        close(true);
    }
}
