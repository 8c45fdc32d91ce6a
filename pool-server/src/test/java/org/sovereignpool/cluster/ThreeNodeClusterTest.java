package org.sovereignpool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.app.Main;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.http.HeadlessChromium;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.sim.miner.SimMiner;

/**
 * Acceptance (issue 13): three pool nodes and a console, each its own JVM, on one PostgreSQL database (a fresh schema),
 * two simulated miners on each node. The console's totals equal the sum of the nodes' own {@code /api/v1/summary}
 * figures and, exactly, the {@code node_status} rows; a drain moves a node's miners to the least loaded other node; a
 * broadcast reaches every miner; a node killed with SIGKILL shows down within 15 s and its miners, reconnecting, are
 * served by the others; the dashboard in headless Chromium (when installed) shows the nodes panel.
 */
class ThreeNodeClusterTest {
    private static final String TOKEN = "demo-admin-token-not-secret"; // the demo configuration's
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NODES = 3;
    private static final int MINERS_PER_NODE = 2;
    private static final int SHARES_PER_MINER = 3;

    private final String schema = LedgerTestDatabases.freshSchema("cluster3");
    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
    private final List<SimMiner> miners = new CopyOnWriteArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws Exception {
        miners.forEach(SimMiner::close);
        for (ChildProcess c : children) {
            c.kill();
        }
        LedgerTestDatabases.dropSchema(schema);
    }

    private record Node(int id, ChildProcess process, int stratumPort, int httpPort) {}

    @Test
    void threeNodesAndAConsoleOnOnePostgresqlDatabase(@TempDir Path dir, @TempDir Path profile) throws Exception {
        long testStarted = System.nanoTime();
        // the schema and its migrations once, so that four processes do not race to create them
        JdbcLedgerStore.open(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "", schema)
                .close();
        String url = LedgerTestDatabases.PG_URL + "?currentSchema=" + schema;
        Path consoleConfig = dir.resolve("console.yaml");
        Files.writeString(
                consoleConfig,
                DemoConfig.yaml()
                        .replace("jdbc:h2:file:./data/demo/ledger", url)
                        .replace("user: sa", "user: " + LedgerTestDatabases.PG_USER)
                        .replace(
                                "./data/demo/journal",
                                dir.resolve("console-journal").toString()));
        ChildProcess consoleProcess = ChildProcess.start(
                Main.class.getName(),
                "console http ",
                "console",
                "--config",
                consoleConfig.toString(),
                "--http-port",
                "0");
        children.add(consoleProcess);
        List<ChildProcess> nodeProcesses = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ChildProcess p = ChildProcess.start(
                    ClusterNodeChild.class.getName(),
                    "READY ",
                    dir.resolve("node" + i).toString(),
                    url,
                    LedgerTestDatabases.PG_USER,
                    Integer.toString(i),
                    "6");
            children.add(p);
            nodeProcesses.add(p);
        }
        String console = "http://127.0.0.1:" + consoleProcess.awaitReady(90);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            String[] ports = nodeProcesses.get(i).awaitReady(90).split(" ");
            nodes.add(new Node(i, nodeProcesses.get(i), Integer.parseInt(ports[0]), Integer.parseInt(ports[1])));
        }
        System.out.printf("cluster test: 4 processes up in %d ms%n", (System.nanoTime() - testStarted) / 1_000_000);

        // ---- miners on each node; each stops mining after a few shares, so the figures settle
        Map<Integer, List<SimMiner>> byNode = new TreeMap<>();
        for (Node n : nodes) {
            for (int k = 0; k < MINERS_PER_NODE; k++) {
                SimMiner m = SimMiner.start(
                        SimMiner.Options.of("127.0.0.1", n.stratumPort(), "demo.n" + n.id() + "-" + k)
                                .withHashesPerSecond(400_000)
                                .withShareLimit(SHARES_PER_MINER),
                        Sha256s::fastest,
                        null);
                miners.add(m);
                byNode.computeIfAbsent(n.id(), x -> new ArrayList<>()).add(m);
            }
        }
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> miners.stream()
                        .allMatch(m -> m.stats().accepted() + m.stats().rejected() >= SHARES_PER_MINER));

        // the console's totals equal the sum of the nodes' own summaries once every node wrote its settled figures
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    JsonNode c = get(console + "/api/v1/summary");
                    long accepted = 0;
                    for (Node n : nodes) {
                        accepted += get(nodeUrl(n) + "/api/v1/summary")
                                .at("/shares/accepted")
                                .asLong();
                    }
                    return c.at("/shares/accepted").asLong() == accepted
                            && c.path("connections").asInt() == NODES * MINERS_PER_NODE
                            && c.path("authorizedWorkers").asInt() == NODES * MINERS_PER_NODE;
                });
        JsonNode cs = get(console + "/api/v1/summary");
        long accepted = 0;
        long rejected = 0;
        int connections = 0;
        int active = 0;
        double m10 = 0;
        for (Node n : nodes) {
            JsonNode s = get(nodeUrl(n) + "/api/v1/summary");
            accepted += s.at("/shares/accepted").asLong();
            rejected += s.at("/shares/rejected").asLong();
            connections += s.path("connections").asInt();
            active += s.path("activeWorkers").asInt();
            m10 += s.at("/hashrate/m10").asDouble();
            long minersAccepted = byNode.get(n.id()).stream()
                    .mapToLong(m -> m.stats().accepted())
                    .sum();
            assertThat(s.at("/shares/accepted").asLong())
                    .as("node %d's own count of its miners' accepted shares", n.id())
                    .isEqualTo(minersAccepted);
        }
        assertThat(cs.at("/shares/accepted").asLong()).isEqualTo(accepted);
        assertThat(cs.at("/shares/rejected").asLong()).isEqualTo(rejected);
        assertThat(cs.path("connections").asInt()).isEqualTo(connections);
        assertThat(cs.path("activeWorkers").asInt()).isEqualTo(active).isEqualTo(NODES * MINERS_PER_NODE);
        // hashrate moves with time: with every share in, a node's 10-min rate is its shares' work over its uptime
        // (under 10 min), so it only falls between its last status write (what the console summed) and our later
        // read of its own summary, by uptime / (uptime - <= 2.5 s): a missing node (-33 %) or a double count fails
        assertThat(cs.at("/hashrate/m10").asDouble()).isPositive().isBetween(m10, m10 * 1.5);
        assertThat(cs.at("/nodes/up").asInt()).isEqualTo(NODES);
        assertThat(cs.path("role").asText()).isEqualTo("console");

        // ---- the console's JSON is the database's rows, exactly (read inside a window where no node wrote)
        assertConsoleMatchesDatabase(console);

        // ---- steering: bad input is named
        assertThat(post(console + "/api/v1/admin/nodes/abc/drain", "", "ops").statusCode())
                .isEqualTo(400);
        assertThat(post(console + "/api/v1/admin/nodes/9/drain", "", "ops").statusCode())
                .isEqualTo(404);
        HttpResponse<String> noToken = http.send(
                HttpRequest.newBuilder(URI.create(console + "/api/v1/admin/nodes/0/drain"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        HttpResponse<String> badActor = post(console + "/api/v1/admin/nodes/0/drain", "", "x".repeat(65));
        assertThat(badActor.statusCode()).isEqualTo(400);
        assertThat(badActor.body()).contains("X-Admin-Actor");

        // ---- a drain moves node 0's miners to the least loaded other live node (all have 2: the lowest id, 1)
        HttpResponse<String> drain = post(console + "/api/v1/admin/nodes/0/drain", "", "ops-test");
        assertThat(drain.statusCode()).as(drain.body()).isEqualTo(200);
        JsonNode order = JSON.readTree(drain.body());
        assertThat(order.path("toNodeId").asInt()).isEqualTo(1);
        assertThat(order.path("to").asText())
                .isEqualTo("127.0.0.1:" + nodes.get(1).stratumPort());
        long drainedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Map<Integer, JsonNode> v = nodesById(console);
                    return byNode.get(0).stream()
                                    .allMatch(m -> m.stats().reconnects() >= 1
                                            && m.stats().authorized())
                            && v.get(0).at("/status/connections").asInt() == 0
                            && v.get(0).path("state").asText().equals("draining")
                            && v.get(1).at("/status/connections").asInt() == 2 * MINERS_PER_NODE;
                });
        System.out.printf(
                "cluster test: drain moved node 0's miners to node 1 in %d ms%n",
                (System.nanoTime() - drainedAt) / 1_000_000);
        JsonNode commands = get(console + "/api/v1/admin/commands?limit=10", true);
        JsonNode drainCommand = commands.get(0);
        assertThat(drainCommand.path("kind").asText()).isEqualTo("DRAIN");
        assertThat(drainCommand.path("doneMillis").isNull()).isFalse();
        assertThat(drainCommand.path("result").asText()).contains("client.reconnect to 127.0.0.1:");
        JsonNode audit = get(console + "/api/v1/admin/audit?limit=10", true).get(0);
        assertThat(audit.path("actor").asText()).isEqualTo("ops-test from 127.0.0.1");
        assertThat(audit.path("action").asText()).isEqualTo("drain");
        assertThat(audit.path("target").asText()).isEqualTo("node 0");

        // ---- a broadcast reaches every miner, on whichever node it is now; a ban lift goes to every live node
        HttpResponse<String> message =
                post(console + "/api/v1/admin/message", "{\"text\":\"maintenance at 02:00 UTC\"}", "ops-test");
        assertThat(message.statusCode()).as(message.body()).isEqualTo(200);
        assertThat(JSON.readTree(message.body()).path("nodes")).hasSize(NODES);
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> miners.stream()
                        .allMatch(
                                m -> "maintenance at 02:00 UTC".equals(m.stats().lastMessage())));
        HttpResponse<String> lift = http.send(
                HttpRequest.newBuilder(URI.create(console + "/api/v1/admin/bans/192.0.2.7"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(lift.statusCode()).as(lift.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    int done = 0;
                    for (JsonNode c : get(console + "/api/v1/admin/commands?limit=10", true)) {
                        if (c.path("kind").asText().equals("LIFT_BAN")
                                && c.path("result").asText().equals("not banned here")) {
                            done++;
                        }
                    }
                    return done == NODES;
                });

        // ---- SIGKILL node 2: down on the console within 15 s; its miners, reconnecting, are served by the others
        nodes.get(2).process().kill();
        long killedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> nodesById(console).get(2).path("state").asText().equals("down"));
        long downAfterMillis = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("cluster test: node 2 shown down %d ms after SIGKILL%n", downAfterMillis);
        JsonNode dead = nodesById(console).get(2);
        assertThat(dead.path("stateText").asText()).startsWith("down since ");
        assertThat(dead.path("live").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> byNode.get(2).stream().noneMatch(m -> m.stats().connected()));
        // where the console would send them: the least loaded live node that is not draining
        Optional<JsonNode> target = nodesById(console).values().stream()
                .filter(n -> n.path("state").asText().equals("up"))
                .min(java.util.Comparator.comparingInt(
                        n -> n.at("/status/connections").asInt()));
        assertThat(target).isPresent();
        String address = target.get().at("/status/stratumAddresses/0").asText();
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        List<SimMiner> moved = new ArrayList<>();
        for (int k = 0; k < MINERS_PER_NODE; k++) {
            SimMiner m = SimMiner.start(
                    SimMiner.Options.of("127.0.0.1", port, "demo.n2-" + k).withHashesPerSecond(400_000),
                    Sha256s::fastest,
                    null);
            miners.add(m);
            moved.add(m);
        }
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> moved.stream().allMatch(m -> m.stats().accepted() >= 1));
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    JsonNode s = get(console + "/api/v1/summary");
                    return s.at("/nodes/down").asInt() == 1
                            && s.at("/nodes/up").asInt() == NODES - 1
                            && s.path("connections").asInt() == NODES * MINERS_PER_NODE;
                });
        assertThat(post(console + "/api/v1/admin/nodes/2/drain", "", "ops").statusCode())
                .as("a down node cannot be drained")
                .isEqualTo(409);
        assertConsoleMatchesDatabase(console);

        // ---- the dashboard in headless Chromium shows the nodes panel (when chromium is installed)
        Optional<Path> chromium = HeadlessChromium.find();
        if (chromium.isPresent()) {
            HeadlessChromium.Result dom = new HeadlessChromium(chromium.get(), profile).dumpDom(console + "/");
            assertThat(HeadlessChromium.consoleErrors(dom.stderr()))
                    .as("console errors")
                    .isEmpty();
            String page = dom.stdout();
            Matcher panel =
                    Pattern.compile("<section[^>]*id=\"nodes-panel\"[^>]*>").matcher(page);
            assertThat(panel.find()).as("nodes panel").isTrue();
            assertThat(panel.group()).doesNotContain("hidden");
            assertThat(Pattern.compile("<tr[^>]*data-node=\"\\d+\"")
                            .matcher(page)
                            .results()
                            .count())
                    .isEqualTo(NODES);
            assertThat(page).containsPattern("<tr[^>]*data-node=\"2\"[^>]*data-state=\"down\"");
            assertThat(page).containsPattern("<tr[^>]*data-node=\"0\"[^>]*data-state=\"draining\"");
        } else {
            System.out.println("cluster test: chromium not installed, dashboard check not run");
        }
        System.out.printf("cluster test: %d ms in all%n", (System.nanoTime() - testStarted) / 1_000_000);
    }

    /**
     * The console's summary and nodes against the {@code node_status} rows read before and after it: when no node
     * wrote in between, the console's live totals are exactly the live rows' sums. Retries until such a window is seen.
     */
    private void assertConsoleMatchesDatabase(String console) throws Exception {
        try (Connection c = DriverManager.getConnection(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "");
                Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + schema);
            for (int attempt = 0; attempt < 50; attempt++) {
                List<Map<String, Object>> before = rows(st);
                JsonNode summary = get(console + "/api/v1/summary");
                JsonNode nodes = get(console + "/api/v1/nodes");
                List<Map<String, Object>> after = rows(st);
                if (!before.equals(after)) {
                    continue; // a node wrote meanwhile
                }
                int connections = 0;
                int authorized = 0;
                int active = 0;
                double m1 = 0;
                double m10 = 0;
                long accepted = 0;
                long rejected = 0;
                assertThat(nodes).hasSize(before.size());
                for (int i = 0; i < before.size(); i++) {
                    Map<String, Object> r = before.get(i);
                    JsonNode n = nodes.get(i);
                    JsonNode s = n.path("status");
                    assertThat(n.path("nodeId").asInt()).isEqualTo(r.get("node_id"));
                    assertThat(s.path("connections").asInt()).isEqualTo(r.get("connections"));
                    assertThat(s.path("hashrate10m").asDouble()).isEqualTo(r.get("hashrate_10m"));
                    assertThat(s.path("sharesAccepted").asLong()).isEqualTo(r.get("shares_accepted"));
                    assertThat(s.path("updatedMillis").asLong()).isEqualTo(r.get("updated_millis"));
                    assertThat(s.path("jobPrevhash").asText()).isEqualTo(r.get("job_prevhash"));
                    if (!n.path("live").asBoolean()) {
                        continue;
                    }
                    connections += (Integer) r.get("connections");
                    authorized += (Integer) r.get("authorized_workers");
                    active += (Integer) r.get("active_workers");
                    m1 += (Double) r.get("hashrate_1m");
                    m10 += (Double) r.get("hashrate_10m");
                    accepted += (Long) r.get("shares_accepted");
                    rejected += (Long) r.get("shares_rejected");
                }
                assertThat(summary.path("connections").asInt()).isEqualTo(connections);
                assertThat(summary.path("authorizedWorkers").asInt()).isEqualTo(authorized);
                assertThat(summary.path("activeWorkers").asInt()).isEqualTo(active);
                assertThat(summary.at("/hashrate/m1").asDouble()).isEqualTo(m1);
                assertThat(summary.at("/hashrate/m10").asDouble()).isEqualTo(m10);
                assertThat(summary.at("/shares/accepted").asLong()).isEqualTo(accepted);
                assertThat(summary.at("/shares/rejected").asLong()).isEqualTo(rejected);
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(SUM(reward_sats), 0) FROM found_block"
                        + " WHERE status <> 'ORPHANED'")) {
                    rs.next();
                    assertThat(summary.at("/blocks/found").asLong()).isEqualTo(rs.getLong(1));
                    assertThat(summary.at("/treasury/receivedSats").asLong()).isEqualTo(rs.getLong(2));
                }
                return;
            }
            throw new AssertionError("no quiet window between the nodes' status writes in 50 attempts");
        }
    }

    private static List<Map<String, Object>> rows(Statement st) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT node_id, connections, authorized_workers, active_workers,"
                + " hashrate_1m, hashrate_10m, shares_accepted, shares_rejected, job_prevhash, updated_millis"
                + " FROM node_status ORDER BY node_id")) {
            while (rs.next()) {
                Map<String, Object> r = new TreeMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    r.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                out.add(r);
            }
        }
        return out;
    }

    private static String nodeUrl(Node n) {
        return "http://127.0.0.1:" + n.httpPort();
    }

    private Map<Integer, JsonNode> nodesById(String console) throws Exception {
        Map<Integer, JsonNode> out = new TreeMap<>();
        for (JsonNode n : get(console + "/api/v1/nodes")) {
            out.put(n.path("nodeId").asInt(), n);
        }
        return out;
    }

    private JsonNode get(String url) throws Exception {
        return get(url, false);
    }

    private JsonNode get(String url, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (admin) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(url + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> post(String url, String body, String actor) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("X-Admin-Actor", actor)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
