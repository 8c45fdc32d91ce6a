package org.sovereignpool.stratum.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumMethods;
import org.sovereignpool.stratum.message.StratumRequest;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * {@code mining.suggest_difficulty [d]}: the miner's starting difficulty or, once working, its difficulty from now on
 * (the reply, {@code set_difficulty} and the current job again with clean_jobs false, at once), kept within min..max
 * and whole on mainnet. Vardiff continues from it.
 */
public final class SuggestDifficultyHandler extends MethodHandler {
    public SuggestDifficultyHandler(StratumContext context) {
        super(context, StratumMethods.SUGGEST_DIFFICULTY);
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, StratumSession session, StratumRequest r) {
        JsonNode d = r.params().get(0);
        if (d == null || !d.isNumber() || !(d.asDouble() > 0) || Double.isInfinite(d.asDouble())) {
            invalidParams(ctx, session, r, "expected [difficulty > 0]");
            return;
        }
        ctx.write(new Outbound.Reply(r.rawId(), "true"));
        session.suggestDifficulty(d.asDouble());
        ctx.flush();
    }
}
