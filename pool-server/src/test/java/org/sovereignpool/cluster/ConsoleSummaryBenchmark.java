package org.sovereignpool.cluster;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.sovereignpool.config.ConfigLoader;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.operator.HashrateTracker;
import org.sovereignpool.operator.OperatorRegistry;
import org.sovereignpool.operator.PowerMonitor;

/**
 * BENCHMARKS.md, "Cluster console": not a unit test (nothing asserts a speed); run it by hand:
 *
 * <pre>{@code
 * ./mvnw -B -q -pl pool-server -am test-compile
 * cd pool-server && java -cp "target/test-classes:target/classes:$(cat target/test-cp.txt)" \
 *     org.sovereignpool.cluster.ConsoleSummaryBenchmark 570000 6
 * }</pre>
 *
 * <p>In a fresh PostgreSQL schema (database {@code test}, dropped at the end) it generates, with {@code
 * generate_series}: {@code workers} workers' rows in {@code share_agg} (one 10-s aggregate per worker in the last 10
 * minutes, spread over {@code nodes} nodes and the demo configuration's four operators), the nodes' {@code
 * node_status} and {@code node_operator_status} rows and leases, and 1,000 found blocks. Then it times, after a
 * warm-up: the console's summary (in process, and as {@code GET /api/v1/summary} over HTTP), nodes, operators, the 1 h
 * hashrate chart and the admin workers list (both of which read {@code share_agg}). Finally one node's status write:
 * its figures taken from a hashrate tracker with 100,000 workers, and the {@code node_status} write.
 */
public final class ConsoleSummaryBenchmark {
    private ConsoleSummaryBenchmark() {}

    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 570_000;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        String schema = LedgerTestDatabases.freshSchema("consolebench");
        String url = LedgerTestDatabases.PG_URL + "?currentSchema=" + schema;
        PoolConfig config = ConfigLoader.parse(
                DemoConfig.yaml()
                        .replace("jdbc:h2:file:./data/demo/ledger", url)
                        .replace("user: sa", "user: " + LedgerTestDatabases.PG_USER),
                "bench.yaml");
        List<String> operators =
                config.operators().stream().map(OperatorConfig::id).toList();
        long now = System.currentTimeMillis();
        try {
            JdbcLedgerStore.open(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "", schema)
                    .close();
            long t0 = System.nanoTime();
            generate(schema, workers, nodes, operators, now);
            System.out.printf(
                    "generated %,d workers' share_agg rows, %d nodes, 1,000 blocks in %.1f s%n",
                    workers, nodes, (System.nanoTime() - t0) / 1e9);
            try (ClusterConsole console =
                    ClusterConsole.start(config, new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC())) {
                ClusterPoolStatus status = console.status();
                time("summary() in process", 500, status::summary);
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest get = HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + console.httpAddress().getPort() + "/api/v1/summary"))
                        .build();
                time("GET /api/v1/summary over HTTP", 500, () -> {
                    HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(r.body());
                    }
                    return r.body();
                });
                time("nodes()", 500, status::nodes);
                time("operators()", 500, status::operators);
                time(
                        "hashrate chart 1 h, uncached (sums share_agg)",
                        20,
                        () -> status.store().hashrateHistory(null, System.currentTimeMillis(), 60, 60_000));
                time("workers() (admin; reads share_agg)", 5, status::workers);
            }
            statusWrite(config, schema, nodes);
        } finally {
            LedgerTestDatabases.dropSchema(schema);
        }
    }

    private static void generate(String schema, int workers, int nodes, List<String> operators, long now)
            throws Exception {
        try (Connection c = DriverManager.getConnection(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "");
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            String ops = "(ARRAY['" + String.join("','", operators) + "'])";
            // one aggregate per worker, in the last 10 minutes; difficulty 65,536 per share, 1..4 shares
            s.execute("INSERT INTO share_agg (node_id, first_seq, last_seq, operator_id, worker, bucket_start_millis,"
                    + " share_count, sum_difficulty, best_difficulty, first_millis, last_millis, max_height,"
                    + " block_candidates) SELECT g % " + nodes + ", g, g, " + ops + "[1 + g % " + operators.size()
                    + "], 'rig' || g, " + now + " - 10000 - (g % 59) * 10000, 1 + g % 4, 65536.0 * (1 + g % 4),"
                    + " 65536.0, " + now + " - 10000 - (g % 59) * 10000, " + now + " - (g % 59) * 10000, 900000, 0"
                    + " FROM generate_series(1, " + workers + ") g");
            s.execute(
                    "INSERT INTO found_block (hash, height, finder_operator, finder_worker, found_millis, reward_sats,"
                            + " network_difficulty, node_id, credit_after_seq, submit_results, status, confirmations,"
                            + " credited, updated_millis) SELECT lpad(to_hex(g), 64, '0'), 899000 + g, " + ops
                            + "[1 + g % "
                            + operators.size() + "], 'rig' || g, " + now + " - g * 600000, 312500000, 1e14, g % "
                            + nodes
                            + ", 0, '{}', CASE WHEN g > 100 THEN 'MATURE' WHEN g % 50 = 0 THEN 'ORPHANED' ELSE 'PENDING'"
                            + " END, g, TRUE, " + now + " FROM generate_series(1, 1000) g");
            s.execute("ANALYZE");
        }
        JdbcLedgerStore ledger =
                JdbcLedgerStore.open(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "", schema);
        try (ledger) {
            ClusterStore store = new ClusterStore(ledger.dataSource(), ledger::ensureMigrated);
            int perNode = workers / nodes;
            for (int n = 0; n < nodes; n++) {
                List<NodeStatus.OperatorFigures> figures = operators.stream()
                        .map(o -> new NodeStatus.OperatorFigures(
                                o, 3.5e17 / nodes / 4, 3.4e17 / nodes / 4, perNode / 4, 400.0 / nodes / 4))
                        .toList();
                store.writeStatus(new NodeStatus(
                        n,
                        "instance-" + n,
                        "pool-" + n + " pid 1",
                        NodeFigures.VERSION,
                        List.of("10.0." + n + ".1:3333"),
                        "10.0." + n + ".1:8080",
                        perNode,
                        perNode,
                        perNode,
                        3.5e17 / nodes,
                        3.4e17 / nodes,
                        1_000_000L * n,
                        1_000L * n,
                        900_001,
                        "00000000000000000001" + "0".repeat(44),
                        now - 60_000,
                        true,
                        "2/2 bitcoind nodes healthy",
                        10_000_000,
                        3,
                        false,
                        now - 3_600_000,
                        now,
                        figures));
                try (Connection c = ledger.dataSource().getConnection();
                        PreparedStatement ps =
                                c.prepareStatement("INSERT INTO node_lease VALUES (?, ?, ?, ?, ?, ?," + " FALSE)")) {
                    ps.setInt(1, n);
                    ps.setString(2, "instance-" + n);
                    ps.setString(3, "pool-" + n + " pid 1");
                    ps.setLong(4, now - 3_600_000);
                    ps.setLong(5, now);
                    ps.setLong(6, now + 3_600_000); // the benchmark runs well within the hour
                    ps.executeUpdate();
                }
            }
        }
    }

    /** One node's status write with 100,000 workers tracked: taking the figures, then writing them. */
    private static void statusWrite(PoolConfig config, String schema, int nodes) throws Exception {
        long now = System.currentTimeMillis();
        HashrateTracker tracker = new HashrateTracker(now - 3_600_000);
        List<OperatorConfig> ops = config.operators();
        for (int w = 0; w < 100_000; w++) {
            tracker.record(new WorkerName(ops.get(w % ops.size()).id(), "rig" + w), 65536, now - (w % 600) * 1000L);
        }
        PowerMonitor power = new PowerMonitor(
                OperatorRegistry.fromConfig(config), config.power(), tracker, System::currentTimeMillis);
        NodeFigures figures = new NodeFigures(
                new NodeFigures.Identity(nodes, "bench", "bench pid 1", List.of("10.0.9.1:3333"), "10.0.9.1:8080"),
                () -> 100_000,
                power,
                ops,
                () -> 1,
                () -> 0,
                new SimpleMeterRegistry(),
                System::currentTimeMillis);
        time("node: take its figures (100,000 workers tracked)", 50, figures::get);
        try (JdbcLedgerStore ledger =
                JdbcLedgerStore.open(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "", schema)) {
            ClusterStore store = new ClusterStore(ledger.dataSource(), ledger::ensureMigrated);
            NodeStatus s = figures.get();
            time("node: write node_status (+4 operator rows)", 200, () -> {
                store.writeStatus(s);
                return null;
            });
        }
    }

    private static void time(String what, int runs, Callable<?> call) throws Exception {
        for (int i = 0; i < Math.max(5, runs / 5); i++) {
            call.call(); // warm-up
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            call.call();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(
                "%-52s runs %4d  median %8.2f ms  p99 %8.2f ms  max %8.2f ms%n",
                what, runs, ms[runs / 2], ms[Math.min(runs - 1, (int) (runs * 0.99))], ms[runs - 1]);
    }
}
