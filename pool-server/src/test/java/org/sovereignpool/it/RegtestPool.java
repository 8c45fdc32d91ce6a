package org.sovereignpool.it;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.sovereignpool.app.PoolRuntime;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.block.BlockSubmitter;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.DifficultyConfig;
import org.sovereignpool.config.LedgerConfig;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.NodeAuth;
import org.sovereignpool.config.NodeConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.TreasuryConfig;
import org.sovereignpool.config.VardiffConfig;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.node.BitcoindNode;
import org.sovereignpool.node.BitcoindTemplateSource;
import org.sovereignpool.node.RpcClient;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.node.RegtestNode;
import org.sovereignpool.stratum.Listener;
import org.sovereignpool.testing.node.NodeRpc;

/**
 * A whole pool on real sockets against regtest stand-ins: one or two {@link RegtestNode}s (connected, relaying
 * blocks), and a {@link PoolRuntime} on the demo configuration pointed at them through the production node client
 * ({@link BitcoindTemplateSource}: RPC over HTTP, ZMQ, long poll or polling), with its ledger on H2 or in a fresh
 * PostgreSQL schema. Miners are {@link StratumTestMiner}s the test steers.
 */
final class RegtestPool implements AutoCloseable {
    /** The demo configuration's treasury (Bitcoin Core's regtest vector of block 112). */
    static final String TREASURY = "bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c";
    /** A competitor's address (recorded as block B's payee in reorg-09b). */
    static final String OUTSIDER = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";

    enum Ledger {
        H2,
        POSTGRES
    }

    /** How the pool hears of new blocks. */
    enum Watch {
        ZMQ,
        LONG_POLL,
        POLLING
    }

    /**
     * @param networkDifficulty of the stand-ins' chains: a block share is about this / shareDifficulty shares
     * @param relayDelay between the two nodes
     * @param sourceOptions the node client's watching, null for the production defaults of {@code watch}
     * @param rpcTimeout the pool's RPC timeout per attempt
     */
    record Setup(
            int nodes,
            double networkDifficulty,
            double shareDifficulty,
            Watch watch,
            Ledger ledger,
            Duration relayDelay,
            Duration warmup,
            boolean cookieAuth,
            BitcoindTemplateSource.Options sourceOptions,
            Duration rpcTimeout,
            TreasuryConfig treasury) {
        static Setup defaults() {
            return new Setup(
                    1,
                    1e-4,
                    1e-6,
                    Watch.ZMQ,
                    Ledger.H2,
                    Duration.ofMillis(20),
                    Duration.ZERO,
                    false,
                    null,
                    Duration.ofSeconds(2),
                    null);
        }

        /** The pool pays this treasury (a descriptor, say) instead of the demo's address. */
        Setup treasury(TreasuryConfig t) {
            return new Setup(
                    nodes,
                    networkDifficulty,
                    shareDifficulty,
                    watch,
                    ledger,
                    relayDelay,
                    warmup,
                    cookieAuth,
                    sourceOptions,
                    rpcTimeout,
                    t);
        }

        Setup nodes(int n) {
            return new Setup(
                    n,
                    networkDifficulty,
                    shareDifficulty,
                    watch,
                    ledger,
                    relayDelay,
                    warmup,
                    cookieAuth,
                    sourceOptions,
                    rpcTimeout,
                    treasury);
        }

        Setup networkDifficulty(double d) {
            return new Setup(
                    nodes,
                    d,
                    shareDifficulty,
                    watch,
                    ledger,
                    relayDelay,
                    warmup,
                    cookieAuth,
                    sourceOptions,
                    rpcTimeout,
                    treasury);
        }

        Setup watch(Watch w) {
            return new Setup(
                    nodes,
                    networkDifficulty,
                    shareDifficulty,
                    w,
                    ledger,
                    relayDelay,
                    warmup,
                    cookieAuth,
                    sourceOptions,
                    rpcTimeout,
                    treasury);
        }

        Setup ledger(Ledger l) {
            return new Setup(
                    nodes,
                    networkDifficulty,
                    shareDifficulty,
                    watch,
                    l,
                    relayDelay,
                    warmup,
                    cookieAuth,
                    sourceOptions,
                    rpcTimeout,
                    treasury);
        }

        Setup relayDelay(Duration d) {
            return new Setup(
                    nodes,
                    networkDifficulty,
                    shareDifficulty,
                    watch,
                    ledger,
                    d,
                    warmup,
                    cookieAuth,
                    sourceOptions,
                    rpcTimeout,
                    treasury);
        }

        Setup warmup(Duration d) {
            return new Setup(
                    nodes,
                    networkDifficulty,
                    shareDifficulty,
                    watch,
                    ledger,
                    relayDelay,
                    d,
                    cookieAuth,
                    sourceOptions,
                    rpcTimeout,
                    treasury);
        }

        Setup cookieAuth(boolean on) {
            return new Setup(
                    nodes,
                    networkDifficulty,
                    shareDifficulty,
                    watch,
                    ledger,
                    relayDelay,
                    warmup,
                    on,
                    sourceOptions,
                    rpcTimeout,
                    treasury);
        }

        Setup sourceOptions(BitcoindTemplateSource.Options o) {
            return new Setup(
                    nodes,
                    networkDifficulty,
                    shareDifficulty,
                    watch,
                    ledger,
                    relayDelay,
                    warmup,
                    cookieAuth,
                    o,
                    rpcTimeout,
                    treasury);
        }

        Setup rpcTimeout(Duration d) {
            return new Setup(
                    nodes,
                    networkDifficulty,
                    shareDifficulty,
                    watch,
                    ledger,
                    relayDelay,
                    warmup,
                    cookieAuth,
                    sourceOptions,
                    d,
                    treasury);
        }
    }

    final Setup setup;
    final List<RegtestNode> nodes = new ArrayList<>();
    final List<BlockResult> results = new CopyOnWriteArrayList<>();
    volatile PoolRuntime pool;
    volatile BitcoindTemplateSource source;
    private PoolConfig config;
    private final List<StratumTestMiner> miners = new ArrayList<>();
    private final String schema;

    private RegtestPool(Path dir, Setup setup) throws Exception {
        this.setup = Objects.requireNonNull(setup, "setup");
        this.schema = setup.ledger() == Ledger.POSTGRES ? LedgerTestDatabases.freshSchema("nodeit") : null;
        PoolRuntime started = null;
        try {
            for (int i = 0; i < setup.nodes(); i++) {
                SimulatedChain chain = SimulatedChain.create(
                        SimulatedChain.Settings.regtest(Difficulty.of(setup.networkDifficulty()), 100 + i),
                        Clock.systemUTC());
                RegtestNode.Options options = RegtestNode.Options.defaults()
                        .withName("node" + i)
                        .withWarmup(setup.warmup())
                        .withAuthFailureDelay(Duration.ZERO)
                        .withStopTimings(Duration.ofMillis(55), Duration.ofMillis(7));
                if (setup.cookieAuth()) {
                    options = options.withCookieDir(dir.resolve("node" + i)).withCredentials(null, null);
                }
                nodes.add(RegtestNode.start(chain, options));
            }
            if (setup.nodes() == 2) {
                RegtestNode.connect(nodes.get(0), nodes.get(1), setup.relayDelay());
            }
            this.config = config(dir);
            started = startPool();
            this.pool = started;
        } catch (Exception | Error e) {
            if (started != null) {
                started.close();
            }
            nodes.forEach(RegtestNode::close);
            dropSchema();
            throw e;
        }
    }

    private PoolRuntime startPool() throws Exception {
        AtomicReference<BitcoindTemplateSource> made = new AtomicReference<>();
        PoolRuntime started = PoolRuntime.start(
                config,
                registry -> {
                    made.set(source(config, registry));
                    return made.get();
                },
                Clock.systemUTC(),
                PoolRuntime.Options.defaults(config)
                        .withListeners(List.of(Listener.plain("127.0.0.1", 0).withDifficulty(setup.shareDifficulty())))
                        .withHttp(new InetSocketAddress("127.0.0.1", 0))
                        .withTrackerPeriod(Duration.ofMillis(200))
                        .withSubmitRetry(new BlockSubmitter.RetryPolicy(4, Duration.ofMillis(100))));
        started.addBlockListener(results::add);
        this.source = made.get();
        return started;
    }

    /**
     * Stops the pool (its miners are disconnected) and starts it again on the same ledger, journal and nodes, as a
     * process restart would.
     */
    void restartPool() throws Exception {
        miners.forEach(StratumTestMiner::close);
        miners.clear();
        pool.close();
        pool = startPool();
    }

    static RegtestPool start(Path dir, Setup setup) throws Exception {
        return new RegtestPool(dir, setup);
    }

    private PoolConfig config(Path dir) throws Exception {
        PoolConfig demo = DemoConfig.load();
        LedgerConfig l = demo.ledger();
        String url = "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath();
        String user = l.user();
        if (schema != null) {
            try (Connection c =
                            DriverManager.getConnection(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            url = LedgerTestDatabases.PG_URL + "?currentSchema=" + schema;
            user = LedgerTestDatabases.PG_USER;
        }
        List<NodeConfig> nodeConfigs = new ArrayList<>();
        for (RegtestNode n : nodes) {
            NodeAuth auth = setup.cookieAuth()
                    ? new NodeAuth.Cookie(n.cookieFile().orElseThrow())
                    : new NodeAuth.Password("pool", "pool");
            nodeConfigs.add(
                    new NodeConfig(n.rpcUrl(), auth, setup.watch() == Watch.ZMQ ? n.zmqUrl() : Optional.empty()));
        }
        return new PoolConfig(
                demo.network(),
                setup.treasury() != null ? setup.treasury() : demo.treasury(),
                demo.pool(),
                demo.stratum(),
                new DifficultyConfig(
                        setup.shareDifficulty(), setup.shareDifficulty(), 1e12, new VardiffConfig(false, 18, 30)),
                nodeConfigs,
                new LedgerConfig(
                        url, user, schema != null ? "" : l.password(), dir.resolve("journal"), l.fsyncIntervalMillis()),
                demo.http(),
                demo.operators(),
                demo.payout(),
                demo.power());
    }

    private BitcoindTemplateSource source(PoolConfig config, MeterRegistry registry) {
        List<BitcoindNode> clients = new ArrayList<>();
        List<Optional<java.net.URI>> zmq = new ArrayList<>();
        for (int i = 0; i < config.nodes().size(); i++) {
            NodeConfig c = config.nodes().get(i);
            clients.add(new BitcoindNode(new RpcClient(
                    "node" + i, c.rpcUrl(), c.auth(), setup.rpcTimeout(), 1, Duration.ofMillis(50), registry)));
            zmq.add(c.zmqHashBlock());
        }
        BitcoindTemplateSource.Options options = setup.sourceOptions();
        if (options == null) {
            options = switch (setup.watch()) {
                case ZMQ -> BitcoindTemplateSource.Options.DEFAULT;
                case LONG_POLL ->
                    new BitcoindTemplateSource.Options(
                            Duration.ofMillis(500), Duration.ofSeconds(60), true, Duration.ofSeconds(30));
                case POLLING ->
                    new BitcoindTemplateSource.Options(
                            Duration.ofMillis(500), Duration.ofSeconds(60), false, Duration.ofSeconds(30));
            };
        }
        return new BitcoindTemplateSource(clients, zmq, Network.REGTEST, options, registry);
    }

    /** The scriptPubKey of a regtest address (via the node: validateaddress). */
    static byte[] script(String address) {
        return org.bitcoinj.script.ScriptBuilder.createOutputScript(
                        org.bitcoinj.base.AddressParser.getDefault(org.bitcoinj.base.BitcoinNetwork.REGTEST)
                                .parseAddress(address))
                .program();
    }

    static String treasuryScriptHex() {
        return Hex.encode(script(TREASURY));
    }

    RegtestNode node(int i) {
        return nodes.get(i);
    }

    NodeRpc rpc(int i) {
        return new NodeRpc(nodes.get(i).rpcUrl(), "pool", "pool");
    }

    InetSocketAddress stratum() {
        return pool.stratumAddresses().get(0);
    }

    /** A miner of the demo operator, connected and holding its first job. */
    StratumTestMiner miner(String worker) throws Exception {
        StratumTestMiner m = StratumTestMiner.connect(stratum(), "demo." + worker);
        miners.add(m);
        return m;
    }

    /** Mines an outside block on node {@code i} (generatetoaddress to the competitor); its hash. */
    String mineOutside(int i) {
        return rpc(i).call("generatetoaddress", 1, OUTSIDER).get(0).asText();
    }

    /** The result of the pool's block with this hash, once the submitter has finished with it. */
    Optional<BlockResult> result(String hash) {
        return results.stream()
                .filter(r -> r.found().hash().toDisplayHex().equals(hash))
                .findFirst();
    }

    /**
     * Runs {@code verify-ledger} on this pool's ledger (PostgreSQL, so it can read while the pool runs) against node
     * 0 with the treasury's address; the exit status, with what it printed appended to {@code output}.
     */
    int verifyLedger(StringBuilder output) {
        if (schema == null) {
            throw new IllegalStateException("verify-ledger reads a running pool's ledger on PostgreSQL (H2 is locked)");
        }
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new org.sovereignpool.ledger.VerifyLedgerCommand());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(out, true));
        int status = cli.execute(
                "--jdbc-url",
                LedgerTestDatabases.PG_URL,
                "--user",
                LedgerTestDatabases.PG_USER,
                "--schema",
                schema,
                "--window-factor",
                Double.toString(pool.config().payout().windowFactor()),
                "--node",
                nodes.get(0).rpcUrl().toString(),
                "--rpc-user",
                "pool",
                "--rpc-password",
                "pool",
                "--treasury",
                pool.config().treasury().describe(),
                "--network",
                "regtest");
        output.append(out);
        return status;
    }

    private void dropSchema() {
        if (schema != null) {
            try {
                LedgerTestDatabases.dropSchema(schema);
            } catch (Exception e) {
                throw new IllegalStateException("could not drop " + schema, e);
            }
        }
    }

    @Override
    public void close() {
        miners.forEach(StratumTestMiner::close);
        pool.close();
        nodes.forEach(RegtestNode::close);
        dropSchema();
    }
}
