package org.sovereignpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.node.SubmitResult;
import org.sovereignpool.share.model.Hash256;

/**
 * Two nodes A and B (connected: blocks relay between them), configured in that order: templates come from A; when A
 * stops, from B within a second of the pool seeing A fail; when A returns (it catches up with B first), from A again.
 * A found block goes to both nodes.
 */
class FailoverNodeIT {
    @TempDir
    Path dir;

    @Test
    void templatesComeFromBWithinASecondOfAFailingAndFromAAgainWhenItReturns() throws Exception {
        try (RegtestPool p = RegtestPool.start(dir, RegtestPool.Setup.defaults().nodes(2))) {
            StratumTestMiner watcher = p.miner("watcher");
            assertThat(p.source.servingNode()).isZero();
            long fromB = p.node(1).calls("getblocktemplate");

            p.node(0).stop();
            AtomicLong seen = new AtomicLong();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> {
                        if (!p.source.isHealthy(0)) {
                            seen.set(System.nanoTime());
                            return true;
                        }
                        return false;
                    });
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> p.node(1).calls("getblocktemplate") > fromB && p.source.servingNode() == 1);
            assertThat(Duration.ofNanos(System.nanoTime() - seen.get()))
                    .as("from A's failure being seen to a template from B")
                    .isLessThanOrEqualTo(Duration.ofSeconds(1));

            // B serves: its blocks reach the miners
            Hash256 onB = Hash256.fromDisplayHex(p.mineOutside(1));
            watcher.awaitJob(n -> n.cleanJobs() && n.prevHash().equals(onB), Duration.ofSeconds(5));

            // A returns, catches up with B, and serves again
            long fromA = p.node(0).calls("getblocktemplate");
            p.node(0).startAgain();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> p.node(0).chain().bestBlockHash().equals(onB));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> p.node(0).calls("getblocktemplate") > fromA && p.source.servingNode() == 0);
            Hash256 onA = Hash256.fromDisplayHex(p.mineOutside(0));
            watcher.awaitJob(n -> n.cleanJobs() && n.prevHash().equals(onA), Duration.ofSeconds(5));
        }
    }

    @Test
    void aFoundBlockIsSubmittedToBothNodes() throws Exception {
        // relay slower than the pool, so that each node hears of the block from the pool itself
        try (RegtestPool p =
                RegtestPool.start(dir, RegtestPool.Setup.defaults().nodes(2).relayDelay(Duration.ofSeconds(5)))) {
            StratumTestMiner miner = p.miner("finder");
            StratumTestMiner.Share block = miner.mine(miner.latest(), true);
            miner.submit(block);
            String hash = block.hash().toDisplayHex();
            await().atMost(Duration.ofSeconds(10)).until(() -> p.result(hash).isPresent());
            BlockResult result = p.result(hash).orElseThrow();
            assertThat(result.results())
                    .hasSize(2)
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(SubmitResult.Status.ACCEPTED));
            assertThat(p.node(0).calls("submitblock")).isEqualTo(1);
            assertThat(p.node(1).calls("submitblock")).isEqualTo(1);
            assertThat(p.rpc(0).bestBlockHash()).isEqualTo(hash);
            assertThat(p.rpc(1).bestBlockHash()).isEqualTo(hash);
        }
    }
}
