package org.sovereignpool.sim.node;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport of the stand-in's JSON-RPC: Netty decodes requests (HTTP/1.0 and 1.1, keep-alive, bodies up to
 * 32 MB), {@link CoreHttp} decides the reply on a worker thread (it may block: long polls), and the reply goes back
 * with Core's headers (Content-Type, Date, Content-Length; Connection: close when the connection ends). One request
 * at a time per connection, so replies keep the order of requests. {@link #close} refuses new connections and drops
 * the open ones, as a node that has stopped.
 */
final class RpcServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RpcServer.class);
    private static final int MAX_BODY = 32 * 1024 * 1024;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final Channel channel;
    private final ChannelGroup connections;

    private RpcServer(Channel channel, ChannelGroup connections) {
        this.channel = channel;
        this.connections = connections;
    }

    static RpcServer bind(String host, int port, CoreHttp http, ExecutorService workers, EventLoopGroup group)
            throws InterruptedException {
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        Channel ch = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        connections.add(c);
                        c.pipeline()
                                // bare LF line ends accepted, as libevent does: ckpool writes its requests so
                                .addLast(
                                        "codec",
                                        new HttpServerCodec(new HttpDecoderConfig().setStrictLineParsing(false)))
                                .addLast("aggregator", new HttpObjectAggregator(MAX_BODY))
                                .addLast("rpc", new Handler(http, workers));
                    }
                })
                .bind(new InetSocketAddress(host, port))
                .sync()
                .channel();
        return new RpcServer(ch, connections);
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops listening (new connections are refused) and closes every open connection. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final CoreHttp http;
        private final ExecutorService workers;

        Handler(CoreHttp http, ExecutorService workers) {
            this.http = http;
            this.workers = workers;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (request.decoderResult().isFailure()) {
                FullHttpResponse bad =
                        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
                bad.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                bad.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            String method = request.method().name();
            String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            byte[] body = ByteBufUtil.getBytes(request.content());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpVersion version = request.protocolVersion();
            ctx.channel().config().setAutoRead(false); // one request at a time: replies in order
            try {
                workers.execute(() -> respond(ctx, method, authorization, body, keepAlive, version));
            } catch (RejectedExecutionException e) {
                ctx.close();
            }
        }

        private void respond(
                ChannelHandlerContext ctx,
                String method,
                String authorization,
                byte[] body,
                boolean keepAlive,
                HttpVersion version) {
            CoreHttp.Reply reply;
            try {
                reply = http.handle(method, authorization, body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ctx.close();
                return;
            } catch (RuntimeException e) {
                log.error("stand-in RPC failed", e);
                reply = new CoreHttp.Reply(
                        500,
                        "application/json",
                        ("{\"result\":null,\"error\":{\"code\":-1,\"message\":\""
                                        + e.getClass().getSimpleName() + "\"},\"id\":null}\n")
                                .getBytes(StandardCharsets.UTF_8),
                        false,
                        false);
            }
            FullHttpResponse response = new DefaultFullHttpResponse(
                    version, HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
            if (reply.wwwAuthenticate()) {
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"jsonrpc\"");
            }
            if (reply.contentType() != null) {
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
            }
            response.headers().set(HttpHeaderNames.DATE, HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
            boolean close = reply.close() || !keepAlive;
            if (close) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            } else if (version == HttpVersion.HTTP_1_0) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            if (!ctx.channel().isActive()) {
                return;
            }
            ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
                if (close || !f.isSuccess()) {
                    f.channel().close();
                } else {
                    f.channel().config().setAutoRead(true);
                    f.channel().read();
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("stand-in RPC connection: {}", cause.toString());
            ctx.close();
        }
    }
}
