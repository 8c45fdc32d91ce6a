package org.sovereignpool.node;

import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * Subscribes to a bitcoind's ZMQ {@code hashblock} publisher ({@code zmqpubhashblock=tcp://...}): each message is
 * [topic "hashblock", the 32-byte block hash in display (reversed) byte order, a 4-byte little-endian sequence].
 * One daemon thread per node; JeroMQ reconnects by itself when the node restarts.
 */
public final class ZmqBlockSubscriber implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ZmqBlockSubscriber.class);
    public static final String TOPIC = "hashblock";
    /**
     * How long the ZMTP handshake may take before the socket drops the connection and connects again. JeroMQ 0.6.0
     * now and then (about one connect in 30 on loopback here) leaves a freshly connected socket without reading the
     * publisher's greeting; with JeroMQ's default of 30 s the pool would then hear of no block for 30 s after each
     * such (re)connect (ZmqHandshakeRetryTest). A real handshake takes a few round trips.
     */
    static final Duration HANDSHAKE = Duration.ofSeconds(2);

    private final ZContext context = new ZContext(1);
    private final Thread thread;
    private volatile boolean running = true;

    private ZmqBlockSubscriber(String nodeName, URI endpoint, TemplateSource.TipListener onBlock) {
        ZMQ.Socket socket = context.createSocket(SocketType.SUB);
        socket.setReceiveTimeOut(200); // so the loop sees close() promptly
        socket.setReconnectIVL(100);
        socket.setReconnectIVLMax(5000);
        socket.setHandshakeIvl((int) HANDSHAKE.toMillis());
        socket.subscribe(TOPIC.getBytes(ZMQ.CHARSET));
        socket.connect(endpoint.toString());
        this.thread = Thread.ofPlatform()
                .name("zmq-hashblock-" + nodeName)
                .daemon(true)
                .start(() -> loop(nodeName, socket, onBlock));
        log.info("{}: subscribed to ZMQ hashblock at {}", nodeName, endpoint);
    }

    /**
     * Starts a subscriber thread; {@code onBlock} is called on it for every hashblock message, with the {@link
     * System#nanoTime()} at which the message was received (where a new block's delay to the miners starts).
     */
    public static ZmqBlockSubscriber start(String nodeName, URI endpoint, TemplateSource.TipListener onBlock) {
        return new ZmqBlockSubscriber(nodeName, endpoint, onBlock);
    }

    private void loop(String nodeName, ZMQ.Socket socket, TemplateSource.TipListener onBlock) {
        while (running && !Thread.currentThread().isInterrupted()) {
            ZMsg msg;
            try {
                msg = ZMsg.recvMsg(socket);
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("{}: ZMQ receive failed: {}", nodeName, e.toString());
                }
                return;
            }
            if (msg == null) {
                continue; // receive timeout
            }
            long seenNanos = System.nanoTime();
            try {
                Hash256 hash = parse(msg);
                if (hash == null) {
                    log.warn("{}: ignored a malformed ZMQ message of {} frames", nodeName, msg.size());
                } else {
                    onBlock.newTip(hash, seenNanos);
                }
            } catch (RuntimeException e) {
                log.error("{}: hashblock listener failed", nodeName, e);
            } finally {
                msg.destroy();
            }
        }
    }

    /** The block hash in a hashblock message, or null when the message is not one. */
    static Hash256 parse(ZMsg msg) {
        if (msg.size() < 2) {
            return null;
        }
        java.util.Iterator<org.zeromq.ZFrame> frames = msg.iterator();
        String topic = new String(frames.next().getData(), ZMQ.CHARSET);
        byte[] body = frames.next().getData();
        if (!TOPIC.equals(topic) || body.length != Hash256.SIZE) {
            return null;
        }
        return Hash256.fromDisplayHex(Hex.encode(body));
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
