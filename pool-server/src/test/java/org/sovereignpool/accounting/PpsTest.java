package org.sovereignpool.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sovereignpool.config.Network;
import org.sovereignpool.ledger.store.ShareAggregate;
import org.sovereignpool.share.model.CompactBits;

class PpsTest {
    /**
     * nBits of mainnet block 413,567, read from its header (fixtures/block-413567-mainnet-header.hex, the first 80
     * bytes of Bitcoin Core's benchmark block in shared/fixtures): difficulty 199,312,067,531.24.
     */
    static CompactBits bits413567() throws IOException {
        try (InputStream in = PpsTest.class.getResourceAsStream("/fixtures/block-413567-mainnet-header.hex")) {
            byte[] header = HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
            return new CompactBits(ByteBuffer.wrap(header, 72, 4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getInt());
        }
    }

    @Test
    void subsidyHalvesEveryIntervalOfTheNetwork() {
        assertThat(Subsidy.atHeight(0)).isEqualTo(5_000_000_000L);
        assertThat(Subsidy.atHeight(209_999)).isEqualTo(5_000_000_000L);
        assertThat(Subsidy.atHeight(210_000)).isEqualTo(2_500_000_000L);
        assertThat(Subsidy.atHeight(840_000)).isEqualTo(312_500_000L); // the April 2024 halving
        assertThat(Subsidy.atHeight(64 * 210_000)).isZero();
        assertThatThrownBy(() -> Subsidy.atHeight(-1)).hasMessageContaining("height");
        // regtest halves every 150 blocks (Bitcoin Core's consensus.nSubsidyHalvingInterval for regtest)
        assertThat(Network.REGTEST.subsidyHalvingInterval()).isEqualTo(150);
        assertThat(Pps.forNetwork(Network.REGTEST).rewardSats(149)).isEqualTo(5_000_000_000L);
        assertThat(Pps.forNetwork(Network.REGTEST).rewardSats(150)).isEqualTo(2_500_000_000L);
        assertThat(Pps.forNetwork(Network.MAINNET).rewardSats(413_567)).isEqualTo(2_500_000_000L);
    }

    @Test
    void aShareEarnsSubsidyTimesDifficultyOverItsJobsNetworkDifficulty() throws IOException {
        CompactBits bits = bits413567();
        assertThat(bits.toHex()).isEqualTo("18058436");
        // 2,500,000,000 x 65,536 / 199,312,067,531.24 = 822.03 -> 822
        assertThat(Pps.value(2_500_000_000L, 65_536, bits)).isEqualTo(822);
        // a thousand such shares are owed 822,027.497 -> 822,027: summed first, rounded once (not 1000 x 822)
        assertThat(Pps.owed(bits, 2_500_000_000L, new BigDecimal(65_536_000))).isEqualTo(822_027);
        // regtest's target 207fffff has difficulty 4.656542373906925e-10 (blockheader-112-regtest.json): a share of
        // difficulty 0.0001 there is worth 50 BTC x 0.0001 / 4.66e-10; one of difficulty 1 would not fit a long
        CompactBits regtest = new CompactBits(0x207fffff);
        assertThat((double) Pps.value(5_000_000_000L, 0.0001, regtest))
                .isCloseTo(5e9 * 0.0001 / 4.656542373906925e-10, Percentage.withPercentage(1e-9));
        assertThatThrownBy(() -> Pps.value(5_000_000_000L, 1.0, regtest))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("far above the network difficulty");
        assertThatThrownBy(() -> Pps.value(1, Double.NaN, bits)).hasMessageContaining("difficulty");
        assertThatThrownBy(() -> Pps.owed(bits, -1, BigDecimal.ONE)).hasMessageContaining("rewardSats");
    }

    static Stream<Long> seeds() {
        return new Random(4242).longs(20).boxed();
    }

    /**
     * However the shares are cut into batches, the running sums credit the same total, equal to what
     * {@link Pps#entitlements} computes from the aggregates, and never more than the exact value.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void batchingNeverChangesWhatAWorkerIsOwed(long seed) throws IOException {
        Random random = new Random(seed);
        CompactBits bits = bits413567();
        Pps pps = new Pps(Subsidy.HALVING_INTERVAL);
        List<ShareAggregate> aggs = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        long credited = 0;
        for (int i = 1; i <= 200; i++) {
            double d = (1 + random.nextInt(1 << 20)) * Math.scalb(1.0, random.nextInt(8));
            aggs.add(new ShareAggregate(0, i, i, "alpha", "r1", 0, 1, d, d, i, i, 413_567, 0, bits.value()));
            BigDecimal next = sum.add(new BigDecimal(d));
            credited +=
                    pps.owedSats(bits.value(), 2_500_000_000L, next) - pps.owedSats(bits.value(), 2_500_000_000L, sum);
            sum = next;
        }
        long entitled = pps.entitlements(aggs).get(new Pps.NodeWorker(0, "alpha", "r1"));
        assertThat(credited).isEqualTo(entitled);
        long perShareFloors = aggs.stream()
                .mapToLong(a -> Pps.value(2_500_000_000L, a.sumDifficulty(), bits))
                .sum();
        assertThat(entitled).isGreaterThanOrEqualTo(perShareFloors).isLessThan(perShareFloors + aggs.size());
    }
}
