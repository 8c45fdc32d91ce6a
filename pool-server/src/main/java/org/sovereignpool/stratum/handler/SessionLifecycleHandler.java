package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.TimeUnit;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.session.StratumDisconnector;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * Creates the connection's {@link StratumSession}, registers it for broadcasts, keeps the session gauges, and
 * enforces the two timers: a connection that has not subscribed and authorized within the handshake timeout, and
 * one that has sent nothing for the idle timeout, are closed. One instance per connection (it knows its listener's
 * starting difficulty); small.
 */
public final class SessionLifecycleHandler extends ChannelInboundHandlerAdapter {
    private final StratumContext context;
    private final double listenerDifficulty;
    private final long handshakeTimeoutMillis;

    public SessionLifecycleHandler(StratumContext context, double listenerDifficulty, long handshakeTimeoutMillis) {
        this.context = context;
        this.listenerDifficulty = listenerDifficulty;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().attr(StratumSession.KEY).set(new StratumSession(ctx.channel(), context, listenerDifficulty));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        StratumSession session = StratumSession.of(ctx.channel());
        context.metrics().connectionOpened();
        context.registry().add(ctx.channel().eventLoop(), session);
        ctx.executor()
                .schedule(
                        () -> {
                            if (!session.working()) {
                                StratumDisconnector.disconnect(
                                        ctx.channel(), "did not subscribe and authorize in time");
                            }
                        },
                        handshakeTimeoutMillis,
                        TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        StratumSession session = StratumSession.of(ctx.channel());
        context.registry().remove(ctx.channel().eventLoop(), session);
        context.metrics().connectionClosed(session.state());
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            StratumDisconnector.disconnect(ctx.channel(), "silent for too long");
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }
}
