package org.sovereignpool.share.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetAndDifficultyTest {

    @Test
    void difficultyOneIsDiff1AndFractionsScaleIt() {
        assertThat(Difficulty.ONE.toTarget().toHex())
                .isEqualTo("00000000ffff0000000000000000000000000000000000000000000000000000");
        assertThat(Difficulty.of(2).toTarget().toBigInteger()).isEqualTo(Target.DIFF1.shiftRight(1));
        // regtest pools hand out 0.0001: the target is 10,000 x diff1, to double precision, and never more
        // lenient than the decimal (the double nearest 0.0001 is a hair above it)
        BigInteger exact = Target.DIFF1.multiply(BigInteger.valueOf(10_000));
        BigInteger actual = Difficulty.of(0.0001).toTarget().toBigInteger();
        assertThat(actual).isLessThanOrEqualTo(exact);
        assertThat(exact.subtract(actual).shiftLeft(50)).isLessThan(exact);
        // an absurdly small difficulty saturates at the largest target
        assertThat(Difficulty.of(1e-80).toTarget()).isEqualTo(Target.MAX);
    }

    @Test
    void difficultyRejectsNonsense() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Difficulty.of(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("difficulty must be");
        }
    }

    @Test
    void compactBitsDecodeLikeBitcoinCore() {
        assertThat(CompactBits.fromHex("1d00ffff").toTarget().toBigInteger()).isEqualTo(Target.DIFF1);
        assertThat(CompactBits.fromHex("207fffff").toTarget().toHex())
                .isEqualTo("7fffff0000000000000000000000000000000000000000000000000000000000");
        assertThat(CompactBits.fromHex("18058436").toTarget().toHex())
                .isEqualTo("0000000000000000058436000000000000000000000000000000000000000000");
        assertThat(new CompactBits(0x03123456).toTarget().toBigInteger()).isEqualTo(BigInteger.valueOf(0x123456));
        assertThat(new CompactBits(0x02123400).toTarget().toBigInteger()).isEqualTo(BigInteger.valueOf(0x1234));
        assertThatThrownBy(() -> new CompactBits(0x1d80ffff)).hasMessageContaining("sign bit");
        assertThatThrownBy(() -> new CompactBits(0x23000100)).hasMessageContaining("overflow");
        assertThatThrownBy(() -> CompactBits.fromHex("1d00fff")).hasMessageContaining("8 hex digits");
        assertThatThrownBy(() -> CompactBits.fromHex("1d00fffz")).hasMessageContaining("8 hex digits");
    }

    /** Seeded random hashes and targets: the unsigned-long comparison agrees with BigInteger. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void isMetByAgreesWithBigInteger(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            byte[] hash = new byte[40];
            random.nextBytes(hash);
            int off = random.nextInt(9);
            // make the top limbs collide with the target's now and then, to reach the lower comparisons
            BigInteger hashValue = littleEndian(hash, off);
            BigInteger targetValue = switch (random.nextInt(4)) {
                case 0 -> hashValue;
                case 1 -> hashValue.subtract(BigInteger.ONE).max(BigInteger.ZERO);
                case 2 -> hashValue.xor(BigInteger.ONE.shiftLeft(random.nextInt(256)));
                default -> new BigInteger(256, random);
            };
            Target target = Target.fromBigInteger(targetValue);
            assertThat(target.isMetBy(hash, off)).isEqualTo(hashValue.compareTo(targetValue) <= 0);
            assertThat(target.toBigInteger()).isEqualTo(targetValue);
        }
    }

    @Test
    void achievedDifficultyOfARealShare() {
        // the cpuminer share that became regtest block 112: 00000000670091fd... is difficulty ~2.48
        byte[] hash = Hash256.fromDisplayHex("00000000670091fdbab88e7ba5ba844fd27501de6d056765a51e6aeb6e5069da")
                .internalBytes();
        double expected = new java.math.BigDecimal(Target.DIFF1)
                .divide(
                        new java.math.BigDecimal(
                                new BigInteger("00000000670091fdbab88e7ba5ba844fd27501de6d056765a51e6aeb6e5069da", 16)),
                        java.math.MathContext.DECIMAL64)
                .doubleValue();
        assertThat(Difficulty.achievedBy(hash, 0))
                .isCloseTo(expected, org.assertj.core.api.Assertions.withinPercentage(1e-9));
        assertThat(Difficulty.ofTarget(Difficulty.of(1024).toTarget()).value())
                .isCloseTo(1024, org.assertj.core.api.Assertions.withinPercentage(1e-9));
    }

    @Test
    void versionMaskNegotiation() {
        VersionMask agreed = VersionMask.BIP320.intersect(VersionMask.fromHex("00fff000"));
        assertThat(agreed.toHex()).isEqualTo("00ffe000");
        assertThat(agreed.allows(0x00002000)).isTrue();
        assertThat(agreed.allows(0x00001000)).isFalse();
        assertThat(agreed.apply(0x20000000, 0x00ffe000)).isEqualTo(0x20ffe000);
        assertThat(agreed.bitCount()).isEqualTo(11);
        assertThatThrownBy(() -> VersionMask.fromHex("xyz")).hasMessageContaining("hex");
    }

    @Test
    void hashByteOrders() {
        Hash256 h = Hash256.fromDisplayHex("00000000670091fdbab88e7ba5ba844fd27501de6d056765a51e6aeb6e5069da");
        assertThat(h.toInternalHex()).startsWith("da69506e");
        assertThat(h.toStratumPrevHash()).isEqualTo("6e5069daa51e6aeb6d056765d27501dea5ba844fbab88e7b670091fd00000000");
        assertThat(Hash256.fromInternalHex(h.toInternalHex())).isEqualTo(h);
        assertThatThrownBy(() -> Hash256.fromDisplayHex("abcd")).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> Hash256.fromDisplayHex("zz".repeat(32))).hasMessageContaining("not a hex digit");
    }

    @Test
    void extranonceRoundTrips() {
        Extranonce e = Extranonce.fromHex("00ff10ab");
        assertThat(e.toLong()).isEqualTo(0x00ff10abL);
        assertThat(Extranonce.fromLong(e.toLong(), 4)).isEqualTo(e);
        assertThat(Extranonce.fromLong(-1L, 8).toHex()).isEqualTo("ffffffffffffffff");
        assertThatThrownBy(() -> Extranonce.fromHex("")).hasMessageContaining("1..8 bytes");
    }

    private static BigInteger littleEndian(byte[] b, int off) {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = b[off + 31 - i];
        }
        return new BigInteger(1, be);
    }
}
