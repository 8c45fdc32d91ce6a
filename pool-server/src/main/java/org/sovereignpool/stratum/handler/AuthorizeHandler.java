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
 * {@code mining.authorize [user, password]}: {@code user} is {@code operator.worker} (surrounding whitespace stripped,
 * as in submit) and the operator must be licensed. Several workers may authorize on one connection, up to {@code
 * stratum.maxWorkersPerConnection}. The password is free text, except that a {@code d=N} in it (alone, or among
 * {@code ,} {@code ;} or space separated items, e.g. {@code x,d=65536}) asks for starting difficulty N, kept within the
 * pool's bounds: the convention many pools follow and ASIC firmware users rely on. The first success starts work: the
 * reply, then set_difficulty, then the current notify (clean_jobs true).
 */
public final class AuthorizeHandler extends MethodHandler {
    public AuthorizeHandler(StratumContext context) {
        super(context, StratumMethods.AUTHORIZE);
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, StratumSession session, StratumRequest r) {
        String raw = string(r.params(), 0);
        if (raw == null) {
            invalidParams(ctx, session, r, "expected [user, password]");
            return;
        }
        String user = raw.strip();
        WorkerName worker;
        try {
            worker = WorkerName.parse(user);
        } catch (IllegalArgumentException e) {
            ctx.writeAndFlush(new Outbound.ErrorReply(r.rawId(), "false", StratumErrors.UNAUTHORIZED, e.getMessage()));
            return;
        }
        String refusal = context.authorizer().refusal(worker);
        if (refusal != null) {
            ctx.writeAndFlush(new Outbound.ErrorReply(r.rawId(), "false", StratumErrors.UNAUTHORIZED, refusal));
            return;
        }
        if (!session.authorize(user, worker)) {
            ctx.writeAndFlush(new Outbound.ErrorReply(
                    r.rawId(),
                    "false",
                    StratumErrors.UNAUTHORIZED,
                    "Too many workers on this connection (at most "
                            + context.settings().limits().maxWorkersPerConnection() + ")"));
            return;
        }
        double d = passwordDifficulty(string(r.params(), 1));
        if (!session.working() && d > 0) {
            session.suggestDifficulty(d);
        }
        ctx.write(new Outbound.Reply(r.rawId(), "true"));
        session.startWorkIfReady();
        ctx.flush();
    }

    /** The N of a {@code d=N} item in the password, or NaN. */
    static double passwordDifficulty(String password) {
        if (password == null || password.length() > 256) {
            return Double.NaN;
        }
        for (String item : password.split("[,; ]")) {
            if (item.length() > 2 && (item.startsWith("d=") || item.startsWith("D="))) {
                try {
                    double d = Double.parseDouble(item.substring(2));
                    return d > 0 && Double.isFinite(d) ? d : Double.NaN;
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }
}
