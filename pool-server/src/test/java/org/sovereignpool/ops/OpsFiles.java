package org.sovereignpool.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The monitoring files under ops/ and the metric names their PromQL expressions use. */
public final class OpsFiles {
    public static final Path OPS = locate();
    public static final Path ALERTS = OPS.resolve("prometheus/alerts.yml");
    public static final Path ALERTS_TEST = OPS.resolve("prometheus/alerts.test.yml");
    public static final Path PROMETHEUS = OPS.resolve("prometheus/prometheus.yml");
    public static final Path GRAFANA = OPS.resolve("grafana/sovereign-pool.json");
    public static final Path RUNBOOK = OPS.resolve("runbook.md");
    public static final Path OPENAPI = OPS.resolve("openapi.yaml");

    /** Prometheus' own series, not the pool's. */
    public static final Set<String> PROMETHEUS_BUILTINS = Set.of("up");

    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "inf",
            "nan");
    private static final Pattern IDENT = Pattern.compile("(?<![0-9A-Za-z_:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    private OpsFiles() {}

    private static Path locate() {
        for (Path p : List.of(Path.of("ops"), Path.of("../ops"))) {
            if (Files.isDirectory(p.resolve("prometheus"))) {
                return p;
            }
        }
        throw new IllegalStateException("ops/ not found from " + Path.of("").toAbsolutePath());
    }

    public static JsonNode yaml(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    }

    public static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** Every alert rule of alerts.yml. */
    public static List<JsonNode> alertRules() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode group : yaml(ALERTS).get("groups")) {
            group.get("rules").forEach(out::add);
        }
        return out;
    }

    /** Every PromQL expression of the Grafana dashboard (panel targets and the variables' queries). */
    public static List<String> grafanaExpressions() throws IOException {
        JsonNode d = json(GRAFANA);
        List<String> out = new ArrayList<>();
        for (JsonNode panel : d.get("panels")) {
            for (JsonNode t : panel.path("targets")) {
                out.add(t.get("expr").asText());
            }
        }
        Pattern labelValues = Pattern.compile("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");
        for (JsonNode v : d.at("/templating/list")) {
            Matcher m = labelValues.matcher(v.path("query").asText());
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /**
     * The metric names a PromQL expression selects: identifiers that are not functions, keywords, label names in
     * matchers or grouping clauses, strings or durations.
     */
    public static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*\\}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            if (m.group(2) == null && !KEYWORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The sample names of a Prometheus text exposition. */
    public static Set<String> sampleNames(String exposition) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(line);
                if (m.find()) {
                    out.add(m.group());
                }
            }
        }
        return out;
    }
}
