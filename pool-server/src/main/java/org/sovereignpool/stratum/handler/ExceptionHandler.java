package org.sovereignpool.stratum.handler;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.stratum.session.StratumDisconnector;

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
            StratumDisconnector.disconnect(ctx.channel(), "line too long");
        } else if (cause instanceof IOException) {
            StratumDisconnector.disconnect(ctx.channel(), "I/O error: " + cause);
        } else {
            LOG.warn("closing {} after an unexpected error", ctx.channel().remoteAddress(), cause);
            StratumDisconnector.disconnect(ctx.channel(), "unexpected error: " + cause);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }
}
