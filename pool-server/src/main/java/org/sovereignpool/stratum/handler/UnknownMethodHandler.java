package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumErrors;
import org.sovereignpool.stratum.message.StratumRequest;

/** Requests no method handler took: an error reply with the same id; the connection stays open. */
@Sharable
public final class UnknownMethodHandler extends SimpleChannelInboundHandler<StratumRequest> {
    public UnknownMethodHandler() {
        super(StratumRequest.class);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, StratumRequest r) {
        ctx.writeAndFlush(new Outbound.ErrorReply(r.rawId(), StratumErrors.OTHER, "Unknown method " + r.method()));
    }
}
