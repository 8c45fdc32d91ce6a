package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.sovereignpool.stratum.session.StratumDisconnector;

/**
 * Caps connections per remote IP ({@code stratum.maxConnectionsPerIp}; 0 = no cap). First in the pipeline, shared by
 * all connections of a server. A farm behind one NAT shows as one IP, so the cap is meant to be generous.
 */
@Sharable
public final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("stratum.counted-ip");

    private final int maxPerIp;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();

    public ConnectionLimitHandler(int maxPerIp) {
        this.maxPerIp = maxPerIp;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        if (maxPerIp > 0 && remote instanceof InetSocketAddress inet) {
            InetAddress ip = inet.getAddress();
            int n = perIp.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
            ctx.channel().attr(COUNTED).set(ip);
            if (n > maxPerIp) {
                StratumDisconnector.disconnect(ctx.channel(), "more than " + maxPerIp + " connections from " + ip);
            }
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        InetAddress ip = ctx.channel().attr(COUNTED).getAndSet(null);
        if (ip != null) {
            perIp.computeIfPresent(ip, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
        }
        ctx.fireChannelInactive();
    }
}
