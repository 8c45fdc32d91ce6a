package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.config.PayoutConfig;
import org.sovereignpool.config.PayoutScheme;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.CreditStatus;
import org.sovereignpool.ledger.store.ShareAggregate;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.testing.pool.TestConfigs;

/**
 * {@code payout.scheme: pps} end to end: miners' accepted shares are credited as they reach the ledger, each worker
 * exactly {@code floor(subsidy x summed difficulty x target / DIFF1)} (recomputed here on its own from the share
 * aggregates and the chain's target), final at once; a block found under PPS credits nothing and is not shown as
 * credited.
 */
class PpsEndToEndTest {
    private static final BigInteger DIFF1 = BigInteger.valueOf(0xFFFF).shiftLeft(208);

    @Test
    void everyAcceptedShareIsCreditedAtItsJobsNetworkDifficulty(@TempDir Path dir) throws Exception {
        PoolConfig config = TestConfigs.withPayout(TestConfigs.h2Node(0, dir), new PayoutConfig(PayoutScheme.PPS, 2.0));
        Clock clock = Clock.systemUTC();
        long hashrate = 1_000_000;
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(2 * hashrate, Duration.ofSeconds(1), 5), clock);
        List<BlockResult> results = new CopyOnWriteArrayList<>();
        PoolRuntime.Options options = TestConfigs.options(config, 0.0001);
        try (PoolRuntime pool = PoolRuntime.start(config, registry -> chain, clock, options)) {
            pool.addBlockListener(results::add);
            int port = pool.stratumAddresses().get(0).getPort();
            List<SimMiner> miners = List.of(
                    SimMiner.start(
                            SimMiner.Options.of("127.0.0.1", port, "demo.pps-1").withHashesPerSecond(hashrate),
                            Sha256s::fastest,
                            null),
                    SimMiner.start(
                            SimMiner.Options.of("127.0.0.1", port, "demo.pps-2").withHashesPerSecond(hashrate),
                            Sha256s::fastest,
                            null));
            try {
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> results.stream().anyMatch(BlockResult::accepted)
                                && miners.stream().allMatch(m -> m.stats().accepted() >= 3));
            } finally {
                miners.forEach(SimMiner::close);
            }
            String block = results.stream()
                    .filter(BlockResult::accepted)
                    .findFirst()
                    .orElseThrow()
                    .found()
                    .hash()
                    .toDisplayHex();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pool.store().block(block).isPresent()
                            && pool.store().appliedSequence(0) == pool.journal().writtenSequence());

            // what each worker is owed, recomputed here from the aggregates: per subsidy, the exact summed difficulty
            BigInteger target = chain.settings().bits().toTarget().toBigInteger();
            Map<String, Map<Long, BigDecimal>> sums = new TreeMap<>();
            for (ShareAggregate a :
                    pool.store().sharesBySequence(0, 0, pool.store().appliedSequence(0))) {
                long subsidy = 5_000_000_000L >> (a.maxHeight() / 150); // regtest halves every 150 blocks
                sums.computeIfAbsent(a.worker(), w -> new TreeMap<>())
                        .merge(subsidy, new BigDecimal(a.sumDifficulty()), BigDecimal::add);
            }
            assertThat(sums).containsOnlyKeys("pps-1", "pps-2");
            for (var worker : sums.entrySet()) {
                long expected = 0;
                for (var bySubsidy : worker.getValue().entrySet()) {
                    BigDecimal exact = bySubsidy
                            .getValue()
                            .multiply(new BigDecimal(bySubsidy.getKey()))
                            .multiply(new BigDecimal(target))
                            .divide(new BigDecimal(DIFF1), 0, java.math.RoundingMode.FLOOR);
                    expected += exact.longValueExact();
                }
                List<Credit> credits = pool.store().creditsOf("demo", 0, Long.MAX_VALUE).stream()
                        .filter(c -> c.worker().equals(worker.getKey()))
                        .toList();
                assertThat(credits.stream().mapToLong(Credit::amountSats).sum())
                        .as("PPS credits of demo.%s", worker.getKey())
                        .isEqualTo(expected)
                        .isPositive();
                assertThat(credits).allSatisfy(c -> {
                    assertThat(c.scheme()).isEqualTo("PPS");
                    assertThat(c.status()).isEqualTo(CreditStatus.FINAL);
                    assertThat(c.blockHash()).isNull();
                });
            }
            BlockRecord found = pool.store().block(block).orElseThrow();
            assertThat(found.credited())
                    .as("a block under PPS credits nothing, so it is not marked credited")
                    .isFalse();
            assertThat(pool.store().creditsOfBlock(block)).isEmpty();
        }
    }
}
