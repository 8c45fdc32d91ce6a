package org.sovereignpool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.app.PoolRuntime;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.http.RuntimePoolStatus;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.testing.pool.TestConfigs;

/**
 * A pool node on its embedded H2 ledger writes its status (the same figures as its own summary) and carries out a
 * command written for it, marking it done; the writes are timed off the event loops ({@code cluster.status.write}).
 */
class NodeStatusOnH2Test {
    @Test
    void aNodeWritesItsFiguresAndCarriesOutItsCommands(@TempDir Path dir) throws Exception {
        PoolConfig config = TestConfigs.h2Node(4, dir);
        Clock clock = Clock.systemUTC();
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(1e6, Duration.ofSeconds(36_000), 5), clock);
        try (PoolRuntime pool = PoolRuntime.start(
                        config,
                        registry -> chain,
                        clock,
                        TestConfigs.options(config, 0.0001).withDataDir(dir));
                SimMiner miner = SimMiner.start(
                        SimMiner.Options.of(
                                        "127.0.0.1",
                                        pool.stratumAddresses().get(0).getPort(),
                                        "demo.h2-rig")
                                .withHashesPerSecond(400_000)
                                .withShareLimit(3),
                        Sha256s::fastest,
                        null)) {
            ClusterStore store = new ClusterStore(pool.store().dataSource(), pool.store()::ensureMigrated);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> miner.stats().submitted() >= 3
                            && miner.stats().accepted() + miner.stats().rejected() >= 3);
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        List<NodeStatus> rows = store.statuses();
                        RuntimePoolStatus.Summary own = pool.status().summary();
                        return rows.size() == 1
                                && rows.get(0).sharesAccepted() == own.shares().accepted()
                                && rows.get(0).sharesAccepted() == miner.stats().accepted()
                                && rows.get(0).connections() == 1;
                    });
            NodeStatus row = store.statuses().get(0);
            assertThat(row.nodeId()).isEqualTo(4);
            assertThat(row.instanceId()).isEqualTo(pool.leaseKeeper().instanceId());
            assertThat(row.authorizedWorkers()).isEqualTo(1);
            assertThat(row.activeWorkers()).isEqualTo(1);
            assertThat(row.stratumAddresses())
                    .containsExactly(
                            "127.0.0.1:" + pool.stratumAddresses().get(0).getPort());
            assertThat(row.httpAddress())
                    .isEqualTo("127.0.0.1:" + pool.httpAddress().getPort());
            assertThat(row.jobHeight()).isEqualTo(pool.jobs().currentJob().height());
            assertThat(row.jobPrevhash())
                    .isEqualTo(pool.jobs().currentJob().prevHash().toDisplayHex());
            assertThat(row.bitcoindHealthy()).isTrue();
            assertThat(row.bitcoindDetail()).isEqualTo("simulated chain");
            assertThat(row.operators()).singleElement().satisfies(o -> {
                assertThat(o.operatorId()).isEqualTo("demo");
                assertThat(o.activeWorkers()).isEqualTo(1);
                assertThat(o.hashrate10m()).isPositive();
            });

            long id = store.addCommand(4, ClusterCommand.Kind.MESSAGE, "hello from the console", clock.millis(), "t");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "hello from the console".equals(miner.stats().lastMessage()));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> store.command(id).orElseThrow().doneMillis() != null);
            assertThat(store.command(id).orElseThrow().result()).isEqualTo("client.show_message sent to 1 connections");
            Timer writes = pool.registry().find("cluster.status.write").timer();
            assertThat(writes).isNotNull();
            assertThat(writes.count()).isPositive();
        }
    }
}
