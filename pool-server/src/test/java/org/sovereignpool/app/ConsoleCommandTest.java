package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.DemoConfig;
import picocli.CommandLine;

/** {@code sovereign-pool console}: what it refuses, and how it names the key. */
class ConsoleCommandTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void anEmbeddedH2LedgerIsRefusedNamingTheKey(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("demo.yaml");
        Files.writeString(config, DemoConfig.yaml());
        assertThat(run("console", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString())
                .contains("ledger.jdbcUrl")
                .contains("PostgreSQL")
                .contains("jdbc:h2:file:");
    }

    @Test
    void anInvalidConfigurationNamesItsKey(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, DemoConfig.yaml().replace("port: 8080", "port: 80800"));
        assertThat(run("console", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("http.port");
    }

    @Test
    void aPortOutOfRangeIsRefused(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("pg.yaml");
        Files.writeString(
                config,
                DemoConfig.yaml().replace("jdbc:h2:file:./data/demo/ledger", "jdbc:postgresql://127.0.0.1:5432/test"));
        assertThat(run("console", "--config", config.toString(), "--http-port", "70000"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--http-port must be 0..65535, got 70000");
    }
}
