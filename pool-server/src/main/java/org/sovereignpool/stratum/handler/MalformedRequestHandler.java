package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.sovereignpool.stratum.message.MalformedRequest;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumErrors;
import org.sovereignpool.stratum.session.StratumDisconnector;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * Answers a malformed line with an error (with the request's id when it could be read) and closes the connection
 * after {@code stratum.maxMalformedLines} of them.
 */
@Sharable
public final class MalformedRequestHandler extends SimpleChannelInboundHandler<MalformedRequest> {
    public MalformedRequestHandler() {
        super(MalformedRequest.class);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MalformedRequest m) {
        ctx.writeAndFlush(new Outbound.ErrorReply(m.rawId(), StratumErrors.OTHER, m.reason()));
        StratumSession session = StratumSession.of(ctx.channel());
        if (session != null && session.malformedLine()) {
            StratumDisconnector.disconnect(ctx.channel(), "too many malformed lines");
        }
    }
}
