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
import org.sovereignpool.config.SiteConfig;
import org.sovereignpool.config.StratumConfig;
import org.sovereignpool.config.StratumLimits;
import org.sovereignpool.config.TreasuryConfig;
import org.sovereignpool.stratum.limit.FileDescriptors;
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
        out.println(limits(config, FileDescriptors.limit()));
        out.flush();
        return 0;
    }

    static String summary(PoolConfig config) {
        StringBuilder sb = new StringBuilder();
        sb.append("  network   ").append(config.network().configName()).append('\n');
        sb.append(treasury(config.treasury(), config.pool().nodeId()));
        for (ListenerConfig l : config.stratum().listeners()) {
            sb.append("  stratum   ")
                    .append(l.tls().isPresent() ? "stratum+ssl://" : "stratum+tcp://")
                    .append(l.host().contains(":") ? "[" + l.host() + "]" : l.host())
                    .append(':')
                    .append(l.port())
                    .append('\n');
        }
        sb.append("  nodes     ").append(config.nodes().size()).append('\n');
        sb.append("  jobs      job.emptyJobOnNewBlock ")
                .append(emptyJob(config))
                .append('\n');
        var energy = config.energy();
        sb.append("  energy    tariff ")
                .append(energy.tariffPerMwh()
                        .map(t -> t + " " + energy.currency() + "/MWh")
                        .orElse("none"))
                .append(", efficiency tolerance ")
                .append(energy.efficiencyTolerancePercent())
                .append("%, ")
                .append(energy.curtailments().size())
                .append(" curtailment order(s) in the file\n");
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

    /** What {@code job.emptyJobOnNewBlock} does with this configuration. */
    private static String emptyJob(PoolConfig config) {
        if (!config.job().emptyJobOnNewBlock()) {
            return "false: on a new block, miners wait for the full template";
        }
        if (config.network() == org.sovereignpool.config.Network.TESTNET4) {
            return "true, but testnet4 never gets one: its minimum-difficulty rule makes the next bits depend on the"
                    + " block's time";
        }
        return "true: on a new block, a clean job with no transactions (the subsidy only) goes out as soon as the"
                + " tip's header is read; the full template follows as a non-clean job on the same block"
                + (config.network() == org.sovereignpool.config.Network.REGTEST ? "" : " (none at a retarget)");
    }

    /**
     * The treasury line; for a descriptor also its form and the first two addresses, which an operator can compare
     * with the wallet's or with {@code bitcoin-cli deriveaddresses "<descriptor>" "[0,1]"}.
     */
    private static String treasury(TreasuryConfig treasury, int nodeId) {
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
            long first = org.sovereignpool.treasury.TreasuryIndexes.first(nodeId);
            sb.append("            this node (pool.nodeId ")
                    .append(nodeId)
                    .append(") pays indexes ")
                    .append(first)
                    .append("..")
                    .append(org.sovereignpool.treasury.TreasuryIndexes.last(nodeId))
                    .append(", from ")
                    .append(treasury.payee().address(first))
                    .append("; the wallet watches each node's range\n");
        });
        return sb.toString();
    }

    /**
     * What the edge's limits mean with these values, one line per key (the keys of issue 11: connections, sites,
     * bans, back-pressure, HTTP). {@code fileLimit}: this process's open-file limit, -1 when unknown; the pool node
     * started the same way gets the same.
     */
    static String limits(PoolConfig config, long fileLimit) {
        StratumConfig s = config.stratum();
        StratumLimits l = s.limits();
        var b = s.bans();
        var h = config.http();
        StringBuilder sb = new StringBuilder("  limits (Stratum port)\n");
        int effective = l.effectiveMaxConnections(fileLimit);
        line(
                sb,
                "stratum.maxConnections",
                (l.maxConnections() == 0 ? "0: as many as the file limit allows" : Integer.toString(l.maxConnections()))
                        + "; in force here: " + (fileLimit > 0 ? effective : "no cap known")
                        + (fileLimit > 0 ? " (this process may open " + fileLimit + " files)" : ""));
        line(
                sb,
                "stratum.reservedFileDescriptors",
                l.reservedFileDescriptors() + " descriptors kept for the journal, database, HTTP and logs");
        line(
                sb,
                "stratum.maxConnectionsPerIp",
                s.maxConnectionsPerIp() == 0
                        ? "0: any address may open any number of connections"
                        : s.maxConnectionsPerIp() + " connections at once per address outside the sites (an IPv6 /64"
                                + " is one address); more are closed at accept");
        if (s.sites().isEmpty()) {
            line(sb, "stratum.sites", "none: every address gets the per-address cap");
        }
        for (SiteConfig site : s.sites()) {
            line(
                    sb,
                    "stratum.sites",
                    site.name() + " " + site.cidr() + ": " + site.maxConnections()
                            + " connections from the whole range; never banned, an offending connection is closed");
        }
        line(
                sb,
                "stratum.maxWorkersPerConnection",
                l.maxWorkersPerConnection() + " workers may authorize on one connection");
        line(
                sb,
                "stratum.requestsPerSecond/requestBurst",
                MapText.number(l.requestsPerSecond()) + " requests a second, bursts of " + l.requestBurst()
                        + ", per connection, for everything but mining.submit; past it the connection is closed");
        line(
                sb,
                "stratum.writeBufferHighWaterMarkBytes",
                l.writeBufferHighWaterMarkBytes() + " bytes queued to a miner that does not read: it is no longer"
                        + " read from nor sent jobs (again below " + l.writeBufferLowWaterMarkBytes() + ")");
        line(sb, "stratum.maxOutboundBytes", l.maxOutboundBytes() + " bytes queued: the miner is closed at once");
        line(
                sb,
                "stratum.unwritableTimeoutSeconds",
                l.unwritableTimeoutSeconds() + " s without reading with a full buffer: the miner is closed");
        line(
                sb,
                "stratum.bans",
                b.enabled()
                        ? "an address is banned for " + b.seconds() + " s after, within " + b.windowSeconds() + " s, "
                                + b.invalidShares() + " invalid shares with none accepted, " + b.malformedLines()
                                + " malformed lines, " + b.unauthorizedSubmits() + " unauthorized submits or "
                                + b.refusedConnections() + " refused connections"
                        : "off (seconds: 0): offending connections are closed, addresses are not banned");
        sb.append("  limits (HTTP)\n");
        line(sb, "http.maxConnections", h.maxConnections() + " connections at once; more are closed at accept");
        line(sb, "http.headerTimeoutSeconds", h.headerTimeoutSeconds() + " s for a request to arrive whole");
        line(sb, "http.idleTimeoutSeconds", h.idleTimeoutSeconds() + " s without traffic closes a connection");
        line(
                sb,
                "http.maxPipelinedRequests",
                h.maxPipelinedRequests() + " requests answered at once per connection; it is not read beyond that");
        return sb.toString().stripTrailing();
    }

    private static void line(StringBuilder sb, String key, String text) {
        sb.append(String.format("    %-38s %s%n", key, text));
    }

    /** Numbers as a person writes them: 20, 2.5. */
    private static final class MapText {
        static String number(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
