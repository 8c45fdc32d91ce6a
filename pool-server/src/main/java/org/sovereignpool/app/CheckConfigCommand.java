package org.sovereignpool.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sovereignpool.config.ConfigException;
import org.sovereignpool.config.ConfigLoader;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.ListenerConfig;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.TreasuryConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Validates a configuration file and prints a summary, or every error with the key it concerns. */
@Command(
        name = "check-config",
        mixinStandardHelpOptions = true,
        description = "Validate a configuration file (or the built-in demo) and print a summary or every error.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the configuration is valid", "2:the configuration has errors (each printed with its key)"})
public final class CheckConfigCommand implements Callable<Integer> {
    static final int INVALID = 2;

    @Spec
    private CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    private Source source;

    static final class Source {
        @Parameters(paramLabel = "FILE", description = "the YAML configuration to check")
        private Path file;

        @Option(names = "--demo", description = "check the built-in demo configuration instead")
        private boolean demo;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PoolConfig config;
        try {
            config = source.demo ? DemoConfig.load() : ConfigLoader.load(source.file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return INVALID;
        }
        out.println((source.demo ? "built-in demo configuration" : source.file) + ": OK");
        out.println(summary(config));
        out.flush();
        return 0;
    }

    static String summary(PoolConfig config) {
        StringBuilder sb = new StringBuilder();
        sb.append("  network   ").append(config.network().configName()).append('\n');
        sb.append(treasury(config.treasury()));
        for (ListenerConfig l : config.stratum().listeners()) {
            sb.append("  stratum   ")
                    .append(l.tls().isPresent() ? "stratum+ssl://" : "stratum+tcp://")
                    .append(l.host().contains(":") ? "[" + l.host() + "]" : l.host())
                    .append(':')
                    .append(l.port())
                    .append('\n');
        }
        sb.append("  nodes     ").append(config.nodes().size()).append('\n');
        sb.append("  ledger    ").append(config.ledger().jdbcUrl()).append('\n');
        sb.append("  http      ")
                .append(config.http().host())
                .append(':')
                .append(config.http().port())
                .append('\n');
        sb.append("  operators ").append(config.operators().size()).append(", ");
        sb.append(String.format("%.1f MW allocated", config.totalAllocationMw()));
        for (OperatorConfig o : config.operators()) {
            sb.append(String.format(
                    "%n    %-16s %8.1f MW  %5.1f J/TH  %s", o.id(), o.allocationMw(), o.efficiencyJPerTh(), o.name()));
        }
        return sb.toString();
    }

    /**
     * The treasury line; for a descriptor also its form and the first two addresses, which an operator can compare
     * with the wallet's or with {@code bitcoin-cli deriveaddresses "<descriptor>" "[0,1]"}.
     */
    private static String treasury(TreasuryConfig treasury) {
        StringBuilder sb = new StringBuilder("  treasury  ")
                .append(treasury.describe())
                .append(" (")
                .append(treasury.scriptType())
                .append(")\n");
        treasury.descriptor().ifPresent(d -> {
            int n = d.keys().size();
            sb.append("            ")
                    .append(n == 1 ? "one key" : d.threshold() + " of " + n + " keys")
                    .append(", a fresh address per found block; index 0 ")
                    .append(treasury.payee().address(0))
                    .append(", index 1 ")
                    .append(treasury.payee().address(1))
                    .append('\n');
        });
        return sb.toString();
    }
}
