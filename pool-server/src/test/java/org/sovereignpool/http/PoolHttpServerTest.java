package org.sovereignpool.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.HttpConfig;
import org.sovereignpool.operator.HashrateWindow;

/** The server on its own, with a status source that can fail: error statuses, admin without a token, static files. */
class PoolHttpServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<PoolHttpServer> servers = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();

    /** Answers from fixed values; the ledger-backed calls fail like a database that is down. */
    private final class DownLedger implements PoolStatus {
        boolean healthy;

        @Override
        public Object summary() throws SQLException {
            throw new SQLException("Connection refused");
        }

        @Override
        public List<?> operators() {
            return List.of(Map.of("id", "demo"));
        }

        @Override
        public Optional<?> operator(String operatorId) {
            return operatorId.equals("demo") ? Optional.of(Map.of("id", "demo")) : Optional.empty();
        }

        @Override
        public Optional<List<?>> operatorHistory(String operatorId) {
            return Optional.empty();
        }

        @Override
        public List<?> hashrateHistory(String operatorId, HashrateWindow window) {
            return List.of();
        }

        @Override
        public List<?> blocks(int limit) throws SQLException {
            throw new SQLException("Connection refused");
        }

        @Override
        public Object treasury(int limit) throws SQLException {
            throw new SQLException("Connection refused");
        }

        @Override
        public Optional<?> statement(String operatorId, long fromMillis, long toMillis) {
            return Optional.empty();
        }

        @Override
        public Health health() {
            return new Health(healthy, Map.of("job", healthy ? "ok" : "stale: 300 s old"));
        }

        @Override
        public List<?> workers() {
            return List.of();
        }

        @Override
        public int showMessage(String text) {
            messages.add(text);
            return 0;
        }
    }

    /** A status source whose ledger is down (for tests of other routes). */
    PoolStatus quietStatus() {
        return new DownLedger();
    }

    private String start(Optional<String> token, PoolStatus status, PrometheusMeterRegistry registry) throws Exception {
        PoolHttpServer server =
                new PoolHttpServer(new HttpConfig("127.0.0.1", 8080, token), registry, status, Clock.systemUTC());
        servers.add(server);
        InetSocketAddress a = server.start(new InetSocketAddress("127.0.0.1", 0));
        return "http://127.0.0.1:" + a.getPort();
    }

    @AfterEach
    void close() {
        servers.forEach(PoolHttpServer::close);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    @Test
    void aDatabaseOutageIs503WithTheReasonAndOtherEndpointsStillAnswer() throws Exception {
        String base = start(Optional.empty(), new DownLedger(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        HttpResponse<String> r = get(base + "/api/v1/summary");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("unavailable: Connection refused");
        assertThat(get(base + "/api/v1/blocks").statusCode()).isEqualTo(503);
        assertThat(get(base + "/api/v1/operators").statusCode()).isEqualTo(200);
    }

    @Test
    void healthIs503WhenUnhealthy() throws Exception {
        DownLedger status = new DownLedger();
        String base = start(Optional.empty(), status, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        HttpResponse<String> sick = get(base + "/api/v1/health");
        assertThat(sick.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(sick.body()).at("/checks/job").asText()).isEqualTo("stale: 300 s old");
        status.healthy = true;
        assertThat(get(base + "/api/v1/health").statusCode()).isEqualTo(200);
    }

    @Test
    void withoutAConfiguredTokenAdminIsAlways401() throws Exception {
        String base = start(Optional.empty(), new DownLedger(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/message"))
                .header("Authorization", "Bearer anything-at-all-here")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}")));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("no http.adminToken configured");
        assertThat(messages).isEmpty();
    }

    @Test
    void anOversizedBodyIs413AndNothingIsSent() throws Exception {
        String token = "a-token-of-enough-length";
        String base =
                start(Optional.of(token), new DownLedger(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        String big = "{\"text\":\"" + "x".repeat(PoolHttpServer.MAX_BODY_BYTES) + "\"}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/message"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(big)));
        assertThat(r.statusCode()).isEqualTo(413);
        HttpResponse<String> tooLong = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/message"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + "y".repeat(513) + "\"}")));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(messages).isEmpty();
        HttpResponse<String> ok = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/message"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"back at 23:00\"}")));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(messages).containsExactly("back at 23:00");
    }

    @Test
    void servesTheDashboardAndChartJsFromTheJarAndNothingElse() throws Exception {
        String base = start(Optional.empty(), new DownLedger(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        HttpResponse<String> index = get(base + "/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(index.body()).contains("/webjars/chart.js/4.4.1/dist/chart.umd.js");
        HttpResponse<String> chart = get(base + "/webjars/chart.js/4.4.1/dist/chart.umd.js");
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(chart.body()).contains("Chart");
        assertThat(get(base + "/dashboard/dashboard.js").statusCode()).isEqualTo(200);
        assertThat(get(base + "/dashboard/nothing.js").statusCode()).isEqualTo(404);
        assertThat(get(base + "/db/migration/V1__ledger.sql").statusCode()).isEqualTo(404);
        assertThat(get(base + "/webjars/../db/migration/V1__ledger.sql").statusCode())
                .isEqualTo(404);
        assertThat(get(base + "/dashboard/%2e%2e/logback.xml").statusCode()).isEqualTo(404);
    }

    @Test
    void metricsServesTheRegistry() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("blocks.found").register(registry).increment(3);
        String base = start(Optional.empty(), new DownLedger(), registry);
        HttpResponse<String> r = get(base + "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("blocks_found_total 3.0");
    }
}
