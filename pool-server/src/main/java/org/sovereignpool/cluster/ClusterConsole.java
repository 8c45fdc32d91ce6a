package org.sovereignpool.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.http.PoolHttpServer;
import org.sovereignpool.ledger.store.DatabaseThreads;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.operator.OperatorHistory;

/**
 * The cluster console: no Stratum port, no journal; the dashboard, the JSON API and the admin steering for the whole
 * cluster from the database ({@link ClusterPoolStatus}), and {@code /metrics} with the cluster's gauges (refreshed
 * every 2 s from the database): {@code cluster_node_up{node}}, {@code cluster_node_behind_prevhash{node}}, {@code
 * cluster_node_connections{node}}, {@code cluster_node_hashrate{node}} (H/s, 10 min), {@code cluster_nodes_up}, {@code
 * cluster_nodes_down}, {@code cluster_hashrate{window}} (H/s), {@code cluster_connections}, {@code cluster_power_mw},
 * {@code cluster_database_up}.
 */
public final class ClusterConsole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterConsole.class);
    /** A node whose last status is older than this is down: three missed writes and some slack. */
    public static final long STALE_MILLIS = 3 * NodeStatusReporter.DEFAULT_PERIOD_MILLIS + 2_000;

    private static final long METRICS_PERIOD_MILLIS = 2_000;

    private final JdbcLedgerStore ledger;
    private final ClusterPoolStatus status;
    private final PrometheusMeterRegistry registry;
    private final PoolHttpServer http;
    private final InetSocketAddress httpAddress;
    private final ScheduledExecutorService refresher;
    /**
     * Each node's figures, read by gauges registered once per node (node rows are kept, never deleted). Gauges read
     * values set in place: re-registering rows (MultiGauge with overwrite) let a scrape during a refresh see a node's
     * old and new gauge together and fail on duplicate labels.
     */
    private final Map<Integer, NodeFigures> nodeFigures = new ConcurrentHashMap<>();

    private static final class NodeFigures {
        volatile double up;
        volatile double behind;
        volatile double connections;
        volatile double hashrate;
    }

    private volatile ClusterPoolStatus.ClusterSummary last;
    private volatile boolean databaseUp;

    private ClusterConsole(PoolConfig config, InetSocketAddress bind, Clock clock) throws Exception {
        var l = config.ledger();
        ledger = JdbcLedgerStore.openDeferred(l.jdbcUrl(), l.user(), l.password(), null);
        ClusterStore cluster = new ClusterStore(ledger.dataSource(), ledger::ensureMigrated);
        status = new ClusterPoolStatus(
                config, cluster, ledger, new OperatorHistory(ledger.dataSource()), clock, STALE_MILLIS);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (String window : List.of("1m", "10m")) {
            Gauge.builder(
                            "cluster.hashrate",
                            this,
                            c -> c.last == null
                                    ? Double.NaN
                                    : window.equals("1m")
                                            ? c.last.hashrate().m1()
                                            : c.last.hashrate().m10())
                    .description("the cluster's hashrate in H/s (live nodes summed)")
                    .tag("window", window)
                    .register(registry);
        }
        Gauge.builder(
                        "cluster.nodes.up",
                        this,
                        c -> c.last == null ? Double.NaN : c.last.nodes().up())
                .description("nodes up (writing their status, lease held)")
                .register(registry);
        Gauge.builder(
                        "cluster.nodes.down",
                        this,
                        c -> c.last == null ? Double.NaN : c.last.nodes().down())
                .description("nodes down or stopped (their rows are kept)")
                .register(registry);
        Gauge.builder("cluster.connections", this, c -> c.last == null ? Double.NaN : c.last.connections())
                .description("open Stratum connections on live nodes")
                .register(registry);
        Gauge.builder(
                        "cluster.power.mw",
                        this,
                        c -> c.last == null ? Double.NaN : c.last.power().drawMw())
                .description("estimated draw of the programme's miners in MW")
                .register(registry);
        Gauge.builder("cluster.database.up", this, c -> c.databaseUp ? 1 : 0)
                .description("1 while the console reads the database")
                .register(registry);
        refresher = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("console-metrics").daemon().unstarted(r));
        http = new PoolHttpServer(config.http(), registry, status, clock);
        try {
            httpAddress = http.start(bind);
        } catch (Exception | Error e) {
            http.close();
            ledger.close();
            throw e;
        }
        refresher.scheduleWithFixedDelay(this::refreshMetrics, 0, METRICS_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info(
                "cluster console: dashboard http://{}:{}/, ledger {}",
                httpAddress.getHostString(),
                httpAddress.getPort(),
                l.jdbcUrl());
    }

    /** Starts the console on {@code bind} (tests: port 0). */
    public static ClusterConsole start(PoolConfig config, InetSocketAddress bind, Clock clock) throws Exception {
        return new ClusterConsole(config, bind, clock);
    }

    /** Reads the cluster once and sets the gauges (the console's thread; a test may call it: one at a time). */
    public synchronized void refreshMetrics() {
        try {
            List<ClusterPoolStatus.NodeView> nodes = status.nodes();
            last = status.summary();
            databaseUp = true;
            for (ClusterPoolStatus.NodeView n : nodes) {
                NodeFigures f = nodeFigures.computeIfAbsent(n.nodeId(), this::registerNodeGauges);
                f.up = n.live() ? 1 : 0;
                f.behind = n.behindPrevhash() ? 1 : 0;
                f.connections = n.live() ? n.status().connections() : 0;
                f.hashrate = n.live() ? n.status().hashrate10m() : 0;
            }
        } catch (SQLException | RuntimeException e) {
            if (databaseUp) {
                LOG.warn("cluster console: cannot read the database: {}", e.toString());
            }
            databaseUp = false;
        }
    }

    private NodeFigures registerNodeGauges(int nodeId) {
        NodeFigures f = new NodeFigures();
        String node = Integer.toString(nodeId);
        Gauge.builder("cluster.node.up", f, x -> x.up)
                .description("1 while the node writes its status and holds its lease, 0 when down or stopped")
                .tag("node", node)
                .register(registry);
        Gauge.builder("cluster.node.behind.prevhash", f, x -> x.behind)
                .description("1 when a live node is on another prevhash than the cluster's newest for over 5 s")
                .tag("node", node)
                .register(registry);
        Gauge.builder("cluster.node.connections", f, x -> x.connections)
                .description("a live node's open Stratum connections")
                .tag("node", node)
                .register(registry);
        Gauge.builder("cluster.node.hashrate", f, x -> x.hashrate)
                .description("a live node's hashrate in H/s over 10 minutes")
                .tag("node", node)
                .register(registry);
        return f;
    }

    public ClusterPoolStatus status() {
        return status;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    @Override
    public void close() {
        DatabaseThreads.stop(refresher, 5_000);
        http.close();
        ledger.close();
        registry.close();
    }
}
