package org.sovereignpool.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.config.HttpConfig;
import org.sovereignpool.stratum.StratumAdmin;

/**
 * The HTTP server: {@code /metrics}, {@code /api/v1/**}, the dashboard at {@code /}. The JVM meters (memory, GC,
 * threads, processor, uptime) are bound to the registry by whoever owns it ({@code PoolRuntime}).
 *
 * <p>Threads: one Netty I/O thread; requests run on two {@code http-api} threads (the ledger may block).
 *
 * <p>Limits ({@code http.*}): at most {@code maxConnections} connections (more are closed at accept); a request must
 * arrive whole within {@code headerTimeoutSeconds} of its first byte; a connection with nothing read or written for
 * {@code idleTimeoutSeconds} is closed; at most {@code maxPipelinedRequests} requests per connection are answered at
 * once (the connection is not read from beyond that); bodies over {@link #MAX_BODY_BYTES} get 413.
 *
 * <pre>{@code
 * PoolHttpServer http = new PoolHttpServer(config.http(), prometheus, status, Clock.systemUTC());
 * http.start();   // binds http.host:http.port
 * ...
 * http.close();
 * }</pre>
 */
public final class PoolHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PoolHttpServer.class);
    /** The largest request body taken (an admin message); larger gets 413. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Bytes read from a connection at a time. */
    static final int READ_BYTES = 4096;
    /** Requests decoded and not yet answered that the codec allows (one read's worth past the pipelining bound). */
    static final int MAX_DECODED_REQUESTS = 2048;

    private final HttpConfig config;
    private final PrometheusMeterRegistry registry;
    private final ApiHandler.Shared shared;
    private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventExecutorGroup api = new DefaultEventExecutorGroup(2, r -> {
        Thread t = new Thread(r, "http-api");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger connections = new AtomicInteger();
    private final java.util.List<ApiExtension> extensions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Channel channel;

    public PoolHttpServer(HttpConfig config, PrometheusMeterRegistry registry, PoolStatus status, Clock clock) {
        this(config, registry, status, clock, null);
    }

    /** @param stratum bans and extranonce changes for the admin API (null: those routes answer 404) */
    public PoolHttpServer(
            HttpConfig config, PrometheusMeterRegistry registry, PoolStatus status, Clock clock, StratumAdmin stratum) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.shared = new ApiHandler.Shared(
                registry,
                Objects.requireNonNull(status, "status"),
                config.adminToken(),
                clock,
                new StaticFiles(),
                stratum,
                extensions);
    }

    /** More {@code /api/v1} routes (a feature's own); add before {@link #start()}. */
    public void addExtension(ApiExtension extension) {
        extensions.add(Objects.requireNonNull(extension, "extension"));
    }

    /** Binds {@code http.host:http.port}. */
    public InetSocketAddress start() throws InterruptedException {
        return start(new InetSocketAddress(config.host(), config.port()));
    }

    /** Binds {@code address} (tests: port 0). */
    public synchronized InetSocketAddress start(InetSocketAddress address) throws InterruptedException {
        if (channel != null) {
            throw new IllegalStateException("already started");
        }
        channel = new ServerBootstrap()
                .group(io)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // reads of at most 4 KB: past maxPipelinedRequests the server stops reading, so at most one
                        // read's worth of requests beyond it is decoded (~230 tiny ones), below the codec's limit
                        ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(READ_BYTES));
                        HttpConnectionGuard guard = new HttpConnectionGuard(
                                connections, config.maxConnections(), config.headerTimeoutSeconds() * 1000L);
                        ch.pipeline()
                                .addLast("guard", guard)
                                .addLast(
                                        "idle",
                                        new IdleStateHandler(true, 0, 0, config.idleTimeoutSeconds(), TimeUnit.SECONDS))
                                .addLast("idle-close", IdleClose.INSTANCE)
                                .addLast("codec", new HttpServerCodec(new HttpDecoderConfig(), MAX_DECODED_REQUESTS))
                                .addLast("keepalive", new HttpServerKeepAliveHandler())
                                .addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES))
                                .addLast(
                                        "api",
                                        new ApiHandler(shared, api.next(), guard, config.maxPipelinedRequests()));
                    }
                })
                .bind(address)
                .sync()
                .channel();
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        LOG.info("HTTP on http://{}:{}/ (API /api/v1, metrics /metrics)", bound.getHostString(), bound.getPort());
        return bound;
    }

    /** Closes a connection that neither read nor wrote anything for {@code http.idleTimeoutSeconds}. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class IdleClose extends ChannelInboundHandlerAdapter {
        static final IdleClose INSTANCE = new IdleClose();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }
    }

    /** Open HTTP connections. */
    int connections() {
        return connections.get();
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        api.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
