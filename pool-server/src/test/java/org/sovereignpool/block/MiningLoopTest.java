package org.sovereignpool.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.job.JobManager;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.validate.JobSlot;
import org.sovereignpool.share.validate.SessionWork;
import org.sovereignpool.share.validate.ShareSubmission;
import org.sovereignpool.share.validate.ShareValidator;
import org.sovereignpool.share.validate.ShareVerdict;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.testing.node.TestMiner;

/**
 * The wiring the Stratum server will do, without the network: the job manager on a simulated chain, a session's
 * share check with the real ShareValidator, a block-solving share handed to the BlockSubmitter, and the chain
 * advancing to the next job. Shows how a test sees that a block was accepted and the chain moved on.
 */
class MiningLoopTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void threeBlocksInARowThroughTheRealShareCheck() throws Exception {
        PoolConfig config = DemoConfig.load();
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SimulatedChain chain =
                        SimulatedChain.create(SimulatedChain.Settings.regtest(Difficulty.of(1e-9), 5), clock);
                JobManager jobs = JobManager.fromConfig(config, chain, 4, clock, registry);
                BlockSubmitter submitter =
                        new BlockSubmitter(jobs, chain, dir, BlockSubmitter.RetryPolicy.DEFAULT, registry)) {
            LinkedBlockingQueue<Job> notified = new LinkedBlockingQueue<>();
            jobs.addListener(notified::add);
            List<BlockResult> results = new CopyOnWriteArrayList<>();
            submitter.addListener(results::add);
            jobs.start(Duration.ofSeconds(30));

            int en2Size = config.stratum().extranonce2Size();
            SessionWork session = new SessionWork(Extranonce.fromHex("01000001"), en2Size);
            ShareValidator validator = new ShareValidator(Sha256s.jdk());
            for (int block = 1; block <= 3; block++) {
                Job job = firstAt(notified, block);
                assertThat(job).as("a job for height " + block).isNotNull();
                assertThat(job.height()).isEqualTo(block);
                assertThat(job.cleanJobs()).isTrue();
                JobSlot slot = session.issue(job, Difficulty.of(1e-9));
                ShareVerdict verdict = null;
                int nonce = 0;
                while (verdict != ShareVerdict.BLOCK) {
                    verdict = validator.validate(
                            session,
                            slot,
                            jobs.isStale(job),
                            ShareSubmission.of(7, en2Size, job.ntime(), nonce++),
                            clock.instant().getEpochSecond());
                }
                ShareSubmission share = ShareSubmission.of(7, en2Size, job.ntime(), nonce - 1);
                FoundBlock found = new FoundBlock(
                        job,
                        validator.copyHeader(),
                        validator.coinbaseOf(session, job, share),
                        validator.hash(),
                        TestMiner.WORKER,
                        clock.millis());
                submitter.blockFound(found);

                int expected = block;
                await().atMost(Duration.ofSeconds(10)).until(() -> results.size() == expected);
                BlockResult result = results.get(block - 1);
                assertThat(result.accepted()).as(result.results().toString()).isTrue();
                assertThat(chain.height()).isEqualTo(block);
                assertThat(chain.bestBlockHash()).isEqualTo(found.hash());
                assertThat(chain.acceptedBlocks().get(block - 1).hash()).isEqualTo(found.hash());
            }
            Job next = firstAt(notified, 4);
            assertThat(next).isNotNull();
            assertThat(next.height()).isEqualTo(4);
            assertThat(registry.get("block.submitted")
                            .tag("result", "accepted")
                            .counter()
                            .count())
                    .isEqualTo(3);
            assertThat(registry.get("job.templates")
                            .tag("reason", "new-block")
                            .counter()
                            .count())
                    .isEqualTo(3);
        }
    }

    /**
     * The first job at {@code height}, skipping those of earlier blocks (with the demo's empty job on a new block, the
     * full template's job follows each empty one); null when none comes within 10 s.
     */
    private static Job firstAt(LinkedBlockingQueue<Job> notified, int height) throws InterruptedException {
        Job job;
        do {
            job = notified.poll(10, TimeUnit.SECONDS);
        } while (job != null && job.height() < height);
        return job;
    }
}
