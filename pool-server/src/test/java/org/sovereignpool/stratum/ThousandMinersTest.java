package org.sovereignpool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.stratum.testing.MutableClock;
import org.sovereignpool.stratum.testing.TestPools;
import org.sovereignpool.stratum.testing.TestServer;

/**
 * 1,000 simulated miners on one server: every one subscribes, authorizes, gets jobs (the first and a broadcast
 * one) and gets shares accepted. Functional, not a benchmark: difficulty 1e-7 (~430 hashes a share) and two shares
 * per miner keep the CPU cost small; the bound is a deadline, not a speed assertion.
 */
class ThousandMinersTest {
    private static final int MINERS = 1000;

    @Test
    void aThousandMinersAllGetJobsAndAcceptedShares() throws Exception {
        Job first = TestPools.hardJob(1, 0x6b05c52e);
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(Integer.toUnsignedLong(first.ntime()) + 60));
        EventLoopGroup group = SimMiner.newGroup(2);
        List<SimMiner> miners = new ArrayList<>();
        try (TestServer pool = new TestServer(TestPools.config(TestPools.Knobs.regtest(1e-7)), clock, 2)) {
            pool.server.newJob(first);
            for (int i = 0; i < MINERS; i++) {
                miners.add(SimMiner.start(
                        SimMiner.Options.of("127.0.0.1", pool.address.getPort(), "demo.m" + i)
                                .withVersionRolling(i % 2 == 0)
                                .withShareLimit(2)
                                .withMaxRuntime(Duration.ofSeconds(120)),
                        Sha256s::fastest,
                        group));
            }
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> miners.stream().allMatch(m -> m.stats().accepted() >= 1));

            Job second = TestPools.hardJob(2, first.ntime() + 1);
            pool.server.newJob(second);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> miners.stream().allMatch(m -> m.stats().jobs() >= 2));

            Set<String> extranonces = new HashSet<>();
            for (SimMiner m : miners) {
                assertThat(m.stats().rejected()).isZero();
                extranonces.add(m.stats().extranonce1());
            }
            assertThat(extranonces).hasSize(MINERS);
            assertThat(pool.shares.size()).isGreaterThanOrEqualTo(MINERS);
            assertThat(pool.registry.get("stratum.connections").gauge().value()).isEqualTo(MINERS);
            assertThat(pool.registry.get("stratum.notify.fanout").timer().count())
                    .isEqualTo(2);
        } finally {
            for (SimMiner m : miners) {
                m.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }
}
