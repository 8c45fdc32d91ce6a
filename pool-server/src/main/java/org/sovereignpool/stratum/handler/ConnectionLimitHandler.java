package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import org.sovereignpool.stratum.session.StratumDisconnector;

/**
 * Caps connections per remote IP ({@code stratum.maxConnectionsPerIp}; 0 = no cap). First in the pipeline, shared by
 * all connections of a server. A farm behind one NAT shows as one IP, so the cap is meant to be generous.
 */
@Sharable
public final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("stratum.counted-ip");

    private final int maxPerIp;
    private final ConcurrentHashMap<InetAddress, Integer> perIp = new ConcurrentHashMap<>();

    public ConnectionLimitHandler(int maxPerIp) {
        this.maxPerIp = maxPerIp;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        if (maxPerIp > 0 && remote instanceof InetSocketAddress inet) {
            InetAddress ip = inet.getAddress();
            // count and uncount inside compute(): atomic per key, so a leaving connection cannot drop a new one's count
            int n = perIp.merge(ip, 1, Integer::sum);
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
            perIp.computeIfPresent(ip, (k, v) -> v <= 1 ? null : v - 1);
        }
        ctx.fireChannelInactive();
    }
}
