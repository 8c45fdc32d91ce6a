package org.sovereignpool.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.HttpConfig;
import org.sovereignpool.stratum.StratumAdmin;
import org.sovereignpool.stratum.limit.AddressKey;
import org.sovereignpool.stratum.limit.Ban;

/** The admin routes for bans and set_extranonce: bearer token, methods, 404 for what is not banned, 400 for junk. */
class AdminStratumApiTest {
    private static final String TOKEN = "a-token-of-enough-length";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Ban> bans = new ArrayList<>(List.of(
            new Ban("203.0.113.9", "invalid_share: 500 within 600 s", 1_000, 601_000),
            new Ban("2001:db8:0:1::/64", "malformed_line: 50 within 600 s", 2_000, 602_000)));
    private final List<String> lifted = new ArrayList<>();
    private PoolHttpServer server;
    private String base;

    /** Keeps bans in a list, as a console over the database would. */
    private final StratumAdmin admin = new StratumAdmin() {
        @Override
        public List<Ban> bans() {
            return List.copyOf(bans);
        }

        @Override
        public boolean liftBan(String address) {
            String key = AddressKey.format(AddressKey.parse(address));
            lifted.add(key);
            return bans.removeIf(b -> b.address().equals(key));
        }

        @Override
        public int changeExtranonce() {
            return 7;
        }
    };

    @BeforeEach
    void start() throws Exception {
        server = new PoolHttpServer(
                new HttpConfig("127.0.0.1", 8080, Optional.of(TOKEN)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new PoolHttpServerTest().quietStatus(),
                Clock.systemUTC(),
                admin);
        InetSocketAddress a = server.start(new InetSocketAddress("127.0.0.1", 0));
        base = "http://127.0.0.1:" + a.getPort() + "/api/v1/admin/";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (withToken) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bansAreListedAndLiftedWithTheToken() throws Exception {
        assertThat(send("GET", "bans", false).statusCode()).isEqualTo(401);
        HttpResponse<String> list = send("GET", "bans", true);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(list.body());
        assertThat(body.get(0).get("address").asText()).isEqualTo("203.0.113.9");
        assertThat(body.get(0).get("reason").asText()).isEqualTo("invalid_share: 500 within 600 s");
        assertThat(body.get(0).get("untilMillis").asLong()).isEqualTo(601_000);

        assertThat(send("DELETE", "bans/203.0.113.9", false).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "bans/203.0.113.9", true).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "bans/203.0.113.9", true).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "bans/2001:db8:0:1:abcd::7", true).statusCode())
                .as("any address of a banned /64")
                .isEqualTo(200);
        assertThat(bans).isEmpty();
        HttpResponse<String> junk = send("DELETE", "bans/example.com", true);
        assertThat(junk.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(junk.body()).get("error").asText()).isEqualTo("not an IP address: \"example.com\"");
        assertThat(send("POST", "bans", true).statusCode()).isEqualTo(405);
        assertThat(lifted).containsExactly("203.0.113.9", "203.0.113.9", "2001:db8:0:1::/64");
    }

    @Test
    void setExtranonceIsAPostThatSaysHowManyGotIt() throws Exception {
        assertThat(send("POST", "extranonce", false).statusCode()).isEqualTo(401);
        assertThat(send("GET", "extranonce", true).statusCode()).isEqualTo(405);
        HttpResponse<String> r = send("POST", "extranonce", true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("connections").asInt()).isEqualTo(7);
    }
}
