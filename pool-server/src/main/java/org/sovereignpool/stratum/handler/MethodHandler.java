package org.sovereignpool.stratum.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumErrors;
import org.sovereignpool.stratum.message.StratumRequest;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.session.StratumDisconnector;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * A handler for one Stratum method: it takes requests with its method name and passes everything else on. Stateless
 * (state lives in the {@link StratumSession}) and {@link Sharable}: one instance serves every connection.
 */
@Sharable
public abstract class MethodHandler extends SimpleChannelInboundHandler<StratumRequest> {
    protected final StratumContext context;
    private final String method;

    protected MethodHandler(StratumContext context, String method) {
        super(StratumRequest.class);
        this.context = context;
        this.method = method;
    }

    @Override
    public boolean acceptInboundMessage(Object msg) {
        return msg instanceof StratumRequest r && r.method().equals(method);
    }

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, StratumRequest request) {
        StratumSession session = StratumSession.of(ctx.channel());
        handle(ctx, session, request);
    }

    protected abstract void handle(ChannelHandlerContext ctx, StratumSession session, StratumRequest request);

    /** Answers a request whose params have the wrong shape; counts it like a malformed line. */
    protected static void invalidParams(
            ChannelHandlerContext ctx, StratumSession session, StratumRequest r, String why) {
        ctx.writeAndFlush(new Outbound.ErrorReply(r.rawId(), StratumErrors.OTHER, "Invalid parameters: " + why));
        if (session.malformedLine()) {
            StratumDisconnector.disconnect(ctx.channel(), "too many malformed requests");
        }
    }

    /** The i-th param as text when it is a JSON string, else null. */
    protected static String string(JsonNode params, int i) {
        JsonNode n = params.get(i);
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
