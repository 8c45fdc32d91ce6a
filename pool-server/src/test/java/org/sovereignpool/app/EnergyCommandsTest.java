package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.energy.EnergyStore;
import org.sovereignpool.energy.MeterReading;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import picocli.CommandLine;

/**
 * {@code check-config} names the key of a bad tariff or curtailment order; {@code energy import-meter} records a CSV
 * of readings all or nothing, naming the line and field of a bad one.
 */
class EnergyCommandsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /** The demo configuration with its ledger under {@code dir} and {@code energy} appended. */
    private static Path config(Path dir, String energy) throws Exception {
        String yaml = DemoConfig.yaml()
                .replaceAll("(?m)^  jdbcUrl: .*$", "  jdbcUrl: \"jdbc:h2:file:" + dir.resolve("ledger") + "\"")
                .replaceAll("(?m)^  journalDir: .*$", "  journalDir: \"" + dir.resolve("journal") + "\"");
        Path file = dir.resolve("pool.yaml");
        Files.writeString(file, yaml + "\n" + energy);
        return file;
    }

    @Test
    void checkConfigNamesTheKeyOfABadTariffOrOrder(@TempDir Path dir) throws Exception {
        Path bad = config(dir, """
                energy:
                  tariffPerMwh: -5
                  curtailments:
                    - id: gridco-1
                      operator: volta
                      limitMw: 100
                      start: "29 Nov 18:00"
                      durationMinutes: 60
                      issuedBy: GRIDCo
                """);
        assertThat(run("check-config", bad.toString())).isEqualTo(2);
        assertThat(err.toString())
                .contains("energy.tariffPerMwh: must be a number >= 0")
                .contains("energy.curtailments[0].start: must be an ISO-8601 UTC time");

        Path good = config(dir, """
                energy:
                  tariffPerMwh: 45
                  currency: GHS
                  curtailments:
                    - id: gridco-1
                      operator: volta
                      limitMw: 100
                      start: "2026-11-29T18:00:00Z"
                      durationMinutes: 60
                      issuedBy: GRIDCo
                """);
        assertThat(run("check-config", good.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("energy    tariff 45.0 GHS/MWh, efficiency tolerance 10.0%, 1 curtailment");
    }

    @Test
    void importMeterRecordsAllOrNothing(@TempDir Path dir) throws Exception {
        Path config = config(dir, "");
        Path csv = dir.resolve("readings.csv");
        Files.writeString(csv, """
                operator,site,time,cumulativeMwh
                volta,akosombo-1,2026-11-20T00:00:00Z,1000
                volta,kpong-2,2026-11-20T00:00:00Z,10
                volta,akosombo-1,2026-11-20T01:00:00Z,1017.5
                """);
        assertThat(run("energy", "import-meter", "--config", config.toString(), csv.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("3 meter readings recorded");

        Path backwards = dir.resolve("backwards.csv");
        Files.writeString(backwards, """
                operator,site,time,cumulativeMwh
                volta,kpong-2,2026-11-20T01:00:00Z,12
                volta,akosombo-1,2026-11-20T02:00:00Z,1016
                """);
        assertThat(run("energy", "import-meter", "--config", config.toString(), backwards.toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("line 3: cumulativeMwh: 1016.0 is below the previous reading 1017.5 of volta/akosombo-1")
                .contains("(nothing recorded)");
        try (JdbcLedgerStore store = JdbcLedgerStore.open("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "", null)) {
            EnergyStore energy = new EnergyStore(store.dataSource());
            assertThat(energy.readings(0, Long.MAX_VALUE)).hasSize(3);
            assertThat(energy.latestReading("volta", "kpong-2"))
                    .map(MeterReading::readingMillis)
                    .isEqualTo(Optional.of(Instant.parse("2026-11-20T00:00:00Z").toEpochMilli()));
        }
    }
}
