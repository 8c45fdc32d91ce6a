package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sovereignpool.stratum.limit.ConnectionGate;
import org.sovereignpool.stratum.session.DisconnectReason;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.session.StratumDisconnector;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * Registers the connection's {@link StratumSession} (made by the channel initializer) for broadcasts and for its
 * event loop's timeout sweep, keeps the session gauges, releases the connection gate's ticket when the connection
 * ends, and applies back-pressure. The handshake and idle timeouts are not timers of this handler: the {@link
 * org.sovereignpool.stratum.session.SessionRegistry}'s sweep (one task per event loop) closes a connection that has not
 * subscribed and authorized within the handshake timeout, and one that has sent nothing for the idle timeout, from
 * the time of its last line, which the {@link StratumDispatcher} records. Back-pressure: when more than
 * {@code stratum.writeBufferHighWaterMarkBytes} wait to be written to the miner (it does not read), the server stops
 * reading from it and stops sending it jobs; it resumes below half of that; the miner is closed when it stays so for
 * {@code stratum.unwritableTimeoutSeconds} or when more than {@code stratum.maxOutboundBytes} wait (checked after each
 * read and each job). Stateless (the unwritable timer is the session's) and {@link Sharable}: one per server. It does
 * not handle channelRead, so requests do not pass through it.
 */
@Sharable
public final class SessionLifecycleHandler extends ChannelInboundHandlerAdapter {
    private final StratumContext context;

    public SessionLifecycleHandler(StratumContext context) {
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        StratumSession session = StratumSession.of(ctx.channel());
        context.metrics().connectionOpened();
        context.registry().add(ctx.channel().eventLoop(), session); // the handshake and idle times start now
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        StratumSession session = StratumSession.of(ctx.channel());
        context.registry().remove(ctx.channel().eventLoop(), session);
        context.metrics().connectionClosed(session.state());
        cancelUnwritableTimer(session);
        ConnectionGate gate = context.gate();
        if (gate != null && session.ticket() != null) {
            gate.release(session.ticket(), ctx.channel());
        }
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
        StratumSession session = StratumSession.of(channel);
        if (channel.isWritable()) {
            cancelUnwritableTimer(session);
            channel.config().setAutoRead(true);
            session.writable(context.nowMillis());
        } else {
            // stop reading: no new requests, so no new replies, until the miner reads what it was sent
            channel.config().setAutoRead(false);
            if (session.unwritableTimer() == null) {
                long seconds = context.settings().limits().unwritableTimeoutSeconds();
                session.unwritableTimer(
                        ctx.executor().schedule(() -> closeIfStillUnwritable(ctx, session), seconds, TimeUnit.SECONDS));
            }
            checkOutbound(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void closeIfStillUnwritable(ChannelHandlerContext ctx, StratumSession session) {
        session.unwritableTimer(null);
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

    private static void cancelUnwritableTimer(StratumSession session) {
        ScheduledFuture<?> timer = session.unwritableTimer();
        if (timer != null) {
            timer.cancel(false);
            session.unwritableTimer(null);
        }
    }
}
