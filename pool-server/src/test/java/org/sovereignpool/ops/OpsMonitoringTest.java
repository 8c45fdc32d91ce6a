package org.sovereignpool.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus rules, scrape config, Grafana dashboard, runbook and OpenAPI file parse and agree with each other.
 * That they use only metrics the pool exports is checked against a running pool in {@code RunningPoolHttpTest}.
 */
class OpsMonitoringTest {

    @Test
    void theParserFindsMetricNamesOnly() {
        assertThat(OpsFiles.metricNames(
                        "sum by (instance) (rate(stratum_shares_total{result=\"rejected\"}[10m])) / clamp_min(sum"
                                + " by (instance) (rate(stratum_shares_total[10m])), 1e-9) > 0.05"))
                .containsExactly("stratum_shares_total");
        assertThat(OpsFiles.metricNames("up{job=\"sovereign-pool\"} == 0 and on(instance) node_healthy"))
                .containsExactly("up", "node_healthy");
        assertThat(OpsFiles.metricNames("max(job_last_age_seconds{instance=~\"$instance\"}) offset 5m"))
                .containsExactly("job_last_age_seconds");
    }

    @Test
    void everyAlertHasAnExpressionSeverityAndARunbookSection() throws IOException {
        String runbook = Files.readString(OpsFiles.RUNBOOK);
        List<String> names = new ArrayList<>();
        for (JsonNode rule : OpsFiles.alertRules()) {
            String name = rule.get("alert").asText();
            names.add(name);
            assertThat(rule.get("expr").asText()).as(name).isNotBlank();
            assertThat(OpsFiles.metricNames(rule.get("expr").asText())).as(name).isNotEmpty();
            assertThat(rule.at("/labels/severity").asText()).as(name).isIn("warning", "critical");
            assertThat(rule.at("/annotations/summary").asText()).as(name).isNotBlank();
            String link = rule.at("/annotations/runbook").asText();
            assertThat(link).as(name).startsWith("ops/runbook.md#");
            String anchor = link.substring(link.indexOf('#') + 1);
            assertThat(runbook.lines().map(l -> l.toLowerCase(Locale.ROOT)))
                    .as(name + " runbook section")
                    .contains("## " + anchor);
        }
        assertThat(names)
                .contains(
                        "NodeUnreachable",
                        "NoNewJob",
                        "BlockSubmitFailed",
                        "RejectRateHigh",
                        "OperatorOverAllocation",
                        "OperatorOverCurtailmentLimit",
                        "LedgerLag");
    }

    @Test
    void grafanaDashboardParsesWithUniquePanelIdsAndQueries() throws IOException {
        JsonNode d = OpsFiles.json(OpsFiles.GRAFANA);
        assertThat(d.get("uid").asText()).isEqualTo("sovereign-pool");
        List<Integer> ids = new ArrayList<>();
        for (JsonNode p : d.get("panels")) {
            ids.add(p.get("id").asInt());
            assertThat(p.get("targets")).as(p.get("title").asText()).isNotEmpty();
        }
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(10);
        assertThat(OpsFiles.grafanaExpressions())
                .allSatisfy(e -> assertThat(OpsFiles.metricNames(e)).as(e).isNotEmpty());
    }

    @Test
    void scrapeConfigLoadsTheRules() throws IOException {
        JsonNode p = OpsFiles.yaml(OpsFiles.PROMETHEUS);
        assertThat(p.get("rule_files").get(0).asText()).isEqualTo("alerts.yml");
        assertThat(p.at("/scrape_configs/0/metrics_path").asText()).isEqualTo("/metrics");
    }

    @Test
    void openApiDescribesEveryEndpoint() throws IOException {
        JsonNode api = OpsFiles.yaml(OpsFiles.OPENAPI);
        List<String> paths = new ArrayList<>();
        api.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths)
                .containsExactlyInAnyOrder(
                        "/api/v1/health",
                        "/api/v1/summary",
                        "/api/v1/operators",
                        "/api/v1/operators/{id}",
                        "/api/v1/operators/{id}/statement",
                        "/api/v1/operators/{id}/history",
                        "/api/v1/hashrate",
                        "/api/v1/blocks",
                        "/api/v1/treasury",
                        "/api/v1/admin/workers",
                        "/api/v1/admin/message",
                        "/api/v1/admin/bans",
                        "/api/v1/admin/bans/{address}",
                        "/api/v1/admin/extranonce",
                        "/api/v1/nodes",
                        "/api/v1/admin/nodes/{id}/drain",
                        "/api/v1/admin/commands",
                        "/api/v1/admin/audit",
                        "/api/v1/energy",
                        "/api/v1/energy.csv",
                        "/api/v1/curtailments",
                        "/api/v1/curtailments.csv",
                        "/api/v1/admin/meter-readings",
                        "/api/v1/admin/btc-price",
                        "/api/v1/admin/curtailments",
                        "/metrics");
    }

    /** promtool (Debian's prometheus package) checks the rules and config and runs the rules' unit tests. */
    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTests() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool is not installed (apt-get install prometheus)");
        promtool(promtool, "check", "rules", OpsFiles.ALERTS.toString());
        promtool(promtool, "check", "config", OpsFiles.PROMETHEUS.toString());
        promtool(promtool, "test", "rules", OpsFiles.ALERTS_TEST.toString());
    }

    private static void promtool(Path promtool, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    }
}
