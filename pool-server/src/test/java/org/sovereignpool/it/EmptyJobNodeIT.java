package org.sovereignpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.Network;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.job.EmptyTemplate;
import org.sovereignpool.job.JobManager;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.testing.node.NodeRpc;

/**
 * The empty job on a new block (job.emptyJobOnNewBlock, on by default) against the stand-in, whose block checks follow
 * Core's (coinbase value, witness commitment, time, bits): on an outside block a miner gets first a clean job with no
 * transactions on the new tip, then the full template's job on the same tip, not clean; a share on the empty job
 * still counts after the full one arrived; a block on the empty job is accepted (submitblock null) and pays the
 * treasury the subsidy; a block on the full job that follows is accepted too, with its transactions.
 */
class EmptyJobNodeIT {
    @TempDir
    Path dir;

    @Test
    void theEmptyJobComesFirstAndBlocksOnItAndOnTheFullJobAfterItAreAccepted() throws Exception {
        try (RegtestPool p = RegtestPool.start(dir, RegtestPool.Setup.defaults())) {
            StratumTestMiner miner = p.miner("empty");
            // the event loop sends each connection the newest job when it gets to it: should the template overtake the
            // empty job on a loaded machine, the miner gets the full job alone (clean); then another block is tried
            Hash256 outside = null;
            StratumTestMiner.Notify empty = null;
            for (int attempt = 0; attempt < 5 && empty == null; attempt++) {
                Hash256 tip = Hash256.fromDisplayHex(p.mineOutside(0));
                StratumTestMiner.Notify first = miner.awaitJob(n -> n.prevHash().equals(tip), Duration.ofSeconds(5));
                assertThat(first.cleanJobs())
                        .as("the first job on the new block")
                        .isTrue();
                if (p.pool.jobs().issued(first.job().id()).orElseThrow().reason()
                        == JobManager.Reason.NEW_BLOCK_EMPTY) {
                    outside = tip;
                    empty = first;
                }
            }
            assertThat(empty)
                    .as("the empty job reached the miner before the template")
                    .isNotNull();
            Hash256 emptyTip = outside;
            String emptyId = empty.jobId();
            JobManager.IssuedJob emptyIssued =
                    p.pool.jobs().issued(empty.job().id()).orElseThrow();
            assertThat(emptyIssued.template().transactions()).isEmpty();
            assertThat(empty.job().merkleBranch().depth()).isZero();

            StratumTestMiner.Notify full = miner.awaitJob(
                    n -> n.prevHash().equals(emptyTip) && !n.jobId().equals(emptyId), Duration.ofSeconds(5));
            assertThat(full.cleanJobs())
                    .as("the full template on the same block")
                    .isFalse();
            BlockTemplate fullTemplate =
                    p.pool.jobs().templateFor(full.job().id()).orElseThrow();
            assertThat(fullTemplate.transactions()).as("the stand-in's mempool").isNotEmpty();
            assertThat(fullTemplate.height()).isEqualTo(emptyIssued.template().height());

            assertThat(StratumTestMiner.errorCode(miner.submit(miner.mine(empty, false))))
                    .as("a share on the empty job after the full one arrived")
                    .isZero();

            // a block on the empty job: the coinbase alone, the subsidy to the treasury
            StratumTestMiner.Share onEmpty = miner.mine(empty, true);
            assertThat(StratumTestMiner.errorCode(miner.submit(onEmpty))).isZero();
            String emptyHash = onEmpty.hash().toDisplayHex();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> p.result(emptyHash).isPresent());
            assertThat(p.result(emptyHash).orElseThrow().outcome()).isEqualTo("accepted");
            NodeRpc node = p.rpc(0);
            assertThat(node.bestBlockHash()).isEqualTo(emptyHash);
            JsonNode block = node.call("getblock", emptyHash, 2);
            int height = emptyIssued.template().height();
            assertThat(block.get("height").asInt()).isEqualTo(height);
            assertThat(block.get("tx")).hasSize(1);
            JsonNode vout = block.get("tx").get(0).get("vout");
            assertThat(vout.get(0).get("scriptPubKey").get("hex").asText()).isEqualTo(RegtestPool.treasuryScriptHex());
            assertThat(sats(vout.get(0).get("value"))).isEqualTo(EmptyTemplate.subsidy(Network.REGTEST, height));

            // the pool's own block is a new block too: empty job, then the full job (or the full job alone, clean, had
            // it
            // overtaken the empty one); a block on the full one
            Hash256 ours = onEmpty.hash();
            StratumTestMiner.Notify nextFull = miner.awaitJob(
                    n -> n.prevHash().equals(ours)
                            && p.pool.jobs()
                                    .issued(n.job().id())
                                    .map(j -> j.reason() == JobManager.Reason.NEW_BLOCK)
                                    .orElse(false),
                    Duration.ofSeconds(5));
            int fullTxs = p.pool.jobs()
                    .templateFor(nextFull.job().id())
                    .orElseThrow()
                    .transactions()
                    .size();
            StratumTestMiner.Share onFull = miner.mine(nextFull, true);
            assertThat(StratumTestMiner.errorCode(miner.submit(onFull))).isZero();
            String fullHash = onFull.hash().toDisplayHex();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> p.result(fullHash).isPresent());
            assertThat(p.result(fullHash).orElseThrow().outcome()).isEqualTo("accepted");
            assertThat(node.bestBlockHash()).isEqualTo(fullHash);
            assertThat(node.call("getblock", fullHash, 1).get("tx")).hasSize(fullTxs + 1);
        }
    }

    private static long sats(JsonNode btc) {
        return new BigDecimal(btc.asText()).movePointRight(8).longValueExact();
    }
}
