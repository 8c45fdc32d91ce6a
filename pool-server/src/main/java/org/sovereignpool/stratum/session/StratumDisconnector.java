package org.sovereignpool.stratum.session;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that closes miner connections, with the reason logged (HiveMQ's MqttServerDisconnector). */
public final class StratumDisconnector {
    private static final Logger LOG = LoggerFactory.getLogger(StratumDisconnector.class);

    private StratumDisconnector() {}

    /** Flushes what was written (e.g. the error reply that explains why) and closes. */
    public static void disconnect(Channel channel, String reason) {
        if (channel.isActive()) {
            LOG.debug("closing {}: {}", channel.remoteAddress(), reason);
            channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }
}
