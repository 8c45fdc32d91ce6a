package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.sovereignpool.stratum.message.MalformedRequest;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumErrors;
import org.sovereignpool.stratum.session.DisconnectReason;
import org.sovereignpool.stratum.session.StratumDisconnector;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * Answers a malformed line with an error (with the request's id when it could be read) and closes the connection
 * after {@code stratum.maxMalformedLines} of them; each counts toward a ban of the address, and against the request
 * rate.
 */
@Sharable
public final class MalformedRequestHandler extends SimpleChannelInboundHandler<MalformedRequest> {
    public MalformedRequestHandler() {
        super(MalformedRequest.class);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MalformedRequest m) {
        StratumSession session = StratumSession.of(ctx.channel());
        if (session != null && !MethodHandler.withinRate(ctx, session)) {
            return;
        }
        MethodHandler.reply(ctx, new Outbound.ErrorReply(m.rawId(), StratumErrors.OTHER, m.reason()));
        if (session != null && session.malformedLine()) {
            StratumDisconnector.disconnect(ctx.channel(), DisconnectReason.MALFORMED, "too many malformed lines");
        }
    }
}
