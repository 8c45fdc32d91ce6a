package org.sovereignpool.stratum.vardiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vardiff against simulated miners on a fake clock: shares arrive as a Poisson process at the miner's true rate
 * (hashrate / (difficulty × 2^32) per second), seeded, and the difficulty is retargeted at every job (every 30 s).
 */
class VardiffTest {
    private static final double TWO_32 = 4294967296.0;
    private static final double TARGET = 18;
    private static final long RETARGET_MS = 30_000;
    private static final long JOB_MS = 30_000;
    private static final DifficultyRules MAINNET = new DifficultyRules(1, 1e15, true);

    /** One simulated miner: its difficulty history and the rate it would produce at each. */
    static final class Sim {
        final Random random;
        final Vardiff vardiff;
        double hashrate;
        long now;
        final List<Double> changes = new ArrayList<>();
        final StringBuilder history = new StringBuilder();

        Sim(long seed, double hashrate, double initial) {
            this.random = new Random(seed);
            this.hashrate = hashrate;
            this.vardiff = new Vardiff(TARGET, RETARGET_MS, MAINNET, initial, 0);
        }

        double expectedPerMinute() {
            return hashrate * 60 / (vardiff.difficulty() * TWO_32);
        }

        /** Runs one job interval second by second, then the retarget that precedes the next notify. */
        void runJob() {
            for (int s = 0; s < JOB_MS / 1000; s++) {
                now += 1000;
                double lambda = hashrate / (vardiff.difficulty() * TWO_32);
                long n = poisson(lambda);
                for (long i = 0; i < n; i++) {
                    vardiff.onShare(now, vardiff.difficulty());
                }
            }
            double next = vardiff.retarget(now);
            if (!Double.isNaN(next)) {
                changes.add(next);
                history.append(String.format(" t=%ds d=%s (%.1f/min)", now / 1000, next, expectedPerMinute()));
            }
        }

        private long poisson(double lambda) {
            if (lambda > 50) {
                return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.nextGaussian()));
            }
            double l = Math.exp(-lambda);
            long k = 0;
            double p = random.nextDouble();
            while (p > l) {
                k++;
                p *= random.nextDouble();
            }
            return k;
        }
    }

    static Stream<Arguments> miners() {
        List<Arguments> out = new ArrayList<>();
        double[] hashrates = {10e9, 1e12, 14e12, 100e12, 500e12};
        for (double h : hashrates) {
            for (long seed = 1; seed <= 6; seed++) {
                out.add(Arguments.of(h, seed));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} H/s seed {1}")
    @MethodSource("miners")
    void reachesTheTargetRateWithinFiveChangesAndThenStaysWithinOneStep(double hashrate, long seed) {
        Sim sim = new Sim(seed, hashrate, 65536);
        int jobs = 0;
        while (!inBand(sim.expectedPerMinute()) && jobs < 200) {
            sim.runJob();
            jobs++;
        }
        assertThat(sim.expectedPerMinute()).as("rate after %d jobs", jobs).isBetween(13.0, 23.0);
        assertThat(sim.changes).as("changes to reach the band").hasSizeLessThanOrEqualTo(5);
        assertThat(sim.vardiff.difficulty()).as("whole on mainnet").isEqualTo(Math.rint(sim.vardiff.difficulty()));

        assertSettles(sim);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void followsAMinerThatJumpsFrom10GhTo500Th(long seed) {
        Sim sim = new Sim(seed, 10e9, 65536);
        for (int i = 0; i < 60; i++) {
            sim.runJob();
        }
        assertThat(sim.expectedPerMinute()).isBetween(13.0, 23.0);
        sim.hashrate = 500e12;
        int before = sim.changes.size();
        int jobs = 0;
        while (!inBand(sim.expectedPerMinute()) && jobs < 200) {
            sim.runJob();
            jobs++;
        }
        assertThat(sim.expectedPerMinute()).isBetween(13.0, 23.0);
        assertThat(sim.changes.size() - before).isLessThanOrEqualTo(5);
        assertSettles(sim);
    }

    static Stream<Long> seeds() {
        return Stream.of(11L, 12L, 13L, 14L, 15L, 16L);
    }

    @Test
    void doesNotChangeBeforeTheRetargetInterval() {
        Vardiff v = new Vardiff(TARGET, RETARGET_MS, MAINNET, 1000, 0);
        for (int i = 0; i < 1000; i++) {
            v.onShare(i * 10, 1000);
        }
        assertThat(v.retarget(RETARGET_MS - 1)).isNaN();
        assertThat(v.retarget(RETARGET_MS)).isGreaterThan(1000);
    }

    @Test
    void staysWithinMinAndMaxAndKeepsFractionsOffMainnet() {
        DifficultyRules regtest = new DifficultyRules(0.0001, 1, false);
        Vardiff v = new Vardiff(TARGET, RETARGET_MS, regtest, 0.01, 0);
        assertThat(v.retarget(RETARGET_MS)).isEqualTo(0.01 / 16); // no share in the window: drop 16x
        assertThat(v.retarget(2 * RETARGET_MS)).isEqualTo(0.0001); // 0.01 / 256 is below min: clamped
        for (int i = 0; i < 100_000; i++) {
            v.onShare(2 * RETARGET_MS + i / 4, 0.0001);
        }
        assertThat(v.retarget(3 * RETARGET_MS)).isEqualTo(1); // 200,000 shares a minute want ~1.1: clamped at max
        assertThat(new DifficultyRules(1, 1e15, true).apply(7.6)).isEqualTo(8);
        assertThat(new DifficultyRules(1, 1e15, true).apply(0.3)).isEqualTo(1);
        assertThat(regtest.apply(0.00123)).isEqualTo(0.00123);
    }

    @Test
    void minimumDifficultyFloorRaisesTheCurrentValue() {
        Vardiff v = new Vardiff(TARGET, RETARGET_MS, MAINNET, 64, 0);
        v.floor(512, 0);
        assertThat(v.difficulty()).isEqualTo(512);
        assertThat(v.retarget(10 * RETARGET_MS)).isNaN(); // no shares, but it may not go below the floor
        assertThat(v.difficulty()).isEqualTo(512);
    }

    /**
     * One simulated hour after reaching the band: the rate is in 18 ± 5 at least 90% of the time, never further than
     * one hysteresis step (20%) outside it, and the difficulty changes at most twice (no oscillation).
     */
    private static void assertSettles(Sim sim) {
        int reached = sim.changes.size();
        int inBand = 0;
        for (int i = 0; i < 120; i++) {
            sim.runJob();
            double rate = sim.expectedPerMinute();
            assertThat(rate)
                    .as("rate %d jobs after settling: %s", i, sim.history)
                    .isBetween(13 / 1.2, 23 * 1.2);
            inBand += inBand(rate) ? 1 : 0;
        }
        assertThat(inBand).as("jobs in band: %s", sim.history).isGreaterThanOrEqualTo(108);
        assertThat(sim.changes.size() - reached)
                .as("changes after settling: %s", sim.history)
                .isLessThanOrEqualTo(2);
    }

    private static boolean inBand(double perMinute) {
        return perMinute >= 13 && perMinute <= 23;
    }
}
