package org.sovereignpool.stratum.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.stratum.JobRefresher;
import org.sovereignpool.stratum.Listener;
import org.sovereignpool.stratum.RegisteredOperators;
import org.sovereignpool.stratum.StratumServer;

/** A real StratumServer on 127.0.0.1, an ephemeral port, with recording collaborators. */
public final class TestServer implements AutoCloseable {
    public final PoolConfig config;
    public final MutableClock clock;
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final Queue<AcceptedShare> shares = new ConcurrentLinkedQueue<>();
    public final Queue<FoundBlock> blocks = new ConcurrentLinkedQueue<>();
    /** "block" and "share" in the order the server handed them over. */
    public final Queue<String> events = new ConcurrentLinkedQueue<>();

    public final AtomicBoolean failRecording = new AtomicBoolean();
    public final StratumServer server;
    public final InetSocketAddress address;

    public TestServer(PoolConfig config, MutableClock clock, int ioThreads) throws InterruptedException {
        this.config = config;
        this.clock = clock;
        this.server = new StratumServer(
                config,
                registry,
                block -> {
                    events.add("block");
                    blocks.add(block);
                },
                share -> {
                    if (failRecording.get()) {
                        throw new IllegalStateException("journal unavailable");
                    }
                    events.add("share");
                    shares.add(share);
                },
                new RegisteredOperators(config),
                Sha256s::fastest,
                clock,
                JobRefresher.rollNtime(),
                ioThreads);
        List<InetSocketAddress> bound = server.start(List.of(Listener.plain("127.0.0.1", 0)));
        this.address = bound.get(0);
    }

    @Override
    public void close() {
        server.close();
    }
}
