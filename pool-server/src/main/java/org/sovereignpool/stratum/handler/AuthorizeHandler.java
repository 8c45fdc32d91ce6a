package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandlerContext;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumErrors;
import org.sovereignpool.stratum.message.StratumMethods;
import org.sovereignpool.stratum.message.StratumRequest;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * {@code mining.authorize [user, password]}: {@code user} is {@code operator.worker} and the operator must be
 * licensed. The password is ignored. Several workers may authorize on one connection. The first success starts work:
 * the reply, then set_difficulty, then the current notify (clean_jobs true).
 */
public final class AuthorizeHandler extends MethodHandler {
    public AuthorizeHandler(StratumContext context) {
        super(context, StratumMethods.AUTHORIZE);
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, StratumSession session, StratumRequest r) {
        String user = string(r.params(), 0);
        if (user == null) {
            invalidParams(ctx, session, r, "expected [user, password]");
            return;
        }
        WorkerName worker;
        try {
            worker = WorkerName.parse(user.strip());
        } catch (IllegalArgumentException e) {
            ctx.writeAndFlush(new Outbound.ErrorReply(r.rawId(), "false", StratumErrors.UNAUTHORIZED, e.getMessage()));
            return;
        }
        String refusal = context.authorizer().refusal(worker);
        if (refusal != null) {
            ctx.writeAndFlush(new Outbound.ErrorReply(r.rawId(), "false", StratumErrors.UNAUTHORIZED, refusal));
            return;
        }
        session.authorize(worker);
        ctx.write(new Outbound.Reply(r.rawId(), "true"));
        session.startWorkIfReady();
        ctx.flush();
    }
}
