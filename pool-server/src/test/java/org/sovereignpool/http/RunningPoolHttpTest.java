package org.sovereignpool.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.NodeAuth;
import org.sovereignpool.config.NodeConfig;
import org.sovereignpool.ledger.receipts.ReceiptChain;
import org.sovereignpool.node.BitcoindTemplateSource;
import org.sovereignpool.ops.OpsFiles;
import org.sovereignpool.testing.node.FakeBitcoind;

/** The API and /metrics against a running pool on the demo configuration. */
class RunningPoolHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TWO_32 = 4_294_967_296.0;

    @TempDir
    static Path dir;

    static RunningPool running;

    @BeforeAll
    static void start() throws Exception {
        running = new RunningPool(dir);
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> r = running.get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    private static double acceptedSharesCounted() {
        return running.pool.registry().find("stratum.shares").tag("result", "accepted").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    @Test
    void healthIsOkWithAFreshJob() throws Exception {
        JsonNode h = json("/api/v1/health");
        assertThat(h.get("status").asText()).isEqualTo("ok");
        assertThat(h.at("/checks/job").asText()).isEqualTo("ok");
        assertThat(h.at("/checks/ledgerDatabase").asText()).isEqualTo("ok");
        assertThat(h.at("/checks/connections").asInt()).isEqualTo(1);
    }

    @Test
    void summaryShowsThePool() throws Exception {
        JsonNode s = json("/api/v1/summary");
        assertThat(s.get("network").asText()).isEqualTo("regtest");
        assertThat(s.get("connections").asInt()).isEqualTo(1);
        assertThat(s.get("activeWorkers").asInt()).isEqualTo(RunningPool.MINERS);
        assertThat(s.at("/shares/accepted").asLong())
                .isEqualTo((long) acceptedSharesCounted())
                .isPositive();
        assertThat(s.at("/shares/accepted").asLong())
                .isEqualTo(running.pool.hashrate().poolShares());
        assertThat(s.at("/hashrate/m10").asDouble()).isPositive();
        assertThat(s.at("/job/height").asInt())
                .isEqualTo(running.pool.jobs().currentJob().height());
        int blocks = running.pool.status().blocks(1000).size();
        assertThat(s.at("/blocks/found").asInt()).isEqualTo(blocks).isPositive();
        long rewards = running.pool.status().blocks(1000).stream()
                .mapToLong(RuntimePoolStatus.BlockView::rewardSats)
                .sum();
        assertThat(s.at("/treasury/receivedSats").asLong()).isEqualTo(rewards).isPositive();
        assertThat(s.at("/power/programmeMw").asDouble()).isEqualTo(2000);
        assertThat(s.at("/power/allocatedMw").asDouble()).isEqualTo(5 + 350 + 220.5 + 410);
        assertThat(s.at("/power/state").asText()).isEqualTo("OK");
    }

    @Test
    void operatorsListsEveryRegisteredOperatorWithDrawFromHashrate() throws Exception {
        JsonNode ops = json("/api/v1/operators");
        List<String> ids = new ArrayList<>();
        ops.forEach(o -> ids.add(o.get("id").asText()));
        assertThat(ids).containsExactly("demo", "volta", "nordhash", "sahel-power");
        JsonNode demo = ops.get(0);
        assertThat(demo.get("allocationMw").asDouble()).isEqualTo(5);
        assertThat(demo.get("sites").get(0).asText()).isEqualTo("demo-lab");
        assertThat(demo.get("activeWorkers").asInt()).isEqualTo(RunningPool.MINERS);
        double rate = demo.at("/hashrate/m10").asDouble();
        assertThat(rate).isPositive();
        // draw = TH/s x 20 J/TH / 10^6 (computed from the same 10-minute rate at a slightly different instant)
        assertThat(demo.get("drawMw").asDouble()).isCloseTo(rate / 1e12 * 20 / 1e6, within(rate / 1e18 * 2));
        assertThat(demo.get("state").asText()).isEqualTo("ok");
        assertThat(ops.get(1).at("/hashrate/m10").asDouble()).isZero();
    }

    @Test
    void operatorDetailHasItsWorkersAndBlocks() throws Exception {
        JsonNode d = json("/api/v1/operators/demo");
        assertThat(d.at("/operator/id").asText()).isEqualTo("demo");
        List<String> workers = new ArrayList<>();
        d.get("workers").forEach(w -> workers.add(w.get("worker").asText()));
        assertThat(workers).containsExactly("sim-1", "sim-2", "sim-3");
        JsonNode w = d.get("workers").get(0);
        assertThat(w.get("shares").asLong()).isPositive();
        assertThat(w.get("efficiencyJPerTh").asDouble()).isEqualTo(20.0);
        assertThat(w.get("lastShareMillis").asLong()).isPositive();
        assertThat(d.get("blocks").size())
                .isEqualTo(running.pool.status().blocks(1000).size());

        HttpResponse<String> missing = running.get("/api/v1/operators/nobody");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("error").asText()).isEqualTo("no operator nobody");
    }

    @Test
    void operatorRegistryHistoryIsInTheLedgerDatabase() throws Exception {
        JsonNode h = json("/api/v1/operators/volta/history");
        assertThat(h.size()).isEqualTo(1);
        assertThat(h.get(0).get("version").asInt()).isEqualTo(1);
        assertThat(h.get(0).get("allocationMw").asDouble()).isEqualTo(350);
        assertThat(h.get(0).get("licence").asText()).isEqualTo("LIC-2026-0001");
        assertThat(h.get(0).get("sites").get(1).asText()).isEqualTo("kpong-2");
        assertThat(h.get(0).get("active").asBoolean()).isTrue();
        assertThat(running.get("/api/v1/operators/nobody/history").statusCode()).isEqualTo(404);
    }

    @Test
    void blocksAreNewestFirstWithStatusAndMaturity() throws Exception {
        JsonNode blocks = json("/api/v1/blocks?limit=5");
        assertThat(blocks.size()).isBetween(1, 5);
        JsonNode b = blocks.get(0);
        assertThat(b.get("hash").asText()).matches("[0-9a-f]{64}");
        assertThat(b.get("operator").asText()).isEqualTo("demo");
        assertThat(b.get("status").asText()).isIn("pending", "mature");
        assertThat(b.get("maturity").asInt()).isEqualTo(100);
        assertThat(b.get("rewardSats").asLong()).isPositive();
        for (int i = 1; i < blocks.size(); i++) {
            assertThat(blocks.get(i).get("foundMillis").asLong())
                    .isLessThanOrEqualTo(blocks.get(i - 1).get("foundMillis").asLong());
        }
        assertThat(running.get("/api/v1/blocks?limit=0").statusCode()).isEqualTo(400);
        assertThat(running.get("/api/v1/blocks?limit=abc").statusCode()).isEqualTo(400);
    }

    @Test
    void treasuryReceiptsFormAHashChainMatchingTheTotals() throws Exception {
        JsonNode t = json("/api/v1/treasury?limit=1000");
        assertThat(t.get("address").asText()).isEqualTo("bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c");
        JsonNode receipts = t.get("receipts");
        assertThat(receipts.size()).isEqualTo(t.at("/head/lastId").asInt()).isPositive();
        assertThat(receipts.get(0).get("entryHash").asText())
                .isEqualTo(t.at("/head/lastHash").asText());
        // newest first: each entry's prevHash is the next one's entryHash, down to the genesis
        for (int i = 0; i < receipts.size() - 1; i++) {
            assertThat(receipts.get(i).get("prevHash").asText())
                    .isEqualTo(receipts.get(i + 1).get("entryHash").asText());
        }
        assertThat(receipts.get(receipts.size() - 1).get("prevHash").asText()).isEqualTo(ReceiptChain.GENESIS_HASH);
        long found = 0;
        for (JsonNode r : receipts) {
            if (r.get("status").asText().equals("FOUND")) {
                found += r.get("amountSats").asLong();
            }
        }
        assertThat(t.at("/totals/receivedSats").asLong()).isEqualTo(found);
    }

    @Test
    void statementOfAnOperator() throws Exception {
        JsonNode st = json("/api/v1/operators/demo/statement");
        assertThat(st.get("operatorId").asText()).isEqualTo("demo");
        assertThat(st.get("totalShares").asLong()).isPositive();
        assertThat(st.get("blocks").size()).isPositive();
        assertThat(running.get("/api/v1/operators/demo/statement?from=10&to=5").statusCode())
                .isEqualTo(400);
        assertThat(running.get("/api/v1/operators/nobody/statement").statusCode())
                .isEqualTo(404);
    }

    @Test
    void hashrateHistoryHasOnePointPerBucket() throws Exception {
        JsonNode hour = json("/api/v1/hashrate?window=1h");
        assertThat(hour.size()).isEqualTo(60);
        double sum = 0;
        for (JsonNode p : hour) {
            sum += p.get("hashrate").asDouble();
        }
        assertThat(sum).isPositive();
        assertThat(json("/api/v1/hashrate?window=24h&operator=demo").size()).isEqualTo(96);
        assertThat(running.get("/api/v1/hashrate?window=5m").statusCode()).isEqualTo(400);
        assertThat(running.get("/api/v1/hashrate?operator=nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownPathsAndMethods() throws Exception {
        assertThat(running.get("/api/v1/nothing").statusCode()).isEqualTo(404);
        assertThat(running.get("/dashboard/../../etc/passwd").statusCode()).isEqualTo(404);
        assertThat(running.post("/api/v1/summary", "{}", Map.of()).statusCode()).isEqualTo(405);
    }

    @Test
    void adminEndpointsRefuseWithoutTheTokenAndWorkWithIt() throws Exception {
        HttpResponse<String> none = running.get("/api/v1/admin/workers");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer");
        assertThat(running.get("/api/v1/admin/workers", Map.of("Authorization", "Bearer wrong-token-wrong-token"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(running.get("/api/v1/admin/workers", Map.of("Authorization", RunningPool.TOKEN))
                        .statusCode())
                .as("no Bearer scheme")
                .isEqualTo(401);
        assertThat(running.post("/api/v1/admin/message", "{\"text\":\"hi\"}", Map.of())
                        .statusCode())
                .isEqualTo(401);

        Map<String, String> auth = Map.of("Authorization", "Bearer " + RunningPool.TOKEN);
        HttpResponse<String> workers = running.get("/api/v1/admin/workers", auth);
        assertThat(workers.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        JSON.readTree(workers.body())
                .forEach(w -> names.add(
                        w.get("operator").asText() + "." + w.get("worker").asText()));
        assertThat(names).containsExactly("demo.sim-1", "demo.sim-2", "demo.sim-3");

        HttpResponse<String> sent =
                running.post("/api/v1/admin/message", "{\"text\":\"maintenance at 23:00 UTC\"}", auth);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(JSON.readTree(sent.body()).get("connections").asInt()).isEqualTo(1);
        JsonNode message = running.watcher.notification("client.show_message");
        assertThat(message.get("params").get(0).asText()).isEqualTo("maintenance at 23:00 UTC");

        assertThat(running.post("/api/v1/admin/message", "{\"text\":\"  \"}", auth)
                        .statusCode())
                .isEqualTo(400);
        assertThat(running.post("/api/v1/admin/message", "not json", auth).statusCode())
                .isEqualTo(400);
        assertThat(running.get("/api/v1/admin/message", auth).statusCode()).isEqualTo(405);
    }

    /**
     * The alert rules and the Grafana dashboard use only metrics the pool exports: this running pool's scrape, plus
     * the node client's meters (a bitcoind source on the fake node: the demo's simulated chain has no RPC).
     */
    @Test
    void opsMonitoringFilesUseOnlyExportedMetrics() throws Exception {
        Set<String> exported =
                new HashSet<>(OpsFiles.sampleNames(running.get("/metrics").body()));
        PrometheusMeterRegistry nodeMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (FakeBitcoind node = new FakeBitcoind("pool", "secret");
                BitcoindTemplateSource source = BitcoindTemplateSource.fromConfig(
                        List.of(new NodeConfig(node.url(), new NodeAuth.Password("pool", "secret"), Optional.empty())),
                        Network.REGTEST,
                        BitcoindTemplateSource.Options.DEFAULT,
                        nodeMeters)) {
            source.template();
            exported.addAll(OpsFiles.sampleNames(nodeMeters.scrape()));
        }
        exported.addAll(OpsFiles.PROMETHEUS_BUILTINS);
        // counters registered at their first event (a failed template, an unavailable node): named in the code
        for (String[] lazy : new String[][] {
            {
                "job_template_failures_total",
                "main/java/org/sovereignpool/job/JobManager.java",
                "\"job.template.failures\""
            },
            {
                "node_unavailable_total",
                "main/java/org/sovereignpool/node/BitcoindTemplateSource.java",
                "\"node.unavailable\""
            }
        }) {
            assertThat(Files.readString(Path.of("src", lazy[1]))).contains(lazy[2]);
            exported.add(lazy[0]);
        }
        assertThat(exported).contains("node_healthy", "node_rpc_latency_seconds_count");
        for (JsonNode rule : OpsFiles.alertRules()) {
            assertThat(OpsFiles.metricNames(rule.get("expr").asText()))
                    .as(rule.get("alert").asText())
                    .isSubsetOf(exported);
        }
        for (String expr : OpsFiles.grafanaExpressions()) {
            assertThat(OpsFiles.metricNames(expr)).as(expr).isSubsetOf(exported);
        }
    }

    /**
     * The dashboard in Debian's chromium, headless: the page loads without console or script errors, the chart has
     * data and painted pixels, and the numbers on the page are the API's. Screenshot: target/dashboard.png.
     */
    @Test
    void dashboardInAHeadlessBrowserShowsTheApisNumbers(@TempDir Path profile) throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install chromium)");
        HeadlessChromium browser = new HeadlessChromium(chromium.get(), profile);
        String url = running.base + "/";

        HeadlessChromium.Result dom = browser.dumpDom(url);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("dashboard-dom.html"), dom.stdout());
        Files.writeString(target.resolve("dashboard-chromium.log"), dom.stderr());
        assertThat(HeadlessChromium.consoleErrors(dom.stderr()))
                .as("console errors")
                .isEmpty();
        Document page = Document.of(dom.stdout());
        assertThat(page.bodyAttribute("data-loaded")).isEqualTo("true");
        assertThat(page.bodyAttribute("data-js-errors")).as("script errors").isNull();
        assertThat(page.attribute("error", "hidden"))
                .as("the page shows no fetch error")
                .isNotNull();
        assertThat(Integer.parseInt(page.attribute("hashrate-chart", "data-points")))
                .isPositive();
        assertThat(Integer.parseInt(page.attribute("hashrate-chart", "data-painted")))
                .isGreaterThan(50);

        JsonNode s = json("/api/v1/summary");
        assertThat(page.value("connections")).isEqualTo(s.get("connections").asText());
        assertThat(page.value("active-workers"))
                .isEqualTo(s.get("activeWorkers").asText());
        assertThat(page.value("shares-accepted"))
                .isEqualTo(s.at("/shares/accepted").asText());
        assertThat(page.value("shares-rejected"))
                .isEqualTo(s.at("/shares/rejected").asText());
        assertThat(page.value("blocks-found")).isEqualTo(s.at("/blocks/found").asText());
        assertThat(page.value("treasury-received"))
                .isEqualTo(s.at("/treasury/receivedSats").asText());
        assertThat(page.value("height")).isEqualTo(s.at("/job/height").asText());
        assertThat(Double.parseDouble(page.value("programme-budget"))).isEqualTo(2000);
        double apiRate = s.at("/hashrate/m10").asDouble();
        assertThat(Double.parseDouble(page.value("pool-hashrate"))).isCloseTo(apiRate, within(apiRate * 0.2));
        JsonNode ops = json("/api/v1/operators");
        assertThat(page.operatorRows()).containsExactly("demo", "volta", "nordhash", "sahel-power");
        assertThat(page.count("<tr data-hash="))
                .isEqualTo(Math.min(20, s.at("/blocks/found").asInt()));
        assertThat(ops.get(0).get("id").asText()).isEqualTo("demo");

        Path shot = target.resolve("dashboard.png");
        Files.deleteIfExists(shot);
        HeadlessChromium.Result screenshot = browser.screenshot(url, shot);
        assertThat(shot).as(screenshot.stderr()).exists();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? ([-+0-9.eEINaf]+)( [0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {}

    static List<Sample> parseMetrics(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a sample line: " + line).isTrue();
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return out;
    }

    private static List<Sample> series(List<Sample> all, String name) {
        return all.stream().filter(s -> s.name().equals(name)).toList();
    }

    @Test
    void metricsAreScrapedAndParsedWithTheExpectedLabels() throws Exception {
        HttpResponse<String> r = running.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        List<Sample> all = parseMetrics(r.body());

        assertThat(series(all, "stratum_connections"))
                .singleElement()
                .extracting(Sample::value)
                .isEqualTo(1.0);
        assertThat(series(all, "stratum_shares_total"))
                .anySatisfy(s -> {
                    assertThat(s.labels()).containsEntry("result", "accepted");
                    assertThat(s.value()).isPositive();
                })
                .allSatisfy(s -> assertThat(s.labels()).containsKeys("result", "reason"));
        for (String name :
                List.of("pool_hashrate", "operator_power_mw", "operator_allocation_mw", "operator_power_state")) {
            assertThat(series(all, name))
                    .as(name)
                    .extracting(s -> s.labels().get("operator"))
                    .containsExactlyInAnyOrder("demo", "volta", "nordhash", "sahel-power");
        }
        assertThat(series(all, "pool_hashrate"))
                .filteredOn(s -> s.labels().get("operator").equals("demo"))
                .singleElement()
                .satisfies(s -> assertThat(s.value()).isPositive());
        assertThat(series(all, "operator_allocation_mw"))
                .filteredOn(s -> s.labels().get("operator").equals("nordhash"))
                .singleElement()
                .extracting(Sample::value)
                .isEqualTo(220.5);
        int blocks = running.pool.status().blocks(1000).size();
        assertThat(series(all, "blocks_found_total"))
                .singleElement()
                .extracting(Sample::value)
                .isEqualTo((double) blocks);
        assertThat(series(all, "blocks_accepted_total"))
                .singleElement()
                .extracting(Sample::value)
                .isEqualTo((double) blocks);
        assertThat(series(all, "blocks_orphaned_total"))
                .singleElement()
                .extracting(Sample::value)
                .isEqualTo(0.0);
        assertThat(series(all, "block_submitted_total"))
                .anySatisfy(s -> assertThat(s.labels()).containsEntry("result", "accepted"));
        assertThat(series(all, "job_last_age_seconds"))
                .singleElement()
                .satisfies(s -> assertThat(s.value()).isBetween(0.0, 120.0));
        assertThat(series(all, "programme_budget_mw"))
                .singleElement()
                .extracting(Sample::value)
                .isEqualTo(2000.0);
        for (String name : List.of(
                "ledger_journal_lag",
                "ledger_database_up",
                "job_templates_total",
                "jvm_memory_used_bytes",
                "jvm_threads_live_threads",
                "process_uptime_seconds",
                "system_cpu_count")) {
            assertThat(series(all, name)).as(name).isNotEmpty();
        }
        assertThat(all)
                .as("no per-worker label anywhere")
                .allSatisfy(s -> assertThat(s.labels()).doesNotContainKey("worker"));
        // the hashrate gauge and the API agree (Σ difficulty × 2^32 / s over 10 minutes)
        double api = json("/api/v1/operators").get(0).at("/hashrate/m10").asDouble();
        double scraped = series(all, "pool_hashrate").stream()
                .filter(s -> s.labels().get("operator").equals("demo"))
                .findFirst()
                .orElseThrow()
                .value();
        assertThat(scraped).isCloseTo(api, within(api * 0.2));
        assertThat(api).isGreaterThan(TWO_32 * 1e-4 / 600);
    }
}
