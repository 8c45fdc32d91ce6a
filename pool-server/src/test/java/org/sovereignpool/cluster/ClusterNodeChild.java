package org.sovereignpool.cluster;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.sovereignpool.app.PoolRuntime;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.testing.pool.TestConfigs;

/**
 * One pool node of {@link ThreeNodeClusterTest}, in its own JVM: the demo configuration as node {@code nodeId}, its
 * journal under {@code dir}, its ledger at {@code jdbcUrl}, a node lease of {@code leaseSeconds}, on a simulated chain
 * from regtest's genesis (every node's the same, slow: no block during the test). Prints {@code READY <stratum port>
 * <http port>} once it serves miners, then runs until killed.
 *
 * <p>Arguments: dir jdbcUrl user nodeId leaseSeconds
 */
public final class ClusterNodeChild {
    private ClusterNodeChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PoolConfig config = TestConfigs.withNodeLease(
                TestConfigs.node(Integer.parseInt(args[3]), dir, args[1], args[2]), Integer.parseInt(args[4]));
        Clock clock = Clock.systemUTC();
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(1e6, Duration.ofSeconds(36_000), 13), clock);
        PoolRuntime pool = PoolRuntime.start(
                config,
                registry -> chain,
                clock,
                TestConfigs.options(config, 0.0001).withDataDir(dir));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        out.println("READY " + pool.stratumAddresses().get(0).getPort() + " "
                + pool.httpAddress().getPort());
        new CountDownLatch(1).await(); // until killed
    }
}
