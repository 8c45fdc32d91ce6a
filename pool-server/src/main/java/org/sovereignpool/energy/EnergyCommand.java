package org.sovereignpool.energy;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sovereignpool.config.ConfigException;
import org.sovereignpool.config.ConfigLoader;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.operator.OperatorRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code energy import-meter --config F FILE.csv}: meter readings into the ledger database. */
@Command(
        name = "energy",
        mixinStandardHelpOptions = true,
        description = "Energy accounting: import meter readings.",
        subcommands = {EnergyCommand.ImportMeter.class})
public final class EnergyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(
            name = "import-meter",
            mixinStandardHelpOptions = true,
            description = "Import meter readings (CSV: " + MeterReadings.CSV_HEADER + "; time ISO-8601 UTC or Unix"
                    + " ms; cumulativeMwh the register) into the configured ledger database, all or nothing.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:every reading recorded",
                "2:a bad configuration or reading (printed with its line and field); nothing recorded"
            })
    static final class ImportMeter implements Callable<Integer> {
        static final int INVALID = 2;

        @Spec
        private CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "the pool's configuration")
        private Path config;

        @Parameters(paramLabel = "FILE.csv", description = "the readings")
        private Path csv;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            PoolConfig c;
            try {
                c = ConfigLoader.load(config);
            } catch (ConfigException e) {
                err.println(e.getMessage());
                err.flush();
                return INVALID;
            }
            MeterReadings parser = new MeterReadings(OperatorRegistry.fromConfig(c));
            long now = System.currentTimeMillis();
            try (JdbcLedgerStore store = JdbcLedgerStore.open(
                    c.ledger().jdbcUrl(), c.ledger().user(), c.ledger().password(), null)) {
                MeterReadings.Batch batch = parser.fromCsv(
                        Files.readString(csv, StandardCharsets.UTF_8), now, "import-meter " + csv.getFileName());
                new EnergyStore(store.dataSource()).appendReadings(batch.readings(), now, batch.check());
                out.println(csv + ": " + batch.readings().size() + " meter readings recorded");
                out.flush();
                return 0;
            } catch (IllegalArgumentException e) {
                err.println(csv + ": " + e.getMessage() + " (nothing recorded)");
                err.flush();
                return INVALID;
            }
        }
    }
}
