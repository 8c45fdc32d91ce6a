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
