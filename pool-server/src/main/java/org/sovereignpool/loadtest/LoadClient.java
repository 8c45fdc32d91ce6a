package org.sovereignpool.loadtest;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.HdrHistogram.Recorder;

/**
 * N Stratum connections to one pool: opened at a paced rate, each subscribing, authorizing and waiting for its first
 * job; what happens to them afterwards is up to the mode's {@link Listener}. Thread-safe: the connections live on
 * their event loops, the counters are concurrent.
 */
final class LoadClient implements AutoCloseable {
    /** The longest line a pool may send (a notify with a deep merkle branch is a few KB). */
    static final int MAX_LINE_BYTES = 1 << 20;

    /** What a mode does with the connections; every call is on the connection's event loop. */
    interface Listener {
        /** The connection has subscribed, authorized and holds a job. */
        default void ready(LoadConnection c) {}

        /** A {@code mining.notify} arrived at {@code nanos} ({@link System#nanoTime()}). */
        default void notified(LoadConnection c, boolean cleanJobs, long nanos) {}

        /** A submit was answered at {@code nanos}; {@code intendedNanos} is when it was meant to go out. */
        default void replied(LoadConnection c, long intendedNanos, ReplyOutcome outcome, long nanos) {}

        /** A hashing slice of a mined-shares connection finished (a share may have been submitted). */
        default void mined(LoadConnection c) {}

        /** Whether a share found by hashing may still be submitted (false once the run is over). */
        default boolean maySubmit(LoadConnection c) {
            return true;
        }

        /** A submit was written. */
        default void submitted(LoadConnection c) {}

        /** A ready connection was closed by the pool (or broke) with {@code unanswered} submits awaiting replies. */
        default void lost(LoadConnection c, int unanswered) {}
    }

    /** How the handshakes went. */
    record HandshakeSummary(int attempted, int ready, Map<String, Long> failures, LatencySummary handshake) {}

    private final ClientSettings settings;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final List<LoadConnection> connections = new ArrayList<>();
    private final CountDownLatch settled;
    private final AtomicInteger ready = new AtomicInteger();
    private final Recorder handshakeMicros = new Recorder(3_600_000_000L, 3);
    private final Tally handshakeFailures = new Tally();
    private final Tally disconnects = new Tally();
    private final LongAdder reconnectRequests = new LongAdder();
    private final LongAdder malformedLines = new LongAdder();
    private final LongAdder unmatchedReplies = new LongAdder();
    private final MinedShares mining;
    private final CountDownLatch probeDone = new CountDownLatch(1);
    private volatile String probeFailure;
    private volatile Listener listener = new Listener() {};
    private volatile boolean closing;

    private LoadClient(ClientSettings settings, MinedShares mining) {
        this.settings = settings;
        this.mining = mining;
        this.group = settings.transport().newGroup(settings.threads());
        this.settled = new CountDownLatch(settings.connections());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(settings.transport().channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, settings.handshakeTimeout().toMillis()));
        for (int i = 1; i <= settings.connections(); i++) {
            connections.add(new LoadConnection(this, i, settings.user(i), false));
        }
    }

    /**
     * A client for {@code settings}; {@code mining} hashes shares for the mined-shares mode (null otherwise). Fails at
     * once when this process may not open that many sockets.
     */
    static LoadClient create(ClientSettings settings, MinedShares mining) {
        checkFileLimit(settings.connections());
        return new LoadClient(settings, mining);
    }

    /**
     * Makes one probe connection (subscribe, authorize, first job) and closes it, so that a pool that refuses fails
     * at once with its reason and the client's code is loaded before anything is timed; then opens the connections at
     * the configured rate (from a schedule, so a slow tick catches up) and returns.
     */
    void connectAll(Listener modeListener) throws InterruptedException {
        LoadConnection probe = new LoadConnection(this, 0, settings.user(1), true);
        probe.connect(bootstrap, group.next());
        if (!probeDone.await(settings.handshakeTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            throw new LoadtestException(
                    "the probe connection to " + settings.target() + " did not settle (a client" + " bug)");
        }
        if (probeFailure != null) {
            throw new LoadtestException("the first connection to " + settings.target() + " failed: " + probeFailure);
        }
        Channel ch = probe.channel();
        if (ch != null) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        this.listener = modeListener;
        EventLoop scheduler = group.next();
        long start = System.nanoTime();
        Runnable tick = new Runnable() {
            private int next;

            @Override
            public void run() {
                long due = Math.min(
                        connections.size(), 1 + (System.nanoTime() - start) * settings.connectRate() / 1_000_000_000L);
                while (next < due && !closing) {
                    connections.get(next++).connect(bootstrap, group.next());
                }
                if (next < connections.size() && !closing) {
                    scheduler.schedule(this, 10, TimeUnit.MILLISECONDS);
                }
            }
        };
        scheduler.execute(tick);
    }

    /** Waits until every connection is ready or has failed; throws when none is ready. */
    HandshakeSummary awaitHandshakes() throws InterruptedException {
        long connectMillis = 1000L * settings.connections() / settings.connectRate();
        long limit = connectMillis + settings.handshakeTimeout().toMillis() + 10_000;
        if (!settled.await(limit, TimeUnit.MILLISECONDS)) {
            throw new LoadtestException("handshakes did not settle within " + limit + " ms (a client bug)");
        }
        HandshakeSummary summary = new HandshakeSummary(
                settings.connections(),
                ready.get(),
                handshakeFailures.snapshot(),
                LatencySummary.of(handshakeMicros.getIntervalHistogram()));
        if (summary.ready() == 0) {
            throw new LoadtestException("no connection to " + settings.target() + " got ready (subscribed, authorized"
                    + " and sent a job): " + describe(summary.failures()));
        }
        return summary;
    }

    static String describe(Map<String, Long> reasons) {
        return reasons.entrySet().stream()
                .map(e -> e.getValue() + " × " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    List<LoadConnection> connections() {
        return connections;
    }

    ClientSettings settings() {
        return settings;
    }

    Listener listener() {
        return listener;
    }

    MinedShares mining() {
        return mining;
    }

    boolean closing() {
        return closing;
    }

    Tally disconnects() {
        return disconnects;
    }

    long reconnectRequests() {
        return reconnectRequests.sum();
    }

    long malformedLines() {
        return malformedLines.sum();
    }

    long unmatchedReplies() {
        return unmatchedReplies.sum();
    }

    // ------------------------------------------------------------ called by the connections

    void probeSettled(String failure) {
        probeFailure = failure;
        probeDone.countDown();
    }

    void handshakeDone(long nanos) {
        handshakeMicros.recordValue(Math.max(0, nanos / 1000));
        ready.incrementAndGet();
        settled.countDown();
    }

    void handshakeFailed(String reason) {
        handshakeFailures.add(reason);
        settled.countDown();
    }

    void disconnected(String reason) {
        disconnects.add(reason);
    }

    void reconnectRequested() {
        reconnectRequests.increment();
    }

    void malformedLine() {
        malformedLines.increment();
    }

    void unmatchedReply() {
        unmatchedReplies.increment();
    }

    /** Closes every connection (not counted as disconnects) and the event loops. */
    @Override
    public void close() {
        closing = true;
        for (LoadConnection c : connections) {
            Channel ch = c.channel();
            if (ch != null) {
                ch.close();
            }
        }
        if (mining != null) {
            mining.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    ChannelInitializer<Channel> initializer(LoadConnection connection) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE_BYTES), connection);
            }
        };
    }

    /** Fails when {@code connections} sockets would not fit this process's open-file limit. */
    private static void checkFileLimit(int connections) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            long max = os.getMaxFileDescriptorCount();
            long open = os.getOpenFileDescriptorCount();
            long spare = max - open - 32;
            if (connections > spare) {
                throw new LoadtestException(connections + " connections need as many open files, but this process may"
                        + " open " + Math.max(0, spare) + " more (limit " + max + ", " + open + " open): raise 'ulimit"
                        + " -n' (./sovereign-pool raises it to the hard limit, 'ulimit -Hn') or use fewer connections."
                        + " A pool on the same host needs one file per connection too.");
            }
        }
    }
}
