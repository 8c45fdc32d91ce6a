package org.sovereignpool.sim.node;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/** A ZMQ SUB socket on "hashblock" that keeps every message's raw frames (as the recording's python3-zmq did). */
final class ZmqListener implements AutoCloseable {
    private final ZContext context = new ZContext(1);
    private final List<List<byte[]>> messages = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    ZmqListener(URI endpoint) {
        ZMQ.Socket socket = context.createSocket(SocketType.SUB);
        socket.setReceiveTimeOut(50);
        // as the pool's subscriber does (ZmqBlockSubscriber.HANDSHAKE): a connect JeroMQ leaves without reading the
        // publisher's greeting is dropped and made again after 1 s instead of JeroMQ's default 30 s
        socket.setHandshakeIvl(1000);
        socket.setReconnectIVL(100);
        socket.subscribe("hashblock".getBytes(ZMQ.CHARSET));
        socket.connect(endpoint.toString());
        thread = Thread.ofPlatform().daemon(true).name("test-zmq-sub").start(() -> {
            while (running) {
                ZMsg msg = ZMsg.recvMsg(socket);
                if (msg == null) {
                    continue;
                }
                List<byte[]> frames = new ArrayList<>();
                for (ZFrame f : msg) {
                    frames.add(f.getData());
                }
                messages.add(frames);
                msg.destroy();
            }
            socket.close();
        });
    }

    /** Every message so far, each as its frames. */
    List<List<byte[]>> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        if (!running) {
            return; // closed already
        }
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
