package org.sovereignpool.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First in each HTTP connection's pipeline: the connection cap ({@code http.maxConnections}: one over it is closed at
 * once) and the header timeout ({@code http.headerTimeoutSeconds}: a new connection's first request, and any request
 * once its first byte came, must arrive whole within it, so silent connections and clients trickling their headers,
 * slowloris, are closed). The idle timeout is Netty's IdleStateHandler
 * after it. One instance per connection; the counter is the server's. Event-loop only.
 */
final class HttpConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpConnectionGuard.class);

    private final AtomicInteger connections;
    private final int maxConnections;
    private final long headerTimeoutMillis;
    private boolean counted;
    private ScheduledFuture<?> headerTimer;

    HttpConnectionGuard(AtomicInteger connections, int maxConnections, long headerTimeoutMillis) {
        this.connections = connections;
        this.maxConnections = maxConnections;
        this.headerTimeoutMillis = headerTimeoutMillis;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counted = true;
        if (connections.incrementAndGet() > maxConnections) {
            LOG.debug("closing {}: more than {} HTTP connections", ctx.channel().remoteAddress(), maxConnections);
            ctx.close();
            return;
        }
        startTimer(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted) {
            connections.decrementAndGet();
            counted = false;
        }
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (headerTimer == null && msg instanceof ByteBuf b && b.isReadable()) {
            startTimer(ctx);
        }
        ctx.fireChannelRead(msg);
    }

    private void startTimer(ChannelHandlerContext ctx) {
        headerTimer = ctx.executor().schedule(() -> tooSlow(ctx), headerTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** A whole request was decoded; the next one's bytes start the timer again. On the event loop. */
    void requestReceived() {
        cancel();
    }

    private void tooSlow(ChannelHandlerContext ctx) {
        headerTimer = null;
        LOG.debug("closing {}: request not complete within {} ms", ctx.channel().remoteAddress(), headerTimeoutMillis);
        ctx.close();
    }

    private void cancel() {
        if (headerTimer != null) {
            headerTimer.cancel(false);
            headerTimer = null;
        }
    }
}
