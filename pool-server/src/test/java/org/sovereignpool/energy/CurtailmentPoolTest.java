package org.sovereignpool.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.app.PoolRuntime;
import org.sovereignpool.config.DifficultyConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.VardiffConfig;
import org.sovereignpool.energy.curtailment.CurtailmentMonitor;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.operator.HashrateWindow;
import org.sovereignpool.operator.Power;
import org.sovereignpool.ops.OpsFiles;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.testing.pool.TestConfigs;

/**
 * Curtailment orders on a running pool with simulated miners, issued through the admin API. The monitor's "minute"
 * is shortened to 10 s here ({@link CurtailmentMonitor.Options}; production: 60 s), so the alert's 5 minutes over the
 * limit take ~50 s; durations of orders stay in real minutes.
 *
 * <ul>
 *   <li>demo is ordered to 0 MW without enforcement: its minutes are over the limit, the alert's metric {@code
 *       curtailment_over_limit_minutes{operator="demo"}} reaches the rule's threshold, and the export lists them.
 *   <li>volta (4 workers) is ordered to 2.5 workers' draw with enforcement: its newest workers are withheld, and its
 *       estimated draw (the order's latest recorded minute) falls under the limit within 2 minutes; when the order
 *       ends they are restored and get work again.
 * </ul>
 */
class CurtailmentPoolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RATE = 150_000; // hashes per second per miner
    private static final double DIFFICULTY = 0.00002; // ~1.7 shares a second per miner
    private static final String TOKEN = "demo-admin-token-not-secret";

    @Test
    void overLimitMinutesRaiseTheAlertAndEnforcementBringsTheDrawUnderTheLimit(@TempDir Path dir) throws Exception {
        PoolConfig demo = TestConfigs.h2Node(0, dir);
        DifficultyConfig fixed = new DifficultyConfig(DIFFICULTY, DIFFICULTY, 1e12, new VardiffConfig(false, 18, 30));
        PoolConfig config = new PoolConfig(
                demo.network(),
                demo.treasury(),
                demo.pool(),
                demo.stratum(),
                fixed,
                demo.nodes(),
                demo.ledger(),
                demo.http(),
                demo.operators(),
                demo.payout(),
                demo.power(),
                demo.energy());
        assertThat(config.http().adminToken()).contains(TOKEN);
        Clock clock = Clock.systemUTC();
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(6 * RATE, Duration.ofHours(1), 7), clock);
        EnergyService.Options energyOptions =
                new EnergyService.Options(2_000, new CurtailmentMonitor.Options(10_000, 1_500, 500));
        List<SimMiner> miners = new ArrayList<>();
        try (PoolRuntime pool = PoolRuntime.start(
                config, registry -> chain, clock, TestConfigs.options(config, DIFFICULTY), energyOptions)) {
            int port = pool.stratumAddresses().get(0).getPort();
            String base = "http://127.0.0.1:" + pool.httpAddress().getPort();
            List<String> users = List.of("demo.a", "demo.b", "volta.w1", "volta.w2", "volta.w3", "volta.w4");
            for (String user : users) { // one after another: the start order decides who is newest
                SimMiner m = SimMiner.start(
                        SimMiner.Options.of("127.0.0.1", port, user).withHashesPerSecond(RATE), Sha256s::fastest, null);
                miners.add(m);
                await().atMost(Duration.ofSeconds(30)).until(() -> m.stats().accepted() >= 1);
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> miners.stream().allMatch(m -> m.stats().accepted() >= 8));

            // 2.5 times a volta worker's estimated draw (what this machine gives them), so two of four must stop
            long now = clock.millis();
            double perWorker = 0;
            for (int i = 1; i <= 4; i++) {
                perWorker += Power.drawMw(
                                pool.hashrate()
                                        .workerHashrate(
                                                new WorkerName("volta", "w" + i), HashrateWindow.ONE_MINUTE, now),
                                17.5)
                        / 4;
            }
            double limit = 2.5 * perWorker;
            HttpClient http = HttpClient.newHttpClient();

            // a bad order is refused with the field named, and nothing is recorded
            HttpResponse<String> bad = post(
                    http,
                    base,
                    "/api/v1/admin/curtailments",
                    "{\"operator\":\"volta\",\"limitMw\":-1,\"durationMinutes\":5,\"issuedBy\":\"x\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).get("error").asText()).startsWith("limitMw: must be a number >= 0");
            assertThat(post(
                                    http,
                                    base,
                                    "/api/v1/admin/curtailments",
                                    "{\"operator\":\"nobody\",\"limitMw\":1,\"durationMinutes\":5,\"issuedBy\":\"x\"}")
                            .body())
                    .contains("operator: must be a registered operator id");
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/curtailments"))
                                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("no admin token")
                    .isEqualTo(401);

            HttpResponse<String> a = post(
                    http,
                    base,
                    "/api/v1/admin/curtailments",
                    "{\"id\":\"grid-a\",\"operator\":\"demo\",\"limitMw\":0,\"durationMinutes\":3,\"enforce\":false,"
                            + "\"issuedBy\":\"GRIDCo dispatch, test order A\"}");
            assertThat(a.statusCode()).as(a.body()).isEqualTo(201);
            long bIssued = System.nanoTime();
            HttpResponse<String> b = post(
                    http,
                    base,
                    "/api/v1/admin/curtailments",
                    "{\"id\":\"grid-b\",\"operator\":\"volta\",\"limitMw\":" + limit + ",\"durationMinutes\":1,"
                            + "\"enforce\":true,\"issuedBy\":\"GRIDCo dispatch, test order B\"}");
            assertThat(b.statusCode()).as(b.body()).isEqualTo(201);
            assertThat(JSON.readTree(b.body()).at("/recorded/order/issuedBy").asText())
                    .isEqualTo("GRIDCo dispatch, test order B");

            // enforcement: the newest workers are withheld and the recorded draw falls under the limit within 2 min
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        CurtailmentMonitor.State s = pool.energy().monitor().state("volta");
                        return s.active()
                                && pool.energy().store().minutes("grid-b").size() >= 2
                                && s.drawMw() < limit;
                    });
            Duration underAfter = Duration.ofNanos(System.nanoTime() - bIssued);
            assertThat(underAfter).isLessThan(Duration.ofMinutes(2));
            System.out.println(
                    "volta's recorded draw under the limit " + underAfter.toMillis() + " ms after the order");
            List<String> withheld = pool.energy().enforcer().withheld().stream()
                    .map(WorkerName::toString)
                    .sorted()
                    .toList();
            assertThat(withheld)
                    .as("withheld newest first")
                    .isNotEmpty()
                    .isSubsetOf("volta.w2", "volta.w3", "volta.w4")
                    .contains("volta.w4");
            long withheldAccepted = miners.get(5).stats().accepted();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> miners.get(5).stats().rejectedByCode().getOrDefault(21, 0L) > 0);
            assertThat(scrape(http, base, "curtailment_withheld_workers", "volta"))
                    .isEqualTo(withheld.size());

            // order A: the alert's metric reaches the rule's number of minutes over the limit
            int threshold = alertThreshold();
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> scrape(http, base, "curtailment_over_limit_minutes", "demo") >= threshold);
            JsonNode orders = JSON.readTree(
                            get(http, base, "/api/v1/curtailments").body())
                    .get("orders");
            JsonNode orderA = null;
            for (JsonNode o : orders) {
                if (o.at("/order/id").asText().equals("grid-a")) {
                    orderA = o;
                }
            }
            assertThat(orderA).isNotNull();
            assertThat(orderA.get("minutesOver").asInt()).isGreaterThanOrEqualTo(threshold);
            assertThat(orderA.get("overMwh").asDouble()).isPositive();
            assertThat(orderA.at("/order/issuedBy").asText()).isEqualTo("GRIDCo dispatch, test order A");
            String csv = get(http, base, "/api/v1/curtailments.csv").body();
            assertThat(csv)
                    .startsWith("order_id,operator,issued_by,enforce,minute_start,")
                    .contains("grid-a,demo,\"GRIDCo dispatch, test order A\",false,")
                    .contains("grid-b,volta,");

            // order B ends after its minute: everyone is restored and the withheld miner gets work again
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> pool.energy().enforcer().withheld().isEmpty());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> miners.get(5).stats().accepted() > withheldAccepted + 2);

            // energy accounting saw the shares: estimated MWh per operator and site today
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode rows = JSON.readTree(get(http, base, "/api/v1/energy?granularity=hour")
                                .body())
                        .get("rows");
                for (JsonNode r : rows) {
                    if (r.get("operatorId").asText().equals("volta")
                            && r.get("estimatedMwh").asDouble() > 0) {
                        return true;
                    }
                }
                return false;
            });
            assertThat(get(http, base, "/api/v1/energy?granularity=week").body())
                    .contains("granularity must be hour or day");
        } finally {
            miners.forEach(SimMiner::close);
        }
    }

    /** N in the rule {@code curtailment_over_limit_minutes >= N} of OperatorOverCurtailmentLimit. */
    static int alertThreshold() throws Exception {
        for (JsonNode rule : OpsFiles.alertRules()) {
            if (rule.get("alert").asText().equals("OperatorOverCurtailmentLimit")) {
                Matcher m = Pattern.compile("curtailment_over_limit_minutes\\s*>=\\s*(\\d+)")
                        .matcher(rule.get("expr").asText());
                assertThat(m.find()).as(rule.get("expr").asText()).isTrue();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no OperatorOverCurtailmentLimit rule in " + OpsFiles.ALERTS);
    }

    static double scrape(HttpClient http, String base, String metric, String operator) throws Exception {
        String body = get(http, base, "/metrics").body();
        Pattern p = Pattern.compile(
                "^" + metric + "\\{[^}]*operator=\"" + Pattern.quote(operator) + "\"[^}]*\\} (\\S+)$",
                Pattern.MULTILINE);
        Matcher m = p.matcher(body);
        return m.find() ? Double.parseDouble(m.group(1).toLowerCase(Locale.ROOT)) : Double.NaN;
    }

    static HttpResponse<String> get(HttpClient http, String base, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(HttpClient http, String base, String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
