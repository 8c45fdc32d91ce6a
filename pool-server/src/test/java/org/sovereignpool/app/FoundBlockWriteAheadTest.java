package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.node.SubmitResult;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.testing.pool.SharedChain;
import org.sovereignpool.testing.pool.TestConfigs;

/**
 * The pool dies while {@code submitblock} is in flight: the node has the block (it is on chain), but no answer ever
 * comes back. After a restart on the same data directory the ledger records the block anyway, resolved against the
 * node, because it was written ahead of the submission.
 */
class FoundBlockWriteAheadTest {

    /** Thrown out of submitblock once the node has the block: the submitting thread dies, as in a crash. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash during submitblock", null, false, false);
        }
    }

    /** The chain, except that submitblock delivers the block and then never returns an answer. */
    static final class DyingSubmit extends SharedChain {
        DyingSubmit(SimulatedChain chain) {
            super(chain);
        }

        @Override
        public List<SubmitResult> submitBlock(byte[] block) {
            chain.submitBlock(block);
            throw new SimulatedCrash();
        }
    }

    @Test
    void aBlockOnChainWhoseSubmissionNeverAnsweredIsRecordedAfterTheRestart(@TempDir Path dir) throws Exception {
        PoolConfig config = TestConfigs.h2Node(0, dir);
        Clock clock = Clock.systemUTC();
        long hashrate = 1_000_000;
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(hashrate, Duration.ofSeconds(1), 9), clock);
        PoolRuntime.Options options = TestConfigs.options(config, 0.0001);
        try (PoolRuntime pool = PoolRuntime.start(config, registry -> new DyingSubmit(chain), clock, options)) {
            SimMiner miner = SimMiner.start(
                    SimMiner.Options.of(
                                    "127.0.0.1", pool.stratumAddresses().get(0).getPort(), "demo.inflight")
                            .withHashesPerSecond(hashrate),
                    Sha256s::fastest,
                    null);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> chain.height() >= 1);
            } finally {
                miner.close();
            }
        }
        String hash = chain.acceptedBlocks().getFirst().hash().toDisplayHex();

        try (PoolRuntime restarted = PoolRuntime.start(config, registry -> chain, clock, options)) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(restarted.store().block(hash))
                            .as("block %s, on chain, whose submitblock never answered before the crash", hash)
                            .isPresent());
            BlockRecord b = restarted.store().block(hash).orElseThrow();
            assertThat(b.height()).isEqualTo(1);
            assertThat(b.finderWorker()).isEqualTo("inflight");
            assertThat(b.status()).isEqualTo(BlockStatus.PENDING);
            assertThat(b.rewardSats())
                    .isEqualTo(chain.acceptedBlocks().getFirst().coinbasePaid());
            assertThat(b.submitResults().values()).singleElement().asString().contains("in the main chain");
        }
    }
}
