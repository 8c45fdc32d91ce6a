package org.sovereignpool.app;

import io.netty.channel.EventLoopGroup;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.LedgerConfig;
import org.sovereignpool.config.NodeAuth;
import org.sovereignpool.config.NodeConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.TreasuryConfig;
import org.sovereignpool.config.TreasuryPayee;
import org.sovereignpool.job.JobManager;
import org.sovereignpool.node.BitcoindTemplateSource;
import org.sovereignpool.operator.HashrateWindow;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.sim.node.RegtestNode;
import org.sovereignpool.stratum.Listener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole pool on one machine without bitcoind: the regtest stand-in ({@link RegtestNode}: Bitcoin Core's RPC and
 * ZMQ on loopback, over a simulated chain whose difficulty gives the chosen block interval), the pool against it
 * exactly as {@code run} talks to bitcoind, the ledger, and a few simulated miners. Outside miners may join as {@code
 * demo.<anything>}.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the embedded demo: a regtest node stand-in on loopback (Bitcoin Core's RPC and ZMQ, simulated"
                    + " chain), the pool against it, Stratum on port 3333, ledger under ./data/demo, and simulated"
                    + " miners. Outside miners can join as demo.<worker> (any password).",
            "Prints a summary every few seconds and a line per found block; Ctrl-C stops it."
        })
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--miners", defaultValue = "4", description = "simulated miners (default: ${DEFAULT-VALUE})")
    int miners;

    @Option(
            names = "--hashrate",
            defaultValue = "250000",
            description = "hashes per second of each simulated miner (default: ${DEFAULT-VALUE})")
    long hashrate;

    @Option(
            names = "--block-interval",
            defaultValue = "10",
            description = "seconds between blocks on average at the simulated hashrate (default: ${DEFAULT-VALUE})")
    int blockIntervalSeconds;

    @Option(
            names = "--duration",
            defaultValue = "0",
            description = "stop after this many seconds (default: run until Ctrl-C)")
    int durationSeconds;

    @Option(
            names = "--port",
            defaultValue = "3333",
            description = "Stratum port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(
            names = "--http-port",
            defaultValue = "-1",
            description = "dashboard, API and metrics port (default: http.port of the demo config, 8080; 0 = any free"
                    + " port)")
    int httpPort;

    @Option(
            names = "--data-dir",
            defaultValue = "data/demo",
            description = "where the demo's ledger and journal live (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(
            names = "--summary-every",
            defaultValue = "5",
            description = "seconds between summary lines (default: ${DEFAULT-VALUE})")
    int summarySeconds;

    @Option(
            names = "--treasury-descriptor",
            paramLabel = "DESCRIPTOR",
            description =
                    "pay a regtest output descriptor with a wildcard (e.g. wsh(sortedmulti(2,tpub.../0/*,...))#checksum)"
                            + " instead of the demo's treasury address: a fresh address per found block")
    String treasuryDescriptor;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PoolConfig demo = withDataDir(DemoConfig.load(), dataDir);
        if (treasuryDescriptor != null) {
            try {
                demo = withTreasury(demo, TreasuryConfig.ofDescriptor(demo.network(), treasuryDescriptor));
            } catch (IllegalArgumentException e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("--treasury-descriptor: " + e.getMessage());
                err.flush();
                return CheckConfigCommand.INVALID;
            }
        }
        Clock clock = Clock.systemUTC();
        double simulatedHashrate = Math.max(1, miners) * (double) hashrate;
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(
                        simulatedHashrate, Duration.ofSeconds(blockIntervalSeconds), clock.millis()),
                clock);
        // the node the demo mines on: the stand-in over real sockets, so the pool runs the same code as against Core
        String password = Long.toHexString(new java.security.SecureRandom().nextLong());
        RegtestNode node = RegtestNode.start(
                chain,
                RegtestNode.Options.defaults()
                        .withName("demo-node")
                        .withCredentials("demo", password)
                        .withWarmup(Duration.ZERO));
        PoolConfig config = withNodes(
                demo,
                List.of(new NodeConfig(
                        URI.create(node.rpcUrl().toString().replaceAll("/$", "")),
                        new NodeAuth.Password("demo", password),
                        node.zmqUrl())));
        AtomicInteger blocks = new AtomicInteger();
        AtomicLong treasurySats = new AtomicLong();
        TreasuryPayee payee = config.treasury().payee();

        // the demo is a cluster of one: its built-in configuration is the registry
        PoolRuntime.Options options = PoolRuntime.Options.defaults(config)
                .withUpdateRegistry(true)
                .withListeners(List.of(
                        // start at the minimum so the first shares come within seconds; vardiff takes over
                        Listener.plain("0.0.0.0", port)
                                .withDifficulty(config.difficulty().min())));
        if (httpPort >= 0) {
            options = options.withHttp(new InetSocketAddress(config.http().host(), httpPort));
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (node;
                PoolRuntime pool = PoolRuntime.start(
                        config,
                        registry -> BitcoindTemplateSource.fromConfig(
                                config.nodes(), config.network(), BitcoindTemplateSource.Options.DEFAULT, registry),
                        clock,
                        options)) {
            pool.addBlockListener(result -> {
                long index = pool.jobs()
                        .issued(result.found().job().id())
                        .map(JobManager.IssuedJob::treasuryIndex)
                        .orElse(TreasuryPayee.NO_INDEX);
                long at = index == TreasuryPayee.NO_INDEX ? 0 : index;
                long paid = CoinbasePayout.paidTo(result.found().coinbase(), payee.scriptPubKey(at));
                if (result.accepted()) {
                    blocks.incrementAndGet();
                    treasurySats.addAndGet(paid);
                }
                out.println(blockLine(
                        result,
                        paid,
                        payee.address(at)
                                + (index == TreasuryPayee.NO_INDEX ? "" : " (treasury index " + index + ")")));
                out.flush();
            });
            int boundPort = pool.stratumAddresses().get(0).getPort();
            out.printf(
                    "Dashboard: http://%s:%d/ (API /api/v1/summary, metrics /metrics)%n",
                    pool.httpAddress().getHostString(), pool.httpAddress().getPort());
            out.printf(
                    "Sovereign Pool demo: stratum+tcp://127.0.0.1:%d (join as demo.<worker>), %d simulated miners at %s"
                            + " each, a block every ~%d s, treasury %s, ledger %s%n",
                    boundPort,
                    miners,
                    formatHashrate(hashrate),
                    blockIntervalSeconds,
                    config.treasury().describe(),
                    config.ledger().jdbcUrl());
            out.flush();

            EventLoopGroup group = SimMiner.newGroup(1);
            List<SimMiner> sims = new ArrayList<>();
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("demo-summary").daemon(true).factory());
            try {
                for (int i = 1; i <= miners; i++) {
                    sims.add(SimMiner.start(
                            SimMiner.Options.of("127.0.0.1", boundPort, "demo.sim-" + i)
                                    .withVersionRolling(true)
                                    .withHashesPerSecond(hashrate),
                            Sha256s::fastest,
                            group));
                }
                ticker.scheduleAtFixedRate(
                        () -> {
                            out.println(summaryLine(pool, chain, blocks.get(), treasurySats.get()));
                            out.flush();
                        },
                        summarySeconds,
                        summarySeconds,
                        TimeUnit.SECONDS);
                if (durationSeconds > 0) {
                    stop.await(durationSeconds, TimeUnit.SECONDS);
                } else {
                    stop.await();
                }
                out.println(summaryLine(pool, chain, blocks.get(), treasurySats.get()));
                out.println("stopping");
                out.flush();
            } finally {
                ticker.shutdownNow();
                sims.forEach(SimMiner::close);
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting because of Ctrl-C: the hook has run
            }
        }
        return 0;
    }

    static String summaryLine(PoolRuntime pool, SimulatedChain chain, int blocks, long treasurySats) {
        double rejected = pool.registry().find("stratum.shares").tag("result", "rejected").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
        return String.format(
                "[demo] miners %d | shares %d accepted, %.0f rejected | hashrate %s | height %d | blocks found %d |"
                        + " treasury %s BTC",
                pool.stratum().connectionCount(),
                pool.hashrate().poolShares(),
                rejected,
                formatHashrate(pool.hashrate().poolHashrate(HashrateWindow.ONE_MINUTE, System.currentTimeMillis())),
                chain.height(),
                blocks,
                btc(treasurySats));
    }

    static String blockLine(BlockResult result, long paidToTreasury, String treasury) {
        return String.format(
                "[block] height %d %s found by %s: %s; coinbase pays %s BTC to %s",
                result.height(),
                result.found().hash(),
                result.found().worker(),
                result.outcome(),
                btc(paidToTreasury),
                treasury);
    }

    static String formatHashrate(double hps) {
        String[] units = {"H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s"};
        int u = 0;
        while (hps >= 1000 && u < units.length - 1) {
            hps /= 1000;
            u++;
        }
        return String.format("%.2f %s", hps, units[u]);
    }

    static String btc(long sats) {
        return String.format("%d.%08d", sats / 100_000_000, sats % 100_000_000);
    }

    /** The configuration with these nodes. */
    static PoolConfig withNodes(PoolConfig c, List<NodeConfig> nodes) {
        return new PoolConfig(
                c.network(),
                c.treasury(),
                c.pool(),
                c.stratum(),
                c.difficulty(),
                nodes,
                c.ledger(),
                c.http(),
                c.operators(),
                c.payout(),
                c.power(),
                c.energy());
    }

    /** The configuration with another treasury. */
    static PoolConfig withTreasury(PoolConfig c, TreasuryConfig treasury) {
        return new PoolConfig(
                c.network(),
                treasury,
                c.pool(),
                c.stratum(),
                c.difficulty(),
                c.nodes(),
                c.ledger(),
                c.http(),
                c.operators(),
                c.payout(),
                c.power());
    }

    /** The demo configuration with its ledger and journal moved under {@code dataDir}. */
    public static PoolConfig withDataDir(PoolConfig c, Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        LedgerConfig l = c.ledger();
        LedgerConfig moved = new LedgerConfig(
                "jdbc:h2:file:" + dir.resolve("ledger"),
                l.user(),
                l.password(),
                dir.resolve("journal"),
                l.fsyncIntervalMillis());
        return new PoolConfig(
                c.network(),
                c.treasury(),
                c.pool(),
                c.stratum(),
                c.difficulty(),
                c.nodes(),
                moved,
                c.http(),
                c.operators(),
                c.payout(),
                c.power(),
                c.energy());
    }
}
