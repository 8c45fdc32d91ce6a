package org.sovereignpool.ledger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sovereignpool.accounting.Pplns;
import org.sovereignpool.config.ConfigException;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.NodeAuth;
import org.sovereignpool.config.NodeConfig;
import org.sovereignpool.config.PayoutScheme;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.TreasuryConfig;
import org.sovereignpool.config.TreasuryPayee;
import org.sovereignpool.ledger.audit.ChainSource;
import org.sovereignpool.ledger.audit.CreditRecomputation;
import org.sovereignpool.ledger.audit.Discrepancy;
import org.sovereignpool.ledger.audit.LedgerAudit;
import org.sovereignpool.ledger.audit.NodeChainSource;
import org.sovereignpool.ledger.audit.Outcome;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.node.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Audits the ledger end to end ({@link LedgerAudit}): the receipts' hash chain, every block against its receipts,
 * credit statuses, the share rows against the journal progress, every credited block's credits against a
 * recomputation, and with {@code --node} every block and its coinbase anchor against the chain. Prints one line per
 * check and OK, or the first discrepancy.
 */
@Command(
        name = "verify-ledger",
        mixinStandardHelpOptions = true,
        description = {
            "Audit the ledger: the treasury receipts' hash chain; every found block against its receipts (height,"
                    + " reward, status); every credit's status; every applied share in exactly one share row; every"
                    + " credited block's credits against a recomputation by the payout scheme from all nodes' shares;"
                    + " with --node, every block against the chain (height, main chain or orphaned, coinbase paying"
                    + " the treasury the recorded reward) and every coinbase anchor against the receipts it claims.",
            "Prints a line per check, then OK, or BROKEN and the first discrepancy: the table and row or block,"
                    + " expected against found."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the ledger verifies",
            "2:bad arguments or configuration",
            "3:a discrepancy (the first one is printed)",
            "4:the database or the node could not be read (nothing was judged)"
        })
public final class VerifyLedgerCommand implements Callable<Integer> {
    public static final int OK = 0;
    public static final int USAGE = 2;
    public static final int BROKEN = 3;
    public static final int UNREADABLE = 4;

    /** {@code --node} without a URL: the configuration's first node. */
    static final String FIRST_CONFIGURED_NODE = "(first configured)";

    @Spec
    private CommandSpec spec;

    @Mixin
    private LedgerConnectionOptions connection = new LedgerConnectionOptions();

    @Option(
            names = "--scheme",
            paramLabel = "pplns|pps",
            description = "the payout scheme the ledger was credited with (default: payout.scheme of the"
                    + " configuration, else pplns)")
    String scheme;

    @Option(
            names = "--window-factor",
            paramLabel = "F",
            description = "the PPLNS window factor (default: payout.windowFactor of the configuration, else 2)")
    Double windowFactor;

    @Option(
            names = "--node",
            arity = "0..1",
            fallbackValue = FIRST_CONFIGURED_NODE,
            paramLabel = "URL",
            description = "check blocks and anchors against this Bitcoin Core RPC URL (http://host:port); without a"
                    + " URL, the configuration's first node")
    String node;

    @Option(names = "--rpc-user", description = "the node's rpcuser (default: the configuration's, for that URL)")
    String rpcUser;

    @Option(names = "--rpc-password", description = "the node's rpcpassword (with --rpc-user)")
    String rpcPassword;

    @Option(
            names = "--rpc-cookie-file",
            paramLabel = "FILE",
            description = "the node's .cookie file, instead of --rpc-user/--rpc-password")
    Path rpcCookieFile;

    @Option(
            names = "--treasury",
            paramLabel = "ADDRESS|DESCRIPTOR",
            description =
                    "the treasury address coinbases pay, or the treasury's output descriptor (each block then pays"
                            + " the address at its recorded index) (default: treasury.address or treasury.descriptor of the"
                            + " configuration)")
    String treasury;

    @Option(
            names = "--network",
            paramLabel = "NAME",
            description = "the network of --treasury: mainnet, testnet4, signet or regtest (default: the"
                    + " configuration's)")
    String network;

    /** A bad option or combination: exit 2 with this message. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** What the options resolve to, before the database is opened. */
    private record Plan(PayoutScheme scheme, double windowFactor, Optional<NodePlan> node) {}

    private record NodePlan(URI url, NodeAuth auth, byte[] treasuryScript, Optional<TreasuryPayee> descriptor) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Plan plan;
        try {
            plan = plan();
        } catch (UsageException | ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return USAGE;
        }
        try (JdbcLedgerStore store = connection.open()) {
            LedgerAudit.Settings settings = settings(plan, store);
            LedgerAudit.Report report = LedgerAudit.audit(store, settings);
            if (!report.ok()) {
                // tables are read one by one: confirm on a second pass what may be a write seen half-way
                report = LedgerAudit.audit(store, settings);
            }
            print(out, report);
            return report.ok() ? OK : BROKEN;
        } catch (ChainSource.ChainUnavailableException e) {
            err.println("cannot ask the node: " + e.getMessage());
            err.flush();
            return UNREADABLE;
        } catch (SQLException | RuntimeException e) {
            err.println("cannot read the ledger: " + e);
            err.flush();
            return UNREADABLE;
        }
    }

    private static void print(PrintWriter out, LedgerAudit.Report report) {
        List<String> passed = new ArrayList<>();
        for (Outcome o : report.outcomes()) {
            if (o.ok()) {
                out.println(o.check() + ": " + o.summary());
                passed.add(o.check());
            }
        }
        Optional<Discrepancy> d = report.discrepancy();
        if (d.isPresent()) {
            out.println("BROKEN: " + d.get());
            out.println("  (found by the " + d.get().check() + " check"
                    + (passed.isEmpty() ? "" : "; passed before it: " + String.join(", ", passed)) + ")");
        } else {
            out.println("OK: the ledger verifies (" + String.join(", ", passed) + ")");
        }
        out.flush();
    }

    private Plan plan() throws UsageException {
        Optional<PoolConfig> config = connection.config();
        PayoutScheme payout = config.map(c -> c.payout().scheme()).orElse(PayoutScheme.PPLNS);
        if (scheme != null) {
            payout = java.util.Arrays.stream(PayoutScheme.values())
                    .filter(s -> s.configName().equals(scheme))
                    .findFirst()
                    .orElseThrow(() -> new UsageException("--scheme must be pplns or pps, got " + scheme));
        }
        double factor = windowFactor != null
                ? windowFactor
                : config.map(c -> c.payout().windowFactor()).orElse(2.0);
        if (!(factor > 0) || factor > 100) {
            throw new UsageException("--window-factor must be > 0 and <= 100, got " + factor);
        }
        if (node == null) {
            if (rpcUser != null || rpcPassword != null || rpcCookieFile != null || treasury != null) {
                throw new UsageException("--rpc-user, --rpc-password, --rpc-cookie-file and --treasury go with --node");
            }
            return new Plan(payout, factor, Optional.empty());
        }
        return new Plan(payout, factor, Optional.of(nodePlan(config)));
    }

    private NodePlan nodePlan(Optional<PoolConfig> config) throws UsageException {
        List<NodeConfig> configured = config.map(PoolConfig::nodes).orElse(List.of());
        URI url;
        Optional<NodeConfig> same;
        if (node.equals(FIRST_CONFIGURED_NODE)) {
            if (configured.isEmpty()) {
                throw new UsageException("--node without a URL takes the configuration's first node, but "
                        + (config.isEmpty() ? "no configuration was given (--config)" : "it lists no nodes")
                        + ": give --node http://host:port");
            }
            same = Optional.of(configured.getFirst());
            url = same.get().rpcUrl();
        } else {
            try {
                url = URI.create(node);
                new NodeConfig(url, new NodeAuth.Password("x", ""), Optional.empty());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--node: " + e.getMessage());
            }
            URI u = url;
            same = configured.stream().filter(n -> n.rpcUrl().equals(u)).findFirst();
        }
        NodeAuth auth;
        if (rpcCookieFile != null && (rpcUser != null || rpcPassword != null)) {
            throw new UsageException("give --rpc-user/--rpc-password or --rpc-cookie-file, not both");
        } else if (rpcUser != null) {
            auth = new NodeAuth.Password(rpcUser, rpcPassword == null ? "" : rpcPassword);
        } else if (rpcCookieFile != null) {
            auth = new NodeAuth.Cookie(rpcCookieFile);
        } else if (rpcPassword != null) {
            throw new UsageException("--rpc-password needs --rpc-user");
        } else {
            auth = same.map(NodeConfig::auth)
                    .orElseThrow(() -> new UsageException("no credentials for the node " + node
                            + ": give --rpc-user and --rpc-password, or --rpc-cookie-file (or a --config that lists"
                            + " this node)"));
        }
        if (treasury == null) {
            TreasuryConfig fromConfig = config.map(PoolConfig::treasury)
                    .orElseThrow(() -> new UsageException(
                            "--node needs the treasury: give --treasury ADDRESS|DESCRIPTOR and --network NAME (or"
                                    + " --config)"));
            return nodePlan(url, auth, fromConfig);
        }
        Network net = network != null
                ? Network.fromConfigName(network)
                        .orElseThrow(() -> new UsageException(
                                "--network must be one of " + Network.configNames() + ", got " + network))
                : config.map(PoolConfig::network)
                        .orElseThrow(() -> new UsageException("--treasury needs --network NAME"));
        try {
            return nodePlan(
                    url,
                    auth,
                    treasury.contains("(")
                            ? TreasuryConfig.ofDescriptor(net, treasury)
                            : new TreasuryConfig(net, treasury));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--treasury: " + e.getMessage());
        }
    }

    private static NodePlan nodePlan(URI url, NodeAuth auth, TreasuryConfig treasury) {
        return treasury.isDescriptor()
                ? new NodePlan(url, auth, new byte[0], Optional.of(treasury.payee()))
                : new NodePlan(url, auth, treasury.scriptPubKey(), Optional.empty());
    }

    private static LedgerAudit.Settings settings(Plan plan, JdbcLedgerStore store) {
        CreditRecomputation recompute;
        String scheme;
        if (plan.scheme() == PayoutScheme.PPLNS) {
            Pplns pplns = new Pplns(plan.windowFactor());
            recompute = block -> store.recomputeCredits(block, pplns);
            scheme = "PPLNS, window " + plan.windowFactor() + " x network difficulty";
        } else {
            recompute = block -> List.of(); // under PPS a block credits nothing: its shares were credited
            scheme = "PPS: a block credits nothing itself";
        }
        Optional<LedgerAudit.Node> node = plan.node()
                .map(n -> new LedgerAudit.Node(
                        n.url().toString(),
                        new NodeChainSource(new RpcClient(
                                "verify-ledger",
                                n.url(),
                                n.auth(),
                                Duration.ofSeconds(30),
                                2,
                                Duration.ofMillis(500),
                                new SimpleMeterRegistry())),
                        n.treasuryScript(),
                        n.descriptor()));
        return new LedgerAudit.Settings(recompute, scheme, node);
    }
}
