package org.sovereignpool.stratum.session;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that closes miner connections, with the reason logged and counted (HiveMQ's MqttServerDisconnector).
 * It closes for real: whatever the socket takes at once (e.g. the error reply that explains why) is flushed into it,
 * and the rest is dropped. It never waits for a flush to complete, because a peer that does not read would keep the
 * connection, and its buffers, forever.
 */
public final class StratumDisconnector {
    private static final Logger LOG = LoggerFactory.getLogger(StratumDisconnector.class);

    private StratumDisconnector() {}

    public static void disconnect(Channel channel, DisconnectReason reason, String detail) {
        if (channel.isOpen()) {
            LOG.debug("closing {}: {} ({})", channel.remoteAddress(), reason.tag(), detail);
            StratumSession session = StratumSession.of(channel);
            if (session != null) {
                session.disconnected(reason);
            }
            channel.flush();
            channel.close();
        }
    }
}
