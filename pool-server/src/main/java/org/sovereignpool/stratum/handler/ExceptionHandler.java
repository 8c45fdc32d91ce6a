package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.stratum.limit.Offence;
import org.sovereignpool.stratum.session.DisconnectReason;
import org.sovereignpool.stratum.session.StratumDisconnector;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * Last in the pipeline: whatever went wrong on a connection ends that connection only. A line over the cap closes it
 * (no reply: the line was not read); I/O errors are the peer going away; anything else is logged as a bug.
 * Messages that reach the end unhandled are released.
 */
@Sharable
public final class ExceptionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ExceptionHandler.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            StratumSession session = StratumSession.of(ctx.channel());
            if (session == null || !session.offence(Offence.MALFORMED_LINE)) {
                StratumDisconnector.disconnect(ctx.channel(), DisconnectReason.LINE_TOO_LONG, "line too long");
            }
        } else if (cause instanceof IOException) {
            StratumDisconnector.disconnect(ctx.channel(), DisconnectReason.IO_ERROR, cause.toString());
        } else {
            LOG.warn("closing {} after an unexpected error", ctx.channel().remoteAddress(), cause);
            StratumDisconnector.disconnect(ctx.channel(), DisconnectReason.UNEXPECTED_ERROR, cause.toString());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }
}
