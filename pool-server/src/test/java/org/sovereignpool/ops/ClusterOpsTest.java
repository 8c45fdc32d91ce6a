package org.sovereignpool.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.cluster.ClusterConsole;
import org.sovereignpool.cluster.ClusterStore;
import org.sovereignpool.cluster.NodeStatus;
import org.sovereignpool.config.ConfigLoader;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;

/**
 * The cluster's monitoring: the alert rules of cluster-alerts.yml use only metrics a running console exports, each
 * has a severity and a runbook section; Prometheus scrapes the nodes and the console and loads both rule files;
 * promtool accepts them and passes their unit tests (when installed).
 */
class ClusterOpsTest {
    static final Path CLUSTER_ALERTS = OpsFiles.OPS.resolve("prometheus/cluster-alerts.yml");
    static final Path CLUSTER_ALERTS_TEST = OpsFiles.OPS.resolve("prometheus/cluster-alerts.test.yml");

    static List<JsonNode> rules() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode group : OpsFiles.yaml(CLUSTER_ALERTS).get("groups")) {
            group.get("rules").forEach(out::add);
        }
        return out;
    }

    @Test
    void theClusterAlertsUseOnlyTheConsolesMetricsAndHaveRunbookSections(@TempDir Path dir) throws Exception {
        String url = LedgerTestDatabases.h2Url(dir) + ";AUTO_SERVER=TRUE";
        PoolConfig config =
                ConfigLoader.parse(DemoConfig.yaml().replace("jdbc:h2:file:./data/demo/ledger", url), "console.yaml");
        try (JdbcLedgerStore ledger = JdbcLedgerStore.open(url, "sa", "", null)) {
            new ClusterStore(ledger.dataSource(), ledger::ensureMigrated)
                    .writeStatus(new NodeStatus(
                            0,
                            "i",
                            "h",
                            "v",
                            List.of("127.0.0.1:3333"),
                            "127.0.0.1:8080",
                            1,
                            1,
                            1,
                            1e9,
                            1e9,
                            1,
                            0,
                            1,
                            "00",
                            System.currentTimeMillis(),
                            true,
                            "ok",
                            1,
                            0,
                            false,
                            System.currentTimeMillis(),
                            System.currentTimeMillis(),
                            List.of()));
        }
        Set<String> exported = new TreeSet<>();
        try (ClusterConsole console =
                ClusterConsole.start(config, new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC())) {
            console.refreshMetrics();
            exported.addAll(OpsFiles.sampleNames(console.registry().scrape()));
        }
        exported.addAll(OpsFiles.PROMETHEUS_BUILTINS);
        assertThat(exported)
                .contains(
                        "cluster_node_up",
                        "cluster_node_behind_prevhash",
                        "cluster_hashrate",
                        "cluster_nodes_up",
                        "cluster_node_connections");
        String runbook = Files.readString(OpsFiles.RUNBOOK);
        List<String> names = new ArrayList<>();
        for (JsonNode rule : rules()) {
            String name = rule.get("alert").asText();
            names.add(name);
            assertThat(OpsFiles.metricNames(rule.get("expr").asText()))
                    .as(name)
                    .isNotEmpty()
                    .isSubsetOf(exported);
            assertThat(rule.at("/labels/severity").asText()).as(name).isIn("warning", "critical");
            assertThat(rule.at("/annotations/summary").asText()).as(name).isNotBlank();
            String link = rule.at("/annotations/runbook").asText();
            assertThat(link).as(name).startsWith("ops/runbook.md#");
            assertThat(runbook.lines().map(l -> l.toLowerCase(Locale.ROOT)))
                    .as(name + " runbook section")
                    .contains("## " + link.substring(link.indexOf('#') + 1));
        }
        assertThat(names).containsExactly("NodeDown", "NodeBehindPrevhash", "ClusterHashrateDrop");
    }

    @Test
    void prometheusScrapesTheNodesAndTheConsoleAndLoadsBothRuleFiles() throws Exception {
        JsonNode p = OpsFiles.yaml(OpsFiles.PROMETHEUS);
        List<String> rules = new ArrayList<>();
        p.get("rule_files").forEach(r -> rules.add(r.asText()));
        assertThat(rules).containsExactly("alerts.yml", "cluster-alerts.yml");
        List<String> jobs = new ArrayList<>();
        p.get("scrape_configs").forEach(j -> jobs.add(j.get("job_name").asText()));
        assertThat(jobs).containsExactly("sovereign-pool", "sovereign-pool-console");
    }

    @Test
    void promtoolAcceptsTheClusterRulesAndTheirUnitTests() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool is not installed (apt-get install prometheus)");
        promtool(promtool, "check", "rules", CLUSTER_ALERTS.toString());
        promtool(promtool, "test", "rules", CLUSTER_ALERTS_TEST.toString());
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
