package org.sovereignpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.CreditStatus;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.testing.node.NodeRpc;

/**
 * A reorganisation out and back, as the node does it (recordings 1a): the pool's block P is credited; {@code
 * invalidateblock P} takes it off the active chain (confirmations -1; ZMQ announces nothing, the pool's poll sees the
 * tip go back), and the ledger orphans it and reverses its credits; a competitor then mines B at the same height;
 * {@code reconsiderblock P} makes P the tip again (equal work, P was received first), and P is back: pending, its
 * credits restored.
 */
class ReorgNodeIT {
    @TempDir
    Path dir;

    /** The pool's credited block P on the node's tip, and a miner holding the job after it. */
    private record Found(String hash, Hash256 parent, StratumTestMiner miner) {}

    /** verify-ledger --node passes on the pool's ledger as it stands (issue 10: at each step of a reorg). */
    private static void ledgerVerifies(RegtestPool p, String step) {
        StringBuilder out = new StringBuilder();
        int status = p.verifyLedger(out);
        assertThat(status).as("verify-ledger --node " + step + ":\n" + out).isZero();
        assertThat(out.toString())
                .contains("OK: the ledger verifies")
                .contains("chain")
                .contains("anchors");
    }

    private static Found creditedPoolBlock(RegtestPool p) throws Exception {
        StratumTestMiner miner = p.miner("reorg");
        StratumTestMiner.Notify job = miner.latest();
        for (int i = 0; i < 5; i++) {
            assertThat(StratumTestMiner.errorCode(miner.submit(miner.mine(job, false))))
                    .isZero();
        }
        StratumTestMiner.Share block = miner.mine(job, true);
        miner.submit(block);
        String hash = block.hash().toDisplayHex();
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        p.pool.store().block(hash).map(BlockRecord::credited).orElse(false));
        assertThat(p.pool.store().creditsOfBlock(hash))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(CreditStatus.PENDING));
        assertThat(p.rpc(0).bestBlockHash()).isEqualTo(hash);
        miner.awaitJob(n -> n.prevHash().equals(block.hash()), Duration.ofSeconds(5));
        return new Found(hash, job.prevHash(), miner);
    }

    @Test
    void aPoolBlockInvalidatedOnTheNodeIsOrphanedAndItsCreditsReversed() throws Exception {
        try (RegtestPool p = RegtestPool.start(dir, RegtestPool.Setup.defaults())) {
            Found found = creditedPoolBlock(p);
            NodeRpc node = p.rpc(0);

            node.call("invalidateblock", found.hash());
            assertThat(node.confirmations(found.hash())).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            p.pool.store().block(found.hash()).orElseThrow().status() == BlockStatus.ORPHANED);
            assertThat(p.pool.store().creditsOfBlock(found.hash()))
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c.status()).isEqualTo(CreditStatus.REVERSED));
            // the pool noticed the tip going back without a ZMQ message, and mines on P's parent again
            found.miner().awaitJob(n -> n.cleanJobs() && n.prevHash().equals(found.parent()), Duration.ofSeconds(5));
        }
    }

    @Test
    void aPoolBlockReconsideredAfterACompetitorComesBackWithItsCredits() throws Exception {
        try (RegtestPool p = RegtestPool.start(dir, RegtestPool.Setup.defaults().ledger(RegtestPool.Ledger.POSTGRES))) {
            Found found = creditedPoolBlock(p);
            ledgerVerifies(p, "with the pool's block credited");
            NodeRpc node = p.rpc(0);
            node.call("invalidateblock", found.hash());
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            p.pool.store().block(found.hash()).orElseThrow().status() == BlockStatus.ORPHANED);
            ledgerVerifies(p, "with the block invalidated and orphaned");

            Hash256 competitor = Hash256.fromDisplayHex(p.mineOutside(0));
            found.miner().awaitJob(n -> n.cleanJobs() && n.prevHash().equals(competitor), Duration.ofSeconds(5));

            node.call("reconsiderblock", found.hash());
            assertThat(node.bestBlockHash())
                    .as("P was received first: it wins the tie")
                    .isEqualTo(found.hash());
            assertThat(node.confirmations(competitor.toDisplayHex())).isEqualTo(-1);
            found.miner()
                    .awaitJob(
                            n -> n.cleanJobs() && n.prevHash().equals(Hash256.fromDisplayHex(found.hash())),
                            Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            p.pool.store().block(found.hash()).orElseThrow().status() == BlockStatus.PENDING);
            List<Credit> credits = p.pool.store().creditsOfBlock(found.hash());
            assertThat(credits)
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c.status()).isEqualTo(CreditStatus.PENDING));
            ledgerVerifies(p, "with the block back on the chain");
        }
    }
}
