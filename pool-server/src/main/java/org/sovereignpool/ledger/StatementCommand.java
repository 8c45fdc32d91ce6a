package org.sovereignpool.ledger;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.sovereignpool.config.ConfigException;
import org.sovereignpool.ledger.statement.OperatorStatement;
import org.sovereignpool.ledger.statement.Statements;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints an operator's statement for a period as JSON or CSV. */
@Command(
        name = "statement",
        mixinStandardHelpOptions = true,
        description = "An operator's statement for a period: shares and hashrate per worker, blocks found, credits"
                + " pending, final and reversed (satoshis).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:bad arguments or configuration", "4:the database could not be read"})
public final class StatementCommand implements Callable<Integer> {
    public enum Format {
        json,
        csv
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private LedgerConnectionOptions connection = new LedgerConnectionOptions();

    @Parameters(index = "0", paramLabel = "OPERATOR", description = "the operator id")
    private String operator;

    @Option(names = "--from", required = true, description = "start, inclusive: 2026-11-01 (UTC day) or an instant")
    private String from;

    @Option(names = "--to", required = true, description = "end, exclusive: 2026-12-01 (UTC day) or an instant")
    private String to;

    @Option(names = "--format", description = "json or csv (default ${DEFAULT-VALUE})")
    private Format format = Format.json;

    /** {@code 2026-11-01} (start of that day, UTC) or an ISO-8601 instant {@code 2026-11-01T12:00:00Z}. */
    static long parseTime(String s) {
        try {
            return s.contains("T")
                    ? Instant.parse(s).toEpochMilli()
                    : LocalDate.parse(s)
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant()
                            .toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "\"" + s + "\" is neither a date (2026-11-01) nor an instant (2026-11-01T12:00:00Z)");
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long fromMillis;
        long toMillis;
        try {
            fromMillis = parseTime(from);
            toMillis = parseTime(to);
            if (toMillis <= fromMillis) {
                throw new IllegalArgumentException("--to (" + to + ") must be after --from (" + from + ")");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        try (JdbcLedgerStore store = connection.open()) {
            OperatorStatement s = Statements.build(store, operator, fromMillis, toMillis);
            out.print(format == Format.json ? Statements.toJson(s) : Statements.toCsv(s));
            out.flush();
            return 0;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        } catch (Exception e) {
            err.println("cannot read the ledger: " + e);
            err.flush();
            return 4;
        }
    }
}
