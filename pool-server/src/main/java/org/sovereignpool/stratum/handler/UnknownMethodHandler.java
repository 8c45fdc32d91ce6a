package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumErrors;
import org.sovereignpool.stratum.message.StratumRequest;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * Requests no method handler took: an error reply with the same id, naming at most {@value #MAX_ECHOED} characters of
 * the method (a 16 KB method name is not worth 16 KB of reply); the connection stays open, within the request rate.
 */
@Sharable
public final class UnknownMethodHandler extends SimpleChannelInboundHandler<StratumRequest> {
    static final int MAX_ECHOED = 64;

    public UnknownMethodHandler() {
        super(StratumRequest.class);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, StratumRequest r) {
        StratumSession session = StratumSession.of(ctx.channel());
        if (session != null && !MethodHandler.withinRate(ctx, session)) {
            return;
        }
        String method = r.method();
        String shown = method.length() <= MAX_ECHOED ? method : method.substring(0, MAX_ECHOED) + "...";
        MethodHandler.reply(ctx, new Outbound.ErrorReply(r.rawId(), StratumErrors.OTHER, "Unknown method " + shown));
    }
}
