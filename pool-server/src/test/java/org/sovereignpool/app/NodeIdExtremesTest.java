package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.testing.pool.TestConfigs;

/**
 * Every valid {@code pool.nodeId} works end to end: at both extremes of 0..255 a miner's shares are accepted (job ids
 * found again), its extranonce1 starts with the node id, a block-solving share becomes a block the chain accepts and
 * the ledger records under that node, and every acknowledged share reaches the ledger under that node id.
 */
class NodeIdExtremesTest {

    @ParameterizedTest(name = "pool.nodeId {0}")
    @ValueSource(ints = {0, 255})
    void sharesAndBlocksWorkAtTheNodeIdExtremes(int nodeId, @TempDir Path dir) throws Exception {
        PoolConfig config = TestConfigs.h2Node(nodeId, dir);
        Clock clock = Clock.systemUTC();
        long hashrate = 1_000_000;
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(hashrate, Duration.ofSeconds(1), 21), clock);
        List<BlockResult> results = new CopyOnWriteArrayList<>();
        PoolRuntime.Options options = TestConfigs.options(config, 0.0001);
        try (PoolRuntime pool = PoolRuntime.start(config, registry -> chain, clock, options)) {
            pool.addBlockListener(results::add);
            SimMiner miner = SimMiner.start(
                    SimMiner.Options.of(
                                    "127.0.0.1", pool.stratumAddresses().get(0).getPort(), "demo.edge-" + nodeId)
                            .withVersionRolling(true)
                            .withHashesPerSecond(hashrate),
                    Sha256s::fastest,
                    null);
            try {
                // with negative job ids every share was "job not found" (21); a block every second also makes
                // the odd share stale (21 as well), so the test asks for accepted shares, and no other reject
                await().alias("5 shares accepted at node id " + nodeId)
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> miner.stats().accepted() >= 5);
                assertThat(miner.stats().rejectedByCode().keySet())
                        .as("shares rejected at node id %d", nodeId)
                        .isSubsetOf(21);
                assertThat(miner.stats().rejected())
                        .as("stale shares at node id %d", nodeId)
                        .isLessThan(miner.stats().accepted());
                assertThat(miner.stats().extranonce1()).startsWith(String.format("%02x", nodeId));
                Job job = pool.jobs().currentJob();
                assertThat(job.id()).isNotNegative();
                assertThat(job.id() >>> 55).isEqualTo(nodeId);
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> results.stream().anyMatch(BlockResult::accepted));
            } finally {
                miner.close();
            }
            BlockResult block =
                    results.stream().filter(BlockResult::accepted).findFirst().orElseThrow();
            assertThat(chain.blockHeader(block.found().hash())).isPresent();
            long acked = miner.stats().accepted();
            long unanswered = miner.stats().submitted() - acked - miner.stats().rejected();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pool.store()
                                    .block(block.found().hash().toDisplayHex())
                                    .isPresent()
                            && pool.store().appliedSequence(nodeId)
                                    == pool.journal().writtenSequence());
            assertThat(pool.store()
                            .block(block.found().hash().toDisplayHex())
                            .orElseThrow()
                            .nodeId())
                    .isEqualTo(nodeId);
            assertThat(pool.store().shareCount(nodeId)).isBetween(acked, acked + unanswered);
        }
    }
}
