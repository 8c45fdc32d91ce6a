package org.sovereignpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.block.BlockSubmitter;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.node.BitcoindTemplateSource;
import org.sovereignpool.node.SubmitResult;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.testing.node.NodeRpc;
import org.sovereignpool.testing.node.TestMiner;

/**
 * Each kind of submitblock answer handled as its meaning demands (recordings 1b and 1c): a rejection (here
 * "bad-prevblk": the node invalidated the job's parent, which it announces to nobody) is logged with Core's reason,
 * the block kept for inspection and never counted as found; an accepted block whose reply was lost is resubmitted and
 * "duplicate" resolved with getblockheader: found; a late solution for a job whose tip was replaced is
 * "inconclusive", the pool asks the node to prefer it (equal work) and getblockheader confirms it on the best chain.
 */
class SubmitAnswerNodeIT {
    @TempDir
    Path dir;

    private final Logger submitterLog = (Logger) LoggerFactory.getLogger(BlockSubmitter.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        submitterLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        submitterLog.detachAppender(logged);
    }

    @Test
    void aRejectedBlockIsLoggedWithCoresReasonKeptAndNeverCountedAsFound() throws Exception {
        // no tip poll during the test: the pool keeps the job on the invalidated block, as it would between polls
        RegtestPool.Setup setup = RegtestPool.Setup.defaults()
                .sourceOptions(new BitcoindTemplateSource.Options(
                        Duration.ofMillis(500), Duration.ofSeconds(60), true, Duration.ofMinutes(2)));
        try (RegtestPool p = RegtestPool.start(dir, setup)) {
            StratumTestMiner miner = p.miner("unlucky");
            Hash256 parent = Hash256.fromDisplayHex(p.mineOutside(0));
            StratumTestMiner.Notify job = miner.awaitJob(n -> n.prevHash().equals(parent), Duration.ofSeconds(5));
            p.rpc(0).call("invalidateblock", job.prevHash().toDisplayHex());

            StratumTestMiner.Share share = miner.mine(job, true);
            miner.submit(share);
            String hash = share.hash().toDisplayHex();
            await().atMost(Duration.ofSeconds(10)).until(() -> p.result(hash).isPresent());
            BlockResult result = p.result(hash).orElseThrow();

            assertThat(result.outcome()).isEqualTo("rejected");
            assertThat(result.accepted()).isFalse();
            assertThat(result.countsAsFound()).isFalse();
            assertThat(result.results()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(SubmitResult.Status.REJECTED);
                assertThat(r.reason()).isEqualTo("bad-prevblk");
            });
            assertThat(logged.list).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage())
                        .contains(hash, "REJECTED", "bad-prevblk", "demo.unlucky", "not counted as found");
            });
            Path kept = result.savedHex().orElseThrow();
            byte[] keptBlock = Hex.decode(Files.readString(kept).strip());
            assertThat(Hash256.fromInternalBytes(TestMiner.sha256d(Arrays.copyOf(keptBlock, 80))))
                    .as("the block kept is the one found")
                    .isEqualTo(share.hash());
            assertThat(p.pool.store().block(hash)).as("not in the ledger").isEmpty();
            assertThat(p.pool.status().blocks(10)).isEmpty();
            assertThat(p.pool.registry()
                            .counter("block.submitted", "result", "rejected")
                            .count())
                    .isEqualTo(1);
            assertThat(p.pool.registry().counter("blocks.accepted").count()).isZero();
        }
    }

    @Test
    void anAcceptedBlockWhoseReplyWasLostIsResolvedAsDuplicateAndFound() throws Exception {
        try (RegtestPool p = RegtestPool.start(dir, RegtestPool.Setup.defaults().rpcTimeout(Duration.ofMillis(800)))) {
            StratumTestMiner miner = p.miner("patient");
            p.node(0).holdSubmitReplies(1, Duration.ofSeconds(2));
            StratumTestMiner.Share share = miner.mine(miner.latest(), true);
            miner.submit(share);
            String hash = share.hash().toDisplayHex();
            await().atMost(Duration.ofSeconds(15)).until(() -> p.result(hash).isPresent());
            BlockResult result = p.result(hash).orElseThrow();
            assertThat(result.outcome()).isEqualTo("duplicate");
            assertThat(result.onBestChain()).contains(true);
            assertThat(p.node(0).calls("submitblock")).isGreaterThanOrEqualTo(2);
            assertThat(p.rpc(0).bestBlockHash()).isEqualTo(hash);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> p.pool.store().block(hash).isPresent());
            assertThat(p.pool.store().block(hash).orElseThrow().status()).isEqualTo(BlockStatus.PENDING);
        }
    }

    @Test
    void aLateSolutionIsInconclusiveThenPreferredAndConfirmedWithGetblockheader() throws Exception {
        try (RegtestPool p = RegtestPool.start(dir, RegtestPool.Setup.defaults())) {
            StratumTestMiner miner = p.miner("late");
            StratumTestMiner.Notify old = miner.latest();
            StratumTestMiner.Share late = miner.mine(old, true);
            Hash256 competitor = Hash256.fromDisplayHex(p.mineOutside(0));
            miner.awaitJob(n -> n.cleanJobs() && n.prevHash().equals(competitor), Duration.ofSeconds(5));

            assertThat(StratumTestMiner.errorCode(miner.submit(late)))
                    .as("the share is stale for the miner")
                    .isEqualTo(21);
            String hash = late.hash().toDisplayHex();
            await().atMost(Duration.ofSeconds(10)).until(() -> p.result(hash).isPresent());
            BlockResult result = p.result(hash).orElseThrow();
            assertThat(result.results())
                    .singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(SubmitResult.Status.INCONCLUSIVE));
            assertThat(result.outcome()).isEqualTo("inconclusive");
            assertThat(result.onBestChain()).contains(true);
            NodeRpc node = p.rpc(0);
            assertThat(node.bestBlockHash()).isEqualTo(hash);
            assertThat(node.confirmations(competitor.toDisplayHex())).isEqualTo(-1);
            miner.awaitJob(n -> n.cleanJobs() && n.prevHash().equals(late.hash()), Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> p.pool.store().block(hash).isPresent());
        }
    }
}
