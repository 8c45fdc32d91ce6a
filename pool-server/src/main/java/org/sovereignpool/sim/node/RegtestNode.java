package org.sovereignpool.sim.node;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.sim.chain.ParsedBlock;
import org.sovereignpool.sim.chain.SimulatedChain;

/**
 * A stand-in for a Bitcoin Core regtest node over the wire, on one {@link SimulatedChain}: JSON-RPC over HTTP
 * ({@link CoreHttp}, {@link CoreRpc}) with user/password and cookie authentication, ZMQ {@code hashblock}
 * ({@link ZmqHashBlockPublisher}), and what an operator sees of a node's life:
 *
 * <ul>
 *   <li>start and restart: the RPC port answers at once, but every call gets -28 through Core's warm-up stages for
 *       {@link Options#warmup}; the cookie file is rewritten with a new secret; the ZMQ sequence starts at 0;
 *   <li>stop (the {@code stop} RPC or {@link #stop}): "Bitcoin Core stopping", long polls return an ordinary
 *       template, calls are still served for {@link Options#stopServing}, then get 503 with an HTML body for
 *       {@link Options#stopUnavailable}, then the port refuses connections;
 *   <li>peers ({@link #connect}): blocks connected on one node reach the other after a configurable delay (as
 *       compact block relay), transactions at once; a node that starts again catches up with its running peers.
 * </ul>
 *
 * The chain keeps living while the node is stopped (its "datadir"); tests may change it then, like blocks that
 * arrive while a node restarts.
 *
 * <p>Thread-safe. Lifecycle methods are synchronized; RPC calls run on a pool of worker threads.
 */
public final class RegtestNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegtestNode.class);
    /** Core's warm-up stages as a fresh node shows them (rpc-warmup-fresh-28-*.json); "…" is U+2026. */
    static final List<String> WARMUP_STAGES = List.of(
            "RPC server started",
            "Loading P2P addresses\u2026",
            "Loading banlist\u2026",
            "Loading block index\u2026",
            "Verifying blocks\u2026",
            "Starting network threads\u2026");

    /**
     * How the node listens and behaves.
     *
     * @param name for logs and threads
     * @param host the address RPC and ZMQ bind to
     * @param rpcPort 0 for any free port (kept across restarts)
     * @param zmqPort 0 for any free port, -1 for no ZMQ publisher
     * @param rpcUser with {@code rpcPassword}, accepted credentials (null: none)
     * @param cookieDir where the {@code .cookie} file is written at each start (null: no cookie)
     * @param warmup how long calls get -28 after each start
     * @param stopServing how long calls are still answered after stop
     * @param stopUnavailable then how long they get 503 before the port closes
     * @param authFailureDelay Core's delay before a 401 for wrong credentials
     * @param longPollFirstCheck when a long poll first looks for mempool changes (Core: 60 s)
     * @param longPollInterval how often after that (Core: 10 s)
     */
    public record Options(
            String name,
            String host,
            int rpcPort,
            int zmqPort,
            String rpcUser,
            String rpcPassword,
            Path cookieDir,
            Duration warmup,
            Duration stopServing,
            Duration stopUnavailable,
            Duration authFailureDelay,
            Duration longPollFirstCheck,
            Duration longPollInterval) {
        public Options {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            if (rpcPort < 0 || rpcPort > 65535 || zmqPort < -1 || zmqPort > 65535) {
                throw new IllegalArgumentException("rpcPort must be 0..65535 and zmqPort -1..65535");
            }
            if ((rpcUser == null) != (rpcPassword == null)) {
                throw new IllegalArgumentException("rpcUser and rpcPassword go together");
            }
            if (rpcUser == null && cookieDir == null) {
                throw new IllegalArgumentException("a node needs rpcUser/rpcPassword or a cookie directory");
            }
            for (Duration d : List.of(
                    warmup, stopServing, stopUnavailable, authFailureDelay, longPollFirstCheck, longPollInterval)) {
                if (d.isNegative()) {
                    throw new IllegalArgumentException("durations must not be negative");
                }
            }
            if (longPollInterval.isZero()) {
                throw new IllegalArgumentException("longPollInterval must be positive");
            }
        }

        /**
         * 127.0.0.1, any free ports, user "pool" with password "pool" (as the recordings), no cookie, Core's timings:
         * warm-up 0.5 s, 55 ms served and 7 ms of 503 after stop, 250 ms before a 401, long-poll mempool checks at 60 s
         * then every 10 s.
         */
        public static Options defaults() {
            return new Options(
                    "regtest-node",
                    "127.0.0.1",
                    0,
                    0,
                    "pool",
                    "pool",
                    null,
                    Duration.ofMillis(500),
                    Duration.ofMillis(55),
                    Duration.ofMillis(7),
                    Duration.ofMillis(250),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(10));
        }

        public Options withName(String n) {
            return new Options(
                    n,
                    host,
                    rpcPort,
                    zmqPort,
                    rpcUser,
                    rpcPassword,
                    cookieDir,
                    warmup,
                    stopServing,
                    stopUnavailable,
                    authFailureDelay,
                    longPollFirstCheck,
                    longPollInterval);
        }

        public Options withPorts(String bindHost, int rpc, int zmq) {
            return new Options(
                    name,
                    bindHost,
                    rpc,
                    zmq,
                    rpcUser,
                    rpcPassword,
                    cookieDir,
                    warmup,
                    stopServing,
                    stopUnavailable,
                    authFailureDelay,
                    longPollFirstCheck,
                    longPollInterval);
        }

        /** Credentials: user and password (both null for none). */
        public Options withCredentials(String user, String password) {
            return new Options(
                    name,
                    host,
                    rpcPort,
                    zmqPort,
                    user,
                    password,
                    cookieDir,
                    warmup,
                    stopServing,
                    stopUnavailable,
                    authFailureDelay,
                    longPollFirstCheck,
                    longPollInterval);
        }

        public Options withCookieDir(Path dir) {
            return new Options(
                    name,
                    host,
                    rpcPort,
                    zmqPort,
                    rpcUser,
                    rpcPassword,
                    dir,
                    warmup,
                    stopServing,
                    stopUnavailable,
                    authFailureDelay,
                    longPollFirstCheck,
                    longPollInterval);
        }

        public Options withWarmup(Duration d) {
            return new Options(
                    name,
                    host,
                    rpcPort,
                    zmqPort,
                    rpcUser,
                    rpcPassword,
                    cookieDir,
                    d,
                    stopServing,
                    stopUnavailable,
                    authFailureDelay,
                    longPollFirstCheck,
                    longPollInterval);
        }

        public Options withStopTimings(Duration serving, Duration unavailable) {
            return new Options(
                    name,
                    host,
                    rpcPort,
                    zmqPort,
                    rpcUser,
                    rpcPassword,
                    cookieDir,
                    warmup,
                    serving,
                    unavailable,
                    authFailureDelay,
                    longPollFirstCheck,
                    longPollInterval);
        }

        public Options withAuthFailureDelay(Duration d) {
            return new Options(
                    name,
                    host,
                    rpcPort,
                    zmqPort,
                    rpcUser,
                    rpcPassword,
                    cookieDir,
                    warmup,
                    stopServing,
                    stopUnavailable,
                    d,
                    longPollFirstCheck,
                    longPollInterval);
        }

        public Options withLongPollChecks(Duration first, Duration every) {
            return new Options(
                    name,
                    host,
                    rpcPort,
                    zmqPort,
                    rpcUser,
                    rpcPassword,
                    cookieDir,
                    warmup,
                    stopServing,
                    stopUnavailable,
                    authFailureDelay,
                    first,
                    every);
        }
    }

    private enum State {
        STOPPED,
        RUNNING,
        STOPPING,
        UNAVAILABLE
    }

    private final SimulatedChain chain;
    private final Options options;
    private final ExecutorService workers = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("regtest-rpc-", 0).daemon(true).factory());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("regtest-node").daemon(true).factory());
    private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final List<RegtestNode> peers = new CopyOnWriteArrayList<>();
    private final CoreHttp http;

    /** The number of submitblock replies still to hold back (tests' fault injection). */
    private final int[] submitHolds = new int[1];

    private volatile Duration submitHold = Duration.ZERO;
    private volatile State state = State.STOPPED;
    private volatile long startedNanos;
    private volatile String cookie;
    private volatile ZmqHashBlockPublisher zmq;
    private RpcServer server;
    private int rpcPort;
    private int zmqPort;
    private CountDownLatch stopped = new CountDownLatch(0);
    private boolean closed;

    private RegtestNode(SimulatedChain chain, Options options) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.options = Objects.requireNonNull(options, "options");
        this.rpcPort = options.rpcPort();
        this.zmqPort = options.zmqPort();
        CoreRpc rpc = new CoreRpc(new CoreRpc.Node() {
            @Override
            public SimulatedChain chain() {
                return chain;
            }

            @Override
            public boolean running() {
                return state == State.RUNNING;
            }

            @Override
            public Duration longPollFirstCheck() {
                return options.longPollFirstCheck();
            }

            @Override
            public Duration longPollInterval() {
                return options.longPollInterval();
            }

            @Override
            public long uptimeSeconds() {
                return (System.nanoTime() - startedNanos) / 1_000_000_000L;
            }

            @Override
            public int connections() {
                return (int) peers.stream().filter(RegtestNode::isRunning).count();
            }

            @Override
            public void stopRequested() {
                beginStop();
            }

            @Override
            public Duration takeSubmitReplyHold() {
                synchronized (submitHolds) {
                    if (submitHolds[0] > 0) {
                        submitHolds[0]--;
                        return submitHold;
                    }
                    return Duration.ZERO;
                }
            }
        });
        this.http = new CoreHttp(rpc, new CoreHttp.State() {
            @Override
            public String warmupStatus() {
                return RegtestNode.this.warmupStatus();
            }

            @Override
            public boolean unavailable() {
                return state == State.UNAVAILABLE;
            }

            @Override
            public List<String> credentials() {
                List<String> out = new ArrayList<>(2);
                if (options.rpcUser() != null) {
                    out.add(options.rpcUser() + ":" + options.rpcPassword());
                }
                String c = cookie;
                if (c != null) {
                    out.add(c);
                }
                return out;
            }

            @Override
            public Duration authFailureDelay() {
                return options.authFailureDelay();
            }

            @Override
            public void called(String method) {
                calls.computeIfAbsent(method, m -> new LongAdder()).increment();
            }
        });
        chain.addBlockListener(this::announce);
    }

    /** Starts a node on {@code chain}: it answers -28 for {@link Options#warmup}, then as Core. */
    public static RegtestNode start(SimulatedChain chain, Options options) {
        RegtestNode node = new RegtestNode(chain, options);
        try {
            node.startServing();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private synchronized void startServing() {
        if (closed) {
            throw new IllegalStateException(options.name() + " is closed");
        }
        if (state != State.STOPPED) {
            return;
        }
        try {
            startedNanos = System.nanoTime();
            writeCookie();
            server = RpcServer.bind(options.host(), rpcPort, http, workers, io);
            rpcPort = server.port();
            if (zmqPort >= 0) {
                zmq = ZmqHashBlockPublisher.bind(options.name(), options.host(), zmqPort);
                zmqPort = zmq.port();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + options.name(), e);
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
                server = null;
            }
            throw e;
        }
        stopped = new CountDownLatch(1);
        state = State.RUNNING;
        log.info(
                "{}: regtest stand-in on {} (zmq {}), height {}, warming up for {} ms",
                options.name(),
                rpcUrl(),
                zmqUrl().map(URI::toString).orElse("off"),
                chain.height(),
                options.warmup().toMillis());
        syncWithPeers();
    }

    private void writeCookie() {
        if (options.cookieDir() == null) {
            return;
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String c = "__cookie__:" + Hex.encode(secret);
        try {
            Files.createDirectories(options.cookieDir());
            Files.writeString(cookieFile().orElseThrow(), c, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cookie in " + options.cookieDir(), e);
        }
        cookie = c;
    }

    /** The current warm-up stage, or null when warmed up. */
    private String warmupStatus() {
        long warm = options.warmup().toNanos();
        long since = System.nanoTime() - startedNanos;
        if (since >= warm) {
            return null;
        }
        int stage = (int) Math.min(WARMUP_STAGES.size() - 1, since * WARMUP_STAGES.size() / Math.max(1, warm));
        return WARMUP_STAGES.get(stage);
    }

    /** Whether the node answers RPC (it may still be warming up). */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Whether the node answers RPC and has finished warming up. */
    public boolean isReady() {
        return isRunning() && warmupStatus() == null;
    }

    /** Stops as {@code stop} does and waits until the port is closed. */
    public void stop() {
        beginStop();
        CountDownLatch latch;
        synchronized (this) {
            latch = stopped;
        }
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(options.name() + " did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void beginStop() {
        if (state != State.RUNNING) {
            return;
        }
        state = State.STOPPING; // long polls return; calls are still served a little while
        synchronized (chain) {
            chain.notifyAll();
        }
        log.info("{}: stopping", options.name());
        scheduler.schedule(
                () -> {
                    synchronized (this) {
                        state = State.UNAVAILABLE;
                    }
                    scheduler.schedule(
                            this::finishStop, options.stopUnavailable().toMillis(), TimeUnit.MILLISECONDS);
                },
                options.stopServing().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private synchronized void finishStop() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (zmq != null) {
            zmq.close();
            zmq = null;
        }
        if (options.cookieDir() != null) {
            try {
                Files.deleteIfExists(cookieFile().orElseThrow());
            } catch (IOException e) {
                log.warn("{}: cannot delete the cookie file: {}", options.name(), e.toString());
            }
        }
        cookie = null;
        state = State.STOPPED;
        stopped.countDown();
        log.info("{}: stopped", options.name());
    }

    /** Starts again on the same ports: warm-up, a new cookie, ZMQ sequence from 0, catching up with peers. */
    public void restart() {
        stop();
        startServing();
    }

    /** Starts a stopped node again (as {@link #restart} without the stop). */
    public void startAgain() {
        startServing();
    }

    private void announce(Hash256 tip) {
        ZmqHashBlockPublisher p = zmq;
        if (p != null && state == State.RUNNING) {
            p.publish(tip);
        }
    }

    // ---------------------------------------------------------------- peers

    /**
     * Connects two nodes as {@code -connect} does: each block one connects reaches the other after {@code delay},
     * each transaction at once; both catch up now and whenever one starts again.
     */
    public static void connect(RegtestNode a, RegtestNode b, Duration delay) {
        a.relayTo(b, delay);
        b.relayTo(a, delay);
        a.syncWithPeers();
        b.syncWithPeers();
    }

    private void relayTo(RegtestNode peer, Duration delay) {
        if (peer == this || peers.contains(peer)) {
            return;
        }
        peers.add(peer);
        chain.addConnectListener(block -> {
            if (!isRunning()) {
                return;
            }
            scheduler.schedule(
                    () -> {
                        if (isRunning() && peer.isRunning()) {
                            peer.chain.receiveFromPeer(block, chain.knownTransactionsOf(block));
                        }
                    },
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
        chain.addTransactionListener(tx -> {
            if (isRunning() && peer.isRunning()) {
                peer.chain.addMempoolTransactions(List.of(tx));
            }
        });
    }

    /** Exchanges blocks and mempools with every running peer (a node that starts catches up). */
    private void syncWithPeers() {
        if (!isRunning()) {
            return;
        }
        for (RegtestNode peer : peers) {
            if (!peer.isRunning()) {
                continue;
            }
            transfer(peer.chain, chain);
            transfer(chain, peer.chain);
        }
    }

    private static void transfer(SimulatedChain from, SimulatedChain to) {
        for (ParsedBlock block : from.activeBlocksAbove(0)) {
            to.receiveFromPeer(block, from.knownTransactionsOf(block));
        }
        to.addMempoolTransactions(from.mempoolTransactions());
    }

    // ---------------------------------------------------------------- queries

    public SimulatedChain chain() {
        return chain;
    }

    public Options options() {
        return options;
    }

    public String name() {
        return options.name();
    }

    /** http://host:port/ of the JSON-RPC server (the same across restarts). */
    public synchronized URI rpcUrl() {
        return URI.create("http://" + options.host() + ":" + rpcPort + "/");
    }

    public synchronized int rpcPort() {
        return rpcPort;
    }

    /** tcp://host:port of the ZMQ hashblock publisher, when there is one. */
    public synchronized Optional<URI> zmqUrl() {
        return zmqPort < 0 ? Optional.empty() : Optional.of(ZmqHashBlockPublisher.endpoint(options.host(), zmqPort));
    }

    /** ZMQ subscriptions the publisher has received (0 without ZMQ or while stopped). */
    public int zmqSubscriptions() {
        ZmqHashBlockPublisher p = zmq;
        return p == null ? 0 : p.subscriptions();
    }

    /** The {@code .cookie} file, when the node writes one. */
    public Optional<Path> cookieFile() {
        return Optional.ofNullable(options.cookieDir()).map(d -> d.resolve(".cookie"));
    }

    /**
     * A fault for tests: the next {@code count} submitblock calls are processed at once but answered only after
     * {@code hold}, as a congested node does (a client with a shorter timeout never hears the answer).
     */
    public void holdSubmitReplies(int count, Duration hold) {
        synchronized (submitHolds) {
            submitHold = Objects.requireNonNull(hold, "hold");
            submitHolds[0] = count;
        }
    }

    /** How many calls of {@code method} the node answered since it was made. */
    public long calls(String method) {
        LongAdder a = calls.get(method);
        return a == null ? 0 : a.sum();
    }

    /** Stops (at once, without the stop phases) and releases threads and ports. Closes the chain too. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (state != State.STOPPED) {
                state = State.UNAVAILABLE;
                finishStop();
            }
        }
        scheduler.shutdownNow();
        workers.shutdownNow();
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        chain.close();
    }

    @Override
    public String toString() {
        return options.name() + " " + rpcUrl();
    }
}
