package org.sovereignpool.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.node.RegtestNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the regtest stand-in by itself, for operators and benchmarks (a pool, ckpool or bitcoin-cli can be pointed at
 * it): Bitcoin Core's JSON-RPC and ZMQ hashblock on a simulated regtest chain that starts at Core's genesis block.
 */
@Command(
        name = "regtest-node",
        mixinStandardHelpOptions = true,
        description = {
            "Run a stand-in for a Bitcoin Core regtest node: JSON-RPC over HTTP (getblocktemplate with long poll,"
                    + " submitblock, getblockheader, getblock, getblockchaininfo, generatetoaddress, invalidateblock,"
                    + " reconsiderblock, stop, ...) and ZMQ hashblock, answering as Bitcoin Core v29.99 does.",
            "It holds no wallet and its transactions are synthetic; its chain lives in memory. Ctrl-C stops it."
        })
public final class RegtestNodeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--rpc-host",
            defaultValue = "127.0.0.1",
            description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(
            names = "--rpc-port",
            defaultValue = "18443",
            description = "JSON-RPC port (default: ${DEFAULT-VALUE}, regtest's; 0 = any free port)")
    int rpcPort;

    @Option(
            names = "--zmq-port",
            defaultValue = "28332",
            description = "ZMQ hashblock port (default: ${DEFAULT-VALUE}; 0 = any free port; -1 = no ZMQ)")
    int zmqPort;

    @Option(names = "--rpc-user", defaultValue = "pool", description = "RPC user (default: ${DEFAULT-VALUE})")
    String user;

    @Option(
            names = "--rpc-password",
            defaultValue = "pool-regtest-password",
            description = "RPC password (default: ${DEFAULT-VALUE}, as ops/bitcoind.conf)")
    String password;

    @Option(
            names = "--cookie-dir",
            description = "also write a .cookie file here at start (removed at stop), as bitcoind does in its datadir")
    Path cookieDir;

    @Option(
            names = "--difficulty",
            defaultValue = "0",
            description = "network difficulty of every block (default: regtest's, bits 207fffff; e.g. 0.002 for a"
                    + " block every ~10 s at 1 MH/s)")
    double difficulty;

    @Option(
            names = "--block-interval",
            defaultValue = "0",
            description = "mine a block from outside every this many seconds (default: 0, never; blocks then come"
                    + " only from submitblock and generatetoaddress)")
    double blockInterval;

    @Option(
            names = "--outside-address",
            defaultValue = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080",
            description = "who the outside blocks pay (default: ${DEFAULT-VALUE})")
    String outsideAddress;

    @Option(
            names = "--mempool",
            defaultValue = "10",
            description = "synthetic transactions kept in the mempool (default: ${DEFAULT-VALUE})")
    int mempool;

    @Option(
            names = "--warmup-ms",
            defaultValue = "500",
            description = "how long calls get -28 (warming up) after start (default: ${DEFAULT-VALUE})")
    long warmupMillis;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (difficulty < 0 || blockInterval < 0 || mempool < 0 || warmupMillis < 0) {
            err.println("--difficulty, --block-interval, --mempool and --warmup-ms must not be negative");
            err.flush();
            return CheckConfigCommand.INVALID;
        }
        CompactBits bits =
                difficulty == 0 ? SimulatedChain.REGTEST_BITS : SimulatedChain.bitsFor(Difficulty.of(difficulty));
        SimulatedChain.Settings settings = SimulatedChain.Settings.regtest(Difficulty.ONE, System.nanoTime())
                .withBits(bits)
                .withMempool(mempool, 0);
        SimulatedChain chain = SimulatedChain.create(settings, Clock.systemUTC());
        byte[] outside;
        try {
            outside = org.bitcoinj.script.ScriptBuilder.createOutputScript(
                            org.bitcoinj.base.AddressParser.getDefault(org.bitcoinj.base.BitcoinNetwork.REGTEST)
                                    .parseAddress(outsideAddress))
                    .program();
        } catch (RuntimeException e) {
            err.println("--outside-address: '" + outsideAddress + "' is not a regtest address: " + e.getMessage());
            err.flush();
            chain.close();
            return CheckConfigCommand.INVALID;
        }
        RegtestNode.Options options = RegtestNode.Options.defaults()
                .withName("regtest-node")
                .withPorts(host, rpcPort, zmqPort)
                .withCredentials(user, password)
                .withWarmup(Duration.ofMillis(warmupMillis));
        if (cookieDir != null) {
            options = options.withCookieDir(cookieDir);
        }
        CountDownLatch stop = new CountDownLatch(1);
        ScheduledExecutorService miner = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("outside-miner").daemon(true).factory());
        Thread hook = new Thread(stop::countDown, "regtest-node-shutdown");
        try (RegtestNode node = RegtestNode.start(chain, options)) {
            Runtime.getRuntime().addShutdownHook(hook);
            out.printf(
                    "regtest stand-in: rpc %s (user %s)%s, zmq %s, bits %s%n",
                    node.rpcUrl(),
                    user,
                    node.cookieFile().map(f -> ", cookie " + f).orElse(""),
                    node.zmqUrl().map(Object::toString).orElse("off"),
                    bits);
            out.printf(
                    "pool configuration:%n  nodes:%n    - rpcUrl: %s%n      rpcUser: %s%n      rpcPassword: %s%n",
                    node.rpcUrl().toString().replaceAll("/$", ""), user, password);
            node.zmqUrl().ifPresent(z -> out.printf("      zmqHashBlock: %s%n", z));
            out.flush();
            if (blockInterval > 0) {
                long every = Math.max(1, (long) (blockInterval * 1000));
                miner.scheduleWithFixedDelay(
                        () -> {
                            try {
                                if (node.isReady()) {
                                    chain.generate(1, outside);
                                }
                            } catch (RuntimeException e) {
                                err.println("outside block not mined: " + e.getMessage());
                                err.flush();
                            }
                        },
                        every,
                        every,
                        TimeUnit.MILLISECONDS);
            }
            // the node's own stop RPC also ends the command
            while (!stop.await(200, TimeUnit.MILLISECONDS)) {
                if (!node.isRunning()) {
                    break;
                }
            }
            out.println("stopping");
            out.flush();
        } finally {
            miner.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // the JVM is exiting (Ctrl-C), or the node failed to start before the hook was added
            }
        }
        return 0;
    }
}
