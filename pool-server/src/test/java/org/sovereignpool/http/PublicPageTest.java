package org.sovereignpool.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public transparency page ({@code /public}, {@code GET /api/v1/public}) on a running pool that found blocks: no
 * login, no worker or network-address field or value anywhere in the JSON, the receipts and totals the same as the
 * treasury API's, every block's anchor verified against the coinbase the pool submitted, bitcoin per month summing to
 * what the treasury received, energy per month from the energy accounting; and the page in headless Chromium shows those figures.
 */
class PublicPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        return JSON.readTree(r.body());
    }

    /** Every field name in the tree, at any depth. */
    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isObject()) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                out.add(f);
                out.addAll(fieldNames(n.get(f)));
            }
        } else if (n.isArray()) {
            n.forEach(c -> out.addAll(fieldNames(c)));
        }
        return out;
    }

    @Test
    void theJsonNamesNoWorkerAndNoNetworkAddressAndNeedsNoLogin() throws Exception {
        HttpResponse<String> r = running.get("/api/v1/public?limit=1000"); // no Authorization header
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.at("/receipts").size()).isPositive();
        // no field, at any depth, is about a worker, a finder or a machine's address (by camel-case word)
        java.util.Set<String> forbidden =
                java.util.Set.of("ip", "worker", "workers", "finder", "host", "remote", "peer", "user", "connection");
        assertThat(fieldNames(p))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(java.util.Arrays.stream(f.split("(?=[A-Z])"))
                                .map(w -> w.toLowerCase(Locale.ROOT))
                                .toList())
                        .as(f)
                        .doesNotContainAnyElementsOf(forbidden));
        assertThat(r.body()).doesNotContainPattern("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b");
        // the workers that mined (demo.sim-1..3, demo.watcher) and the address they came from appear nowhere
        assertThat(r.body())
                .doesNotContain("sim-1")
                .doesNotContain("sim-2")
                .doesNotContain("sim-3")
                .doesNotContain("watcher")
                .doesNotContain("127.0.0.1")
                .doesNotContain("localhost");
        // the admin API, by contrast, has worker names and wants the token
        assertThat(running.get("/api/v1/admin/workers").statusCode()).isEqualTo(401);
    }

    @Test
    void receiptsTotalsAnchorsAndMonthsAgreeWithTheLedger() throws Exception {
        JsonNode p = json("/api/v1/public?limit=1000");
        JsonNode t = json("/api/v1/treasury?limit=1000");
        JsonNode receipts = p.get("receipts");
        assertThat(receipts.size()).isEqualTo(t.get("receipts").size());
        for (int i = 0; i < receipts.size(); i++) {
            JsonNode a = receipts.get(i);
            JsonNode b = t.get("receipts").get(i);
            assertThat(a.get("id").asLong()).isEqualTo(b.get("id").asLong());
            assertThat(a.get("blockHash").asText()).isEqualTo(b.get("blockHash").asText());
            assertThat(a.get("height").asInt()).isEqualTo(b.get("height").asInt());
            assertThat(a.get("entryHash").asText()).isEqualTo(b.get("entryHash").asText());
            assertThat(a.get("paidTo").asText()).isEqualTo("bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c");
            assertThat(a.get("treasuryIndex").asLong()).isEqualTo(-1); // a fixed treasury address
        }
        assertThat(p.at("/receiptHead/lastHash").asText())
                .isEqualTo(t.at("/head/lastHash").asText());
        assertThat(p.at("/programme/receivedSats").asLong())
                .isEqualTo(t.at("/totals/receivedSats").asLong())
                .isPositive();
        assertThat(p.at("/programme/blocksFound").asLong()).isPositive();
        assertThat(p.at("/programme/operators").asInt()).isEqualTo(4);
        assertThat(p.at("/treasury/kind").asText()).isEqualTo("address");

        long monthly = 0;
        for (JsonNode m : p.get("months")) {
            monthly += m.get("sats").asLong();
            assertThat(m.get("month").asText()).matches("\\d{4}-\\d{2}");
        }
        assertThat(monthly).isEqualTo(p.at("/programme/receivedSats").asLong());
        assertThat(p.at("/energy/status").asText()).isEqualTo("available");
        // each month's energy is the energy report's day rows of that month added up (metered, else estimated);
        // the accumulator may write between the two reads, so they are read until they agree; the report's default
        // period (the last 7 days) holds all of this pool's energy: it is minutes old
        running.pool.energy().accumulator().runOnce(); // the shares applied so far, not a minute from now
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Double> fromReport = new TreeMap<>();
            for (JsonNode row : json("/api/v1/energy?granularity=day").get("rows")) {
                JsonNode metered = row.get("meteredMwh");
                double mwh = metered.isNull() ? row.get("estimatedMwh").asDouble() : metered.asDouble();
                fromReport.merge(row.get("periodStart").asText().substring(0, 7), mwh, Double::sum);
            }
            Map<String, Double> onPage = new TreeMap<>();
            for (JsonNode m : json("/api/v1/public?limit=1000").get("months")) {
                if (!m.get("energyMwh").isNull()) {
                    onPage.put(m.get("month").asText(), m.get("energyMwh").asDouble());
                }
            }
            assertThat(fromReport)
                    .as("energy integrated from the applied shares")
                    .isNotEmpty();
            assertThat(onPage).isEqualTo(fromReport);
        });

        // every block found has an anchor (the receipt head when its job was built) that verifies
        JsonNode anchors = p.get("anchors");
        assertThat(anchors.size()).isEqualTo(p.at("/programme/blocksFound").asInt());
        for (JsonNode a : anchors) {
            assertThat(a.get("verified").isBoolean()).as(a.toString()).isTrue();
            assertThat(a.get("verified").asBoolean()).as(a.toString()).isTrue();
            assertThat(a.get("receiptId").asLong()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void thePageIsServedWithoutLoginUnderTheSameContentSecurityPolicy() throws Exception {
        HttpResponse<String> r = running.get("/public");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("content-security-policy")).hasValue(ApiHandler.CONTENT_SECURITY_POLICY);
        assertThat(r.body()).contains("/public/public.js");
        assertThat(running.get("/public/public.js").statusCode()).isEqualTo(200);
    }

    @Test
    void thePageInAHeadlessBrowserShowsTheApisFigures(@TempDir Path profile) throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install chromium)");
        HeadlessChromium browser = new HeadlessChromium(chromium.get(), profile);
        HeadlessChromium.Result dom = browser.dumpDom(running.base + "/public");
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("public-dom.html"), dom.stdout());
        assertThat(HeadlessChromium.consoleErrors(dom.stderr()))
                .as("console errors")
                .isEmpty();
        Document page = Document.of(dom.stdout());
        assertThat(page.bodyAttribute("data-loaded")).isEqualTo("true");
        assertThat(page.bodyAttribute("data-js-errors")).as("script errors").isNull();
        JsonNode p = json("/api/v1/public?limit=100");
        assertThat(page.value("received"))
                .isEqualTo(p.at("/programme/receivedSats").asText());
        assertThat(page.value("blocks-found"))
                .isEqualTo(p.at("/programme/blocksFound").asText());
        assertThat(page.value("head-id")).isEqualTo(p.at("/receiptHead/lastId").asText());
        assertThat(page.attribute("energy-note", "data-status")).isEqualTo("available");
        assertThat(page.count("<tr data-receipt=")).isEqualTo(p.get("receipts").size());
        assertThat(page.count("data-verified=\"true\""))
                .isEqualTo(p.get("anchors").size());
        assertThat(dom.stdout()).doesNotContain("sim-1").doesNotContain("watcher");

        Path shot = target.resolve("public.png");
        Files.deleteIfExists(shot);
        HeadlessChromium.Result screenshot = browser.screenshot(running.base + "/public", shot);
        assertThat(shot).as(screenshot.stderr()).exists();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }
}
