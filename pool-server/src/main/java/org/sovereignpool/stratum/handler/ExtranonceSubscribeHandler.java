package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandlerContext;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumMethods;
import org.sovereignpool.stratum.message.StratumRequest;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.session.StratumSession;

/** {@code mining.extranonce.subscribe []}: the miner accepts {@code mining.set_extranonce}. */
public final class ExtranonceSubscribeHandler extends MethodHandler {
    public ExtranonceSubscribeHandler(StratumContext context) {
        super(context, StratumMethods.EXTRANONCE_SUBSCRIBE);
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, StratumSession session, StratumRequest r) {
        session.extranonceSubscribed(true);
        ctx.writeAndFlush(new Outbound.Reply(r.rawId(), "true"));
    }
}
