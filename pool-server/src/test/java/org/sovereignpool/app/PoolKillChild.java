package org.sovereignpool.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.stratum.Listener;
import org.sovereignpool.testing.pool.TestConfigs;

/**
 * A pool node process for the SIGKILL test (run as a child JVM): the demo configuration as node {@code nodeId}, its
 * journal under {@code dir}, its ledger at {@code jdbcUrl} (PostgreSQL), on a simulated chain; prints {@code port
 * <stratum port>} once it serves miners, then runs until it is killed.
 *
 * <p>Arguments: dir jdbcUrl user nodeId
 */
public final class PoolKillChild {
    private PoolKillChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PoolConfig config = TestConfigs.node(Integer.parseInt(args[3]), dir, args[1], args[2]);
        Clock clock = Clock.systemUTC();
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(1e6, Duration.ofSeconds(3600), 29), clock);
        PoolRuntime pool = PoolRuntime.start(
                config,
                registry -> chain,
                clock,
                PoolRuntime.Options.defaults(config)
                        .withListeners(List.of(Listener.plain("127.0.0.1", 0).withDifficulty(0.0001)))
                        .withHttp(new InetSocketAddress("127.0.0.1", 0)));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        out.println("port " + pool.stratumAddresses().get(0).getPort());
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
