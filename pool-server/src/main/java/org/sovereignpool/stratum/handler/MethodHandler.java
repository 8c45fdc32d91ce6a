package org.sovereignpool.stratum.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.sovereignpool.stratum.limit.Offence;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumErrors;
import org.sovereignpool.stratum.message.StratumRequest;
import org.sovereignpool.stratum.session.DisconnectReason;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.session.StratumDisconnector;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * A handler for one Stratum method: it takes requests with its method name and passes everything else on. Stateless
 * (state lives in the {@link StratumSession}) and {@link Sharable}: one instance serves every connection. Requests
 * other than {@code mining.submit} take a token from the connection's bucket first ({@code stratum.requestsPerSecond},
 * {@code requestBurst}); a connection past it is closed and the breach counts toward a ban.
 */
@Sharable
public abstract class MethodHandler extends SimpleChannelInboundHandler<StratumRequest> {
    protected final StratumContext context;
    private final String method;
    private final boolean rateLimited;

    protected MethodHandler(StratumContext context, String method) {
        this(context, method, true);
    }

    /** @param rateLimited false only for mining.submit: shares are the work, judged by vardiff and the ban counts */
    protected MethodHandler(StratumContext context, String method, boolean rateLimited) {
        super(StratumRequest.class);
        this.context = context;
        this.method = method;
        this.rateLimited = rateLimited;
    }

    /** The method this handler answers. */
    public String method() {
        return method;
    }

    @Override
    public boolean acceptInboundMessage(Object msg) {
        return msg instanceof StratumRequest r && r.method().equals(method);
    }

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, StratumRequest request) {
        StratumSession session = StratumSession.of(ctx.channel());
        if (rateLimited && !withinRate(ctx, session)) {
            return;
        }
        handle(ctx, session, request);
    }

    /** Takes a token for a non-submit request; false (and the connection closed) when there is none. */
    static boolean withinRate(ChannelHandlerContext ctx, StratumSession session) {
        if (session.allowRequest()) {
            return true;
        }
        if (!session.offence(Offence.MALFORMED_LINE)) {
            StratumDisconnector.disconnect(
                    ctx.channel(), DisconnectReason.RATE_LIMITED, "over stratum.requestsPerSecond/requestBurst");
        }
        return false;
    }

    protected abstract void handle(ChannelHandlerContext ctx, StratumSession session, StratumRequest request);

    /** Answers a request whose params have the wrong shape; counts it like a malformed line. */
    protected static void invalidParams(
            ChannelHandlerContext ctx, StratumSession session, StratumRequest r, String why) {
        reply(ctx, new Outbound.ErrorReply(r.rawId(), StratumErrors.OTHER, "Invalid parameters: " + why));
        if (session.malformedLine()) {
            StratumDisconnector.disconnect(ctx.channel(), DisconnectReason.MALFORMED, "too many malformed requests");
        }
    }

    /**
     * Writes a reply without flushing it and without a promise: {@link SessionLifecycleHandler} flushes once per read
     * (at channelReadComplete), so the replies to all the lines of one read leave in one write to the socket instead
     * of one each. Only for code that runs inside channelRead. A write that fails (the peer went away) reaches the
     * exception handler, which closes the connection.
     */
    protected static void reply(ChannelHandlerContext ctx, Outbound reply) {
        ctx.write(reply, ctx.voidPromise());
    }

    /** The i-th param as text when it is a JSON string, else null. */
    protected static String string(JsonNode params, int i) {
        JsonNode n = params.get(i);
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
