package org.sovereignpool.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.job.JobIds;
import org.sovereignpool.job.JobManager;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.share.job.CoinbaseBuilder;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.testing.node.NodeFixtures;
import org.sovereignpool.testing.node.TestMiner;

/** The write-ahead record of a found block is made before the block goes to any node, and only once. */
class BlockWriteAheadTest {
    @Test
    void theWriteAheadHappensBeforeSubmitblockAndAFailingOneDoesNotStopTheBlock(@TempDir Path dir) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<String> events = new CopyOnWriteArrayList<>();
        try (SimulatedChain chain = NodeFixtures.chainFrom112(3);
                JobManager jobs = new JobManager(
                        chain,
                        CoinbaseBuilder.of("/SovereignPool/", NodeFixtures.treasuryScript(), 4, 4),
                        new JobIds(1, 1_795_540_000L),
                        8,
                        registry);
                BlockSubmitter submitter = new BlockSubmitter(
                        jobs, chain, dir.resolve("blocks"), BlockSubmitter.RetryPolicy.DEFAULT, registry)) {
            submitter.setWriteAhead((found, template) -> {
                events.add("write-ahead " + found.hash() + " at " + template.height() + ", chain tip "
                        + chain.bestBlockHash().equals(found.hash()));
                throw new IllegalStateException("disk full");
            });
            submitter.addListener(r -> events.add("result " + r.outcome()));
            Job job = jobs.refresh(JobManager.Reason.STARTUP).orElseThrow();
            FoundBlock found =
                    TestMiner.mine(job, jobs.templateFor(job.id()).orElseThrow(), new byte[] {1, 2, 3, 4}, 5);
            submitter.blockFound(found);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
            assertThat(events)
                    .containsExactly("write-ahead " + found.hash() + " at 112, chain tip false", "result accepted");
            assertThat(chain.bestBlockHash()).isEqualTo(found.hash());
        }
    }
}
