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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.app.PoolRuntime;
import org.sovereignpool.config.CurtailmentOrderConfig;
import org.sovereignpool.config.EnergyConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.testing.pool.TestConfigs;

/**
 * The energy admin and public routes on a running pool (no miners): meter readings as JSON and as CSV, BTC prices,
 * the report as JSON and CSV; bad input gets 400 naming the field (or line), no token 401, a wrong method 405; an
 * order from the configuration is recorded at start with {@code recordedVia: config}.
 */
class EnergyApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "demo-admin-token-not-secret";

    @Test
    void meterReadingsPricesAndReportsThroughTheApi(@TempDir Path dir) throws Exception {
        PoolConfig demo = TestConfigs.h2Node(0, dir);
        Instant start = Instant.now().plusSeconds(3600);
        EnergyConfig energy = new EnergyConfig(
                Optional.of(45.0),
                "USD",
                10,
                List.of(new CurtailmentOrderConfig("gridco-118", "volta", 60, start, 90, false, "GRIDCo dispatch")));
        PoolConfig config = new PoolConfig(
                demo.network(),
                demo.treasury(),
                demo.pool(),
                demo.stratum(),
                demo.difficulty(),
                demo.nodes(),
                demo.ledger(),
                demo.http(),
                demo.operators(),
                demo.payout(),
                demo.power(),
                energy);
        Clock clock = Clock.systemUTC();
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(1_000_000, Duration.ofHours(1), 3), clock);
        try (PoolRuntime pool =
                PoolRuntime.start(config, registry -> chain, clock, TestConfigs.options(config, 0.001))) {
            String base = "http://127.0.0.1:" + pool.httpAddress().getPort();
            HttpClient http = HttpClient.newHttpClient();
            long now = clock.millis();
            long h0 = Math.floorDiv(now, 3_600_000L) * 3_600_000L - 2 * 3_600_000L;

            HttpResponse<String> json = send(
                    http,
                    base,
                    "POST",
                    "/api/v1/admin/meter-readings",
                    "application/json",
                    "{\"readings\":[{\"operator\":\"volta\",\"site\":\"kpong-2\",\"time\":" + h0
                            + ",\"cumulativeMwh\":100},"
                            + "{\"operator\":\"volta\",\"site\":\"kpong-2\",\"time\":\""
                            + Instant.ofEpochMilli(h0 + 3_600_000L)
                            + "\",\"cumulativeMwh\":117.5}]}",
                    true);
            assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
            assertThat(JSON.readTree(json.body()).get("recorded").asInt()).isEqualTo(2);

            HttpResponse<String> csv = send(
                    http,
                    base,
                    "POST",
                    "/api/v1/admin/meter-readings",
                    "text/csv",
                    "operator,site,time,cumulativeMwh\nvolta,kpong-2," + (h0 + 7_200_000L) + ",135\n",
                    true);
            assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);

            HttpResponse<String> backwards = send(
                    http,
                    base,
                    "POST",
                    "/api/v1/admin/meter-readings",
                    "text/csv",
                    "operator,site,time,cumulativeMwh\nvolta,kpong-2," + (h0 + 7_300_000L) + ",134\n",
                    true);
            assertThat(backwards.statusCode()).isEqualTo(400);
            assertThat(error(backwards)).startsWith("line 2: cumulativeMwh: 134.0 is below the previous reading 135.0");
            assertThat(error(send(
                            http,
                            base,
                            "POST",
                            "/api/v1/admin/meter-readings",
                            "application/json",
                            "{\"operator\":\"volta\",\"site\":\"nowhere\",\"time\":0,\"cumulativeMwh\":1}",
                            true)))
                    .startsWith("site: \"nowhere\" is not a site of operator volta");
            assertThat(send(http, base, "POST", "/api/v1/admin/meter-readings", "text/csv", "x", false)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(send(http, base, "GET", "/api/v1/admin/meter-readings", null, null, true)
                            .statusCode())
                    .isEqualTo(405);

            assertThat(send(
                                    http,
                                    base,
                                    "POST",
                                    "/api/v1/admin/btc-price",
                                    "application/json",
                                    "{\"price\": 60000, \"time\": " + h0 + "}",
                                    true)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(error(send(
                            http,
                            base,
                            "POST",
                            "/api/v1/admin/btc-price",
                            "application/json",
                            "{\"price\": -1}",
                            true)))
                    .startsWith("price: required, a number > 0");
            assertThat(error(send(
                            http,
                            base,
                            "POST",
                            "/api/v1/admin/btc-price",
                            "application/json",
                            "{\"price\": 1, \"currency\": \"EUR\"}",
                            true)))
                    .isEqualTo("currency: must be the configured energy.currency USD, got \"EUR\"");

            JsonNode report = JSON.readTree(send(
                            http,
                            base,
                            "GET",
                            "/api/v1/energy?granularity=hour&operator=volta&site=kpong-2&from=" + h0 + "&to="
                                    + (h0 + 7_200_000L),
                            null,
                            null,
                            false)
                    .body());
            assertThat(report.get("currency").asText()).isEqualTo("USD");
            assertThat(report.get("tariffPerMwh").asDouble()).isEqualTo(45.0);
            JsonNode rows = report.get("rows");
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).get("meteredMwh").asDouble()).isEqualTo(17.5);
            assertThat(rows.get(1).get("meteredMwh").asDouble()).isEqualTo(17.5);
            assertThat(rows.get(0).get("powerValue").asDouble()).isEqualTo(17.5 * 45);
            assertThat(rows.get(0).get("btcPrice").asDouble()).isEqualTo(60000.0);
            assertThat(rows.get(0).get("realisedJPerTh").isNull())
                    .as("no hashes in those hours")
                    .isTrue();
            assertThat(send(http, base, "GET", "/api/v1/energy.csv?granularity=hour&from=" + h0, null, null, false)
                            .body())
                    .contains("volta,kpong-2," + Instant.ofEpochMilli(h0) + ",hour,0,");
            assertThat(error(send(http, base, "GET", "/api/v1/energy?from=yesterday", null, null, false)))
                    .startsWith("from: must be Unix milliseconds or an ISO-8601 UTC time");
            assertThat(error(send(http, base, "GET", "/api/v1/energy?operator=acme", null, null, false)))
                    .isEqualTo("operator: no registered operator \"acme\"");

            // the configuration's order is recorded at start, once
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> send(http, base, "GET", "/api/v1/curtailments", null, null, false)
                            .body()
                            .contains("gridco-118"));
            JsonNode order = JSON.readTree(send(http, base, "GET", "/api/v1/curtailments", null, null, false)
                            .body())
                    .at("/orders/0");
            assertThat(order.at("/order/recordedVia").asText()).isEqualTo("config");
            assertThat(order.at("/order/issuedBy").asText()).isEqualTo("GRIDCo dispatch");
            assertThat(order.get("start").asText())
                    .isEqualTo(Instant.ofEpochMilli(start.toEpochMilli()).toString());
            assertThat(order.get("active").asBoolean()).isFalse();
            HttpResponse<String> dup = send(
                    http,
                    base,
                    "POST",
                    "/api/v1/admin/curtailments",
                    "application/json",
                    "{\"id\":\"gridco-118\",\"operator\":\"all\",\"limitMw\":1,\"durationMinutes\":5,\"issuedBy\":\"x\"}",
                    true);
            assertThat(dup.statusCode()).isEqualTo(409);
            assertThat(error(dup)).isEqualTo("id: an order gridco-118 is recorded already");
        }
    }

    private static String error(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
        return JSON.readTree(r.body()).get("error").asText();
    }

    private static HttpResponse<String> send(
            HttpClient http, String base, String method, String path, String type, String body, boolean admin)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (admin) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
