package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandlerContext;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumMethods;
import org.sovereignpool.stratum.message.StratumRequest;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * {@code mining.subscribe [agent?, session?]} → {@code [[["mining.set_difficulty",id],["mining.notify",id]],
 * extranonce1, extranonce2_size]}. The subscription id is the extranonce1 (unique per connection); session resumption
 * is not offered, so the optional second param is ignored.
 */
public final class SubscribeHandler extends MethodHandler {
    public SubscribeHandler(StratumContext context) {
        super(context, StratumMethods.SUBSCRIBE);
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, StratumSession session, StratumRequest r) {
        if (!r.params().isArray()) {
            invalidParams(ctx, session, r, "params must be an array");
            return;
        }
        session.subscribe();
        String en1 = session.extranonce1().toHex();
        String result = "[[[\"mining.set_difficulty\",\"" + en1 + "\"],[\"mining.notify\",\"" + en1 + "\"]],\"" + en1
                + "\"," + session.work().extranonce2Size() + "]";
        ctx.write(new Outbound.Reply(r.rawId(), result));
        session.startWorkIfReady(); // when the miner authorized first
        ctx.flush();
    }
}
