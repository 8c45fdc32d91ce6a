package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sovereignpool.stratum.session.DisconnectReason;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.session.StratumDisconnector;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * Creates the connection's {@link StratumSession}, registers it for broadcasts, keeps the session gauges, enforces
 * the timers and applies back-pressure. Timers: a connection that has not subscribed and authorized within the
 * handshake timeout, and one that has sent nothing for the idle timeout, are closed. Back-pressure: when more than
 * {@code stratum.writeBufferHighWaterMarkBytes} wait to be written to the miner (it does not read), the server stops
 * reading from it and stops sending it jobs; it resumes below half of that; the miner is closed when it stays so for
 * {@code stratum.unwritableTimeoutSeconds} or when more than {@code stratum.maxOutboundBytes} wait (checked after each
 * read and each job). One instance per connection (it knows its listener's starting difficulty); small. It does not
 * handle channelRead, so requests do not pass through it.
 */
public final class SessionLifecycleHandler extends ChannelInboundHandlerAdapter {
    private final StratumContext context;
    private final double listenerDifficulty;
    private final long handshakeTimeoutMillis;
    private ScheduledFuture<?> unwritableTimer;

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
                                        ctx.channel(),
                                        DisconnectReason.HANDSHAKE_TIMEOUT,
                                        "did not subscribe and authorize in time");
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
        cancelUnwritableTimer();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) { // more than maxOutboundBytes pending implies not writable
            checkOutbound(ctx);
        }
        ctx.flush(); // the replies to this read's lines (MethodHandler.reply writes without flushing): one syscall
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        var channel = ctx.channel();
        if (channel.isWritable()) {
            cancelUnwritableTimer();
            channel.config().setAutoRead(true);
            StratumSession.of(channel).writable(context.nowMillis());
        } else {
            // stop reading: no new requests, so no new replies, until the miner reads what it was sent
            channel.config().setAutoRead(false);
            if (unwritableTimer == null) {
                long seconds = context.settings().limits().unwritableTimeoutSeconds();
                unwritableTimer = ctx.executor().schedule(() -> closeIfStillUnwritable(ctx), seconds, TimeUnit.SECONDS);
            }
            checkOutbound(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void closeIfStillUnwritable(ChannelHandlerContext ctx) {
        unwritableTimer = null;
        if (!ctx.channel().isWritable()) {
            StratumDisconnector.disconnect(
                    ctx.channel(),
                    DisconnectReason.SLOW_READER,
                    "did not read for " + context.settings().limits().unwritableTimeoutSeconds() + " s");
        }
    }

    private void checkOutbound(ChannelHandlerContext ctx) {
        StratumSession session = StratumSession.of(ctx.channel());
        long pending = session.pendingOutboundBytes();
        if (pending > context.settings().limits().maxOutboundBytes()) {
            StratumDisconnector.disconnect(
                    ctx.channel(), DisconnectReason.OUTBOUND_OVERFLOW, pending + " bytes waiting to be written");
        }
    }

    private void cancelUnwritableTimer() {
        if (unwritableTimer != null) {
            unwritableTimer.cancel(false);
            unwritableTimer = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            StratumDisconnector.disconnect(ctx.channel(), DisconnectReason.IDLE, "silent for too long");
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }
}
