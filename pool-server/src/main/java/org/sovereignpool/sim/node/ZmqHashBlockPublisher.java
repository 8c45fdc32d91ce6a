package org.sovereignpool.sim.node;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Bitcoin Core's {@code -zmqpubhashblock} publisher: a socket bound to TCP on which each tip change is one message of
 * three frames, as zmq-hashblock-one-notification.json shows: the topic "hashblock" (9 bytes), the block hash in
 * display order (32 bytes, as getbestblockhash prints it), and a 4-byte little-endian sequence number that starts at
 * 0 each time the publisher starts.
 *
 * <p>Core's socket is a PUB; this one is an XPUB, which subscribers cannot tell apart, so that tests can see when a
 * subscription has arrived ({@link #subscriptions}) instead of waiting blindly for ZMQ's "slow joiner".
 *
 * <p>Threading: the socket lives on the publisher's own thread (ZMQ sockets are not thread-safe); {@link #publish}
 * may be called from any thread.
 */
final class ZmqHashBlockPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ZmqHashBlockPublisher.class);
    static final byte[] TOPIC = "hashblock".getBytes(ZMQ.CHARSET);

    private final ZContext context = new ZContext(1);
    private final BlockingQueue<Hash256> outbox = new LinkedBlockingQueue<>();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final CompletableFuture<Integer> bound = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean running = true;

    private ZmqHashBlockPublisher(String name, String host, int requestedPort) {
        this.thread = Thread.ofPlatform().name(name + "-zmq").daemon(true).start(() -> run(host, requestedPort));
    }

    /** Binds {@code tcp://host:port} (port 0: any free port). */
    static ZmqHashBlockPublisher bind(String name, String host, int port) throws InterruptedException {
        ZmqHashBlockPublisher p = new ZmqHashBlockPublisher(name, host, port);
        try {
            p.bound.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            p.close();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            p.close();
            throw new IllegalStateException("ZMQ publisher did not bind within 10 s", e);
        }
        return p;
    }

    private void run(String host, int requestedPort) {
        ZMQ.Socket socket;
        try {
            socket = context.createSocket(SocketType.XPUB);
            socket.setLinger(0);
            socket.bind("tcp://" + host + ":" + (requestedPort == 0 ? "*" : Integer.toString(requestedPort)));
            String endpoint = socket.getLastEndpoint();
            bound.complete(Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)));
        } catch (RuntimeException e) {
            bound.completeExceptionally(e);
            return;
        }
        int sequence = 0;
        try {
            while (running) {
                byte[] subscription;
                while ((subscription = socket.recv(ZMQ.DONTWAIT)) != null) {
                    if (subscription.length > 0) {
                        subscriptions.addAndGet(subscription[0] == 1 ? 1 : -1);
                    }
                }
                Hash256 tip = outbox.poll(20, TimeUnit.MILLISECONDS);
                if (tip == null) {
                    continue;
                }
                int n = sequence++;
                socket.sendMore(TOPIC);
                socket.sendMore(Hex.decode(tip.toDisplayHex()));
                socket.send(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                log.warn("ZMQ publisher failed: {}", e.toString());
            }
        } finally {
            socket.close();
        }
    }

    int port() {
        return bound.join();
    }

    /** Subscriptions the socket has received and not seen withdrawn. */
    int subscriptions() {
        return subscriptions.get();
    }

    static URI endpoint(String host, int port) {
        return URI.create("tcp://" + host + ":" + port);
    }

    /** Queues one hashblock message; the sequence counts up from 0. */
    void publish(Hash256 tip) {
        outbox.add(tip);
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
