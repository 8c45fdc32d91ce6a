package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sovereignpool.config.DemoConfig;
import picocli.CommandLine;

class CheckConfigCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mainnet", "testnet4", "signet", "regtest"})
    void everyExampleConfigInOpsIsValid(String network) {
        Path file = Path.of("..", "ops", "config", network + ".yaml");
        assertThat(file).exists();
        assertThat(run("check-config", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains(": OK").contains("network   " + network);
    }

    @Test
    void theEdgeLimitsAreExplainedOneKeyALine() {
        assertThat(run(
                        "check-config",
                        Path.of("..", "ops", "config", "mainnet.yaml").toString()))
                .isZero();
        assertThat(out.toString())
                .contains(explained(
                        "stratum.maxConnectionsPerIp", "64 connections at once per address outside the sites"))
                .contains(explained(
                        "stratum.sites",
                        "akosombo-1 203.0.113.7/32: 20000 connections from the whole range; never banned"))
                .contains(explained("stratum.requestsPerSecond/requestBurst", "20 requests a second, bursts of 600"))
                .contains(explained(
                        "stratum.bans", "an address is banned for 600 s after, within 600 s, 500 invalid shares"))
                .contains(explained("http.headerTimeoutSeconds", "10 s for a request to arrive whole"));
        String limits = CheckConfigCommand.limits(DemoConfig.load(), 20_000);
        assertThat(limits)
                .contains(explained(
                        "stratum.maxConnections",
                        "0: as many as the file limit allows; in force here: 18976 (this process may open 20000"
                                + " files)"));
        for (String key : new String[] {
            "maxConnections",
            "reservedFileDescriptors",
            "maxConnectionsPerIp",
            "sites",
            "maxWorkersPerConnection",
            "requestsPerSecond",
            "writeBufferHighWaterMarkBytes",
            "maxOutboundBytes",
            "unwritableTimeoutSeconds",
            "bans"
        }) {
            assertThat(limits).contains("stratum." + key);
        }
    }

    private static String explained(String key, String text) {
        return String.format("    %-38s %s", key, text);
    }

    @Test
    void theDemoConfigIsValid() {
        assertThat(run("check-config", "--demo")).isZero();
        assertThat(out.toString()).contains("built-in demo configuration: OK").contains("demo ");
    }

    @Test
    void errorsNameTheKeyAndExitWith2(@TempDir Path dir) throws IOException {
        String demo;
        try (InputStream in = DemoConfig.class.getResourceAsStream(DemoConfig.RESOURCE)) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad, demo.replace("port: 3333", "port: 70000").replace("network: regtest", "netwrok: regtest"));
        assertThat(run("check-config", bad.toString())).isEqualTo(CheckConfigCommand.INVALID);
        assertThat(err.toString())
                .contains("stratum.listeners[0].port: must be 1..65535, got 70000")
                .contains("netwrok: unknown key; did you mean 'network'?");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThat(run("check-config", missing.toString())).isEqualTo(CheckConfigCommand.INVALID);
        assertThat(err.toString()).contains("nope.yaml");
    }
}
