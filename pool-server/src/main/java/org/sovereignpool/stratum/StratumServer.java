package org.sovereignpool.stratum;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.StratumConfig;
import org.sovereignpool.mining.BlockSink;
import org.sovereignpool.mining.JobListener;
import org.sovereignpool.mining.ShareRecorder;
import org.sovereignpool.mining.WorkerAuthorizer;
import org.sovereignpool.share.hash.Sha256;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.VersionMask;
import org.sovereignpool.stratum.limit.AddressKey;
import org.sovereignpool.stratum.limit.Ban;
import org.sovereignpool.stratum.limit.ConnectionGate;
import org.sovereignpool.stratum.limit.FileDescriptors;
import org.sovereignpool.stratum.limit.MemoryBanList;
import org.sovereignpool.stratum.session.JobBroadcast;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.vardiff.DifficultyRules;

/**
 * The Stratum V1 server: listeners from the configuration (IPv4/IPv6, several ports each with its own starting
 * difficulty, optional TLS), native epoll when available and NIO otherwise, and the job broadcast.
 *
 * <p>Threading: {@link #newJob} may be called from any thread (the job manager's); it hands one task to each event
 * loop, which sends the job to its own sessions. {@link #start}, {@link #drain} and {@link #close} are for the
 * owner's thread.
 *
 * <p>Wiring, e.g. in the demo:
 *
 * <pre>{@code
 * StratumServer stratum = new StratumServer(config, registry, blockSubmitter, shareJournal,
 *         new RegisteredOperators(config), Sha256s::fastest, Clock.systemUTC(),
 *         (job, now) -> { jobManager.refresh(JobManager.Reason.MEMPOOL_REFRESH); return null; }, 0);
 * jobManager.addListener(stratum);   // every job goes to every miner
 * stratum.start();                   // binds config.stratum().listeners()
 * ...
 * stratum.drain("pool-b.example", 3333, 5, Duration.ofSeconds(30)); // or close()
 * }</pre>
 */
public final class StratumServer implements JobListener, StratumAdmin, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StratumServer.class);
    /** How often each event loop's delay probe runs: its precision, at the cost of a wake-up per loop. */
    static final Duration EVENT_LOOP_PROBE = Duration.ofMillis(1);

    private final PoolConfig config;
    private final StratumContext context;
    private final StratumMetrics metrics;
    private final JobRefresher refresher;
    private final Clock clock;
    private final StratumChannelInitializer.Shared shared;
    private final ConnectionGate gate;
    private final ChannelInboundHandlerAdapter refuseBanned = new RefuseBanned();
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelClass;
    private final ChannelGroup serverChannels =
            new DefaultChannelGroup("stratum-listeners", GlobalEventExecutor.INSTANCE);
    private final ChannelGroup connections = new DefaultChannelGroup("stratum-miners", GlobalEventExecutor.INSTANCE);
    private volatile long lastJobMillis;
    private final ScheduledExecutorService refreshThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stratum-job-refresh");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private final MeterRegistry registry;
    private EventLoopDelayMonitor delayMonitor;

    /**
     * @param config the pool configuration (stratum, difficulty, pool.nodeId, network)
     * @param registry where the meters go
     * @param blockSink gets block-solving shares, before the miner hears anything
     * @param recorder the share journal: an accepted share is recorded before the miner hears {@code true}
     * @param authorizer who may mine (e.g. {@link RegisteredOperators})
     * @param sha256 makes one hasher per event-loop thread
     * @param clock the time for ntime checks, vardiff and share timestamps
     * @param refresher makes a fresh job when none came for {@code stratum.jobRefreshSeconds}
     * @param ioThreads event-loop threads for connections (0 = Netty's default, twice the cores)
     */
    public StratumServer(
            PoolConfig config,
            MeterRegistry registry,
            BlockSink blockSink,
            ShareRecorder recorder,
            WorkerAuthorizer authorizer,
            Supplier<Sha256> sha256,
            Clock clock,
            JobRefresher refresher,
            int ioThreads) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refresher = Objects.requireNonNull(refresher, "refresher");
        this.metrics = new StratumMetrics(registry);
        this.registry = registry;
        StratumConfig s = config.stratum();
        var d = config.difficulty();
        DifficultyRules rules = new DifficultyRules(d.min(), d.max(), config.network() == Network.MAINNET);
        long fileLimit = FileDescriptors.limit();
        int maxConnections = s.limits().effectiveMaxConnections(fileLimit);
        if (s.limits().maxConnections() > maxConnections) {
            LOG.warn(
                    "stratum.maxConnections {} lowered to {}: the process may open {} files and keeps"
                            + " stratum.reservedFileDescriptors {} for itself (raise it with ulimit -n / LimitNOFILE)",
                    s.limits().maxConnections(),
                    maxConnections,
                    fileLimit,
                    s.limits().reservedFileDescriptors());
        }
        this.gate = new ConnectionGate(s, maxConnections, new MemoryBanList(), clock::millis, metrics);
        metrics.bind(gate, clock::millis);
        this.context = new StratumContext(
                new StratumContext.Settings(
                        s.extranonce2Size(),
                        s.maxMalformedLines(),
                        d,
                        rules,
                        VersionMask.BIP320,
                        s.limits(),
                        s.authorizeTimeoutSeconds() * 1000L,
                        s.idleTimeoutSeconds() * 1000L),
                metrics,
                clock,
                authorizer,
                recorder,
                blockSink,
                new ExtranonceAllocator(config.pool().nodeId(), (int) (clock.millis() & 0xffffff)),
                sha256,
                gate);
        this.shared = new StratumChannelInitializer.Shared(context, s.maxLineBytes());
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.channelClass = Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.boss = new MultiThreadIoEventLoopGroup(1, io);
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, io);
    }

    /**
     * With the defaults: operators from the config, the fastest single-header hasher, the system clock, the
     * ntime-rolling refresher, Netty's default thread count.
     */
    public StratumServer(PoolConfig config, MeterRegistry registry, BlockSink blockSink, ShareRecorder recorder) {
        this(
                config,
                registry,
                blockSink,
                recorder,
                new RegisteredOperators(config),
                Sha256s::fastest,
                Clock.systemUTC(),
                JobRefresher.rollNtime(),
                0);
    }

    /** Binds every configured listener; returns the bound addresses in configuration order. */
    public List<InetSocketAddress> start() throws InterruptedException {
        return start(config.stratum().listeners().stream().map(Listener::of).toList());
    }

    /** Binds these listeners instead of the configured ones (port 0 = ephemeral); returns the bound addresses. */
    public List<InetSocketAddress> start(List<Listener> listeners) throws InterruptedException {
        List<InetSocketAddress> bound = new ArrayList<>();
        for (Listener l : listeners) {
            double start = context.settings()
                    .rules()
                    .apply(l.difficulty().orElse(config.difficulty().initial()));
            SslContext ssl = l.tls().map(StratumServer::sslContext).orElse(null);
            StratumChannelInitializer init = new StratumChannelInitializer(shared, start, ssl);
            ServerBootstrap b = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelClass)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .handler(refuseBanned)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(
                            ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(
                                    config.stratum().limits().writeBufferLowWaterMarkBytes(),
                                    config.stratum().limits().writeBufferHighWaterMarkBytes()))
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(init); // the gate first: a refused channel is closed by now
                            if (ch.isOpen()) {
                                connections.add(ch);
                            }
                        }
                    });
            Channel ch = b.bind(l.host(), l.port()).sync().channel();
            serverChannels.add(ch);
            InetSocketAddress address = (InetSocketAddress) ch.localAddress();
            bound.add(address);
            LOG.info(
                    "Stratum listening on {} (difficulty {}{}, {})",
                    address,
                    start,
                    ssl != null ? ", TLS" : "",
                    Epoll.isAvailable() ? "epoll" : "nio");
        }
        lastJobMillis = clock.millis();
        if (delayMonitor == null) {
            delayMonitor = new EventLoopDelayMonitor(workers, EVENT_LOOP_PROBE, registry);
        }
        refreshThread.scheduleWithFixedDelay(this::refreshIfQuiet, 1, 1, TimeUnit.SECONDS);
        refreshThread.scheduleWithFixedDelay(gate::sweep, 30, 30, TimeUnit.SECONDS);
        LOG.info(
                "Stratum limits: {} connections (file limit {}), {} per address, sites {}, {} workers per connection",
                maxConnectionsText(),
                FileDescriptors.limit(),
                config.stratum().maxConnectionsPerIp() == 0
                        ? "unlimited"
                        : config.stratum().maxConnectionsPerIp(),
                config.stratum().sites().stream()
                        .map(site -> site.name() + " " + site.cidr() + " (" + site.maxConnections() + ")")
                        .toList(),
                config.stratum().limits().maxWorkersPerConnection());
        return bound;
    }

    private static SslContext sslContext(org.sovereignpool.config.TlsConfig tls) {
        try {
            return SslContextBuilder.forServer(
                            tls.certFile().toFile(), tls.keyFile().toFile())
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "cannot load TLS certificate " + tls.certFile() + " / key " + tls.keyFile() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Broadcasts a job to every session: the notify is encoded once here, each event loop sends it to its sessions
     * (with a pending difficulty change just before it). Any thread.
     */
    @Override
    public void newJob(Job job) {
        newJob(job, NO_TIP);
    }

    /**
     * As {@link #newJob(Job)}; for a new block's job, {@code stratum.block.fanout} times each event loop from {@code
     * tipSeenNanos} (the notification's arrival) to its last session written.
     */
    @Override
    public void newJob(Job job, long tipSeenNanos) {
        if (closed) {
            return;
        }
        long started = System.nanoTime();
        JobBroadcast broadcast = new JobBroadcast(job);
        context.current(broadcast);
        lastJobMillis = clock.millis();
        long now = clock.millis();
        AtomicInteger pending = new AtomicInteger(Integer.MAX_VALUE);
        // per loop, when it started on its sessions (only read by the loop that wrote it, for the debug line)
        ThreadLocal<long[]> loopStarted = ThreadLocal.withInitial(() -> new long[1]);
        boolean timed = tipSeenNanos != NO_TIP && LOG.isDebugEnabled();
        Runnable loopStart = timed ? () -> loopStarted.get()[0] = System.nanoTime() : () -> {};
        // each session gets the newest job when its loop reaches it: a job that comes while a loop is still sending
        // the previous one (the full template after the empty job) goes to the sessions not reached yet in its place,
        // clean for them, instead of both one after the other
        int loops = context.registry().forEachOnItsLoop(loopStart, s -> s.deliver(newest(broadcast), now), () -> {
            if (tipSeenNanos != NO_TIP) {
                long done = System.nanoTime();
                metrics.blockFanout(done - tipSeenNanos, job.cleanJobs());
                if (timed) {
                    LOG.debug(
                            "job {} (clean_jobs={}): this loop started on its sessions {} ms and had written them"
                                    + " all {} ms after the block's notification",
                            job.idHex(),
                            job.cleanJobs(),
                            String.format(
                                    java.util.Locale.ROOT, "%.1f", (loopStarted.get()[0] - tipSeenNanos) / 1e6),
                            String.format(java.util.Locale.ROOT, "%.1f", (done - tipSeenNanos) / 1e6));
                }
            }
            if (pending.decrementAndGet() == 0) {
                metrics.fanout(System.nanoTime() - started);
            }
        });
        // the tasks may already be running: count from MAX down, then correct by the number handed out
        if (pending.addAndGet(loops - Integer.MAX_VALUE) == 0) {
            metrics.fanout(System.nanoTime() - started);
        }
    }

    private JobBroadcast newest(JobBroadcast broadcast) {
        JobBroadcast current = context.current();
        return current == null ? broadcast : current;
    }

    /** The job sent to new sessions now, or null before the first. */
    public Job currentJob() {
        JobBroadcast b = context.current();
        return b == null ? null : b.job();
    }

    private void refreshIfQuiet() {
        JobBroadcast current = context.current();
        long now = clock.millis();
        if (current != null && now - lastJobMillis >= config.stratum().jobRefreshSeconds() * 1000L) {
            try {
                Job fresh = refresher.refresh(current.job(), Math.floorDiv(now, 1000));
                if (fresh != null) {
                    newJob(fresh);
                } else if (lastJobMillis <= now - config.stratum().jobRefreshSeconds() * 1000L) {
                    lastJobMillis = now; // nothing was published: try again after another interval, not every second
                }
            } catch (RuntimeException e) {
                LOG.warn("job refresh failed", e);
                lastJobMillis = now;
            }
        }
    }

    /** Who may be sent new work (grid curtailment withholds it from some workers); any thread. */
    public void workGate(org.sovereignpool.stratum.session.WorkGate gate) {
        context.workGate(gate);
    }

    /** Every session asks the work gate again (its decisions changed): withheld ones stop, restored ones resume. */
    public void recheckWorkGate() {
        long now = clock.millis();
        context.registry().forEachOnItsLoop(s -> s.recheckWorkGate(now), () -> {});
    }

    /** {@code client.show_message [text]} to every connection (e.g. a maintenance notice). Any thread. */
    public void showMessage(String text) {
        context.registry().forEachOnItsLoop(s -> s.showMessage(text), () -> {});
    }

    public StratumMetrics metrics() {
        return metrics;
    }

    private String maxConnectionsText() {
        return Integer.toString(gate.maxConnections());
    }

    /**
     * On the listening socket, before each accepted connection is registered with an event loop: a banned address's
     * connection is closed there and then (a flood from a banned address costs an accept and a close, nothing more).
     */
    @io.netty.channel.ChannelHandler.Sharable
    private final class RefuseBanned extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child
                    && child.remoteAddress() instanceof InetSocketAddress remote
                    && gate.refuseBanned(remote.getAddress())) {
                child.unsafe().closeForcibly();
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Admits connections and keeps the caps, offences and bans. */
    public ConnectionGate gate() {
        return gate;
    }

    @Override
    public List<Ban> bans() {
        return gate.banList().active(clock.millis());
    }

    @Override
    public boolean liftBan(String address) {
        InetAddress key = AddressKey.parse(address);
        boolean lifted = gate.lift(key);
        if (lifted) {
            LOG.info("ban on {} lifted", AddressKey.format(key));
        }
        return lifted;
    }

    @Override
    public int changeExtranonce() {
        AtomicInteger sent = new AtomicInteger();
        java.util.concurrent.Semaphore done = new java.util.concurrent.Semaphore(0);
        int loops = context.registry()
                .forEachOnItsLoop(
                        s -> {
                            if (s.changeExtranonce()) {
                                sent.incrementAndGet();
                            }
                        },
                        done::release);
        try {
            if (!done.tryAcquire(loops, 10, TimeUnit.SECONDS)) {
                LOG.warn("set_extranonce: not every event loop answered within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return sent.get();
    }

    /**
     * {@code client.reconnect [host, port, waitSeconds]} to every miner (a drain from the cluster console); the
     * listeners stay open. Returns the number of open connections when it was sent (each event loop sends to its
     * own sessions). Any thread.
     */
    public int reconnectAll(String host, int port, int waitSeconds) {
        context.registry().forEachOnItsLoop(s -> s.reconnect(host, port, waitSeconds), () -> {});
        return connectionCount();
    }

    /** What the cluster console may tell this node to do (see {@code cluster.NodeStatusReporter}). */
    public org.sovereignpool.cluster.NodeStatusReporter.Steering steering() {
        return new org.sovereignpool.cluster.NodeStatusReporter.Steering() {
            @Override
            public int reconnectAll(String host, int port, int waitSeconds) {
                return StratumServer.this.reconnectAll(host, port, waitSeconds);
            }

            @Override
            public int showMessage(String text) {
                StratumServer.this.showMessage(text);
                return connectionCount();
            }

            @Override
            public boolean liftBan(String address) {
                return StratumServer.this.liftBan(address);
            }
        };
    }

    /** Open miner connections. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Graceful shutdown: stop accepting, tell every miner {@code client.reconnect [host, port, waitSeconds]} (another
     * node, or this host after a wait), wait up to {@code timeout} for them to leave, then close the rest.
     */
    public void drain(String reconnectHost, int reconnectPort, int waitSeconds, Duration timeout)
            throws InterruptedException {
        serverChannels.close().await(timeout.toMillis());
        context.registry().forEachOnItsLoop(s -> s.reconnect(reconnectHost, reconnectPort, waitSeconds), () -> {});
        connections.newCloseFuture().await(timeout.toMillis());
        close();
    }

    /** Closes every listener and connection and stops the event loops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        refreshThread.shutdownNow();
        if (delayMonitor != null) {
            delayMonitor.close();
        }
        serverChannels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boss.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
