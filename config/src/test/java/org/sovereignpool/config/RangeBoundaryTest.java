package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every integer key: its bounds are accepted and read back, one past them is refused with its path. */
class RangeBoundaryTest {

    static Stream<Arguments> integerKeys() {
        return Stream.of(
                key("pool.nodeId", 0, 255, c -> c.pool().nodeId()),
                key("stratum.extranonce2Size", 2, 8, c -> c.stratum().extranonce2Size()),
                key("stratum.maxLineBytes", 256, 1_048_576, c -> c.stratum().maxLineBytes()),
                key(
                        "stratum.maxConnectionsPerIp",
                        0,
                        Integer.MAX_VALUE,
                        c -> c.stratum().maxConnectionsPerIp()),
                key("stratum.authorizeTimeoutSeconds", 1, 3600, c -> c.stratum().authorizeTimeoutSeconds()),
                key("stratum.idleTimeoutSeconds", 10, 86_400, c -> c.stratum().idleTimeoutSeconds()),
                key("stratum.jobRefreshSeconds", 1, 60, c -> c.stratum().jobRefreshSeconds()),
                key("stratum.maxMalformedLines", 1, 1000, c -> c.stratum().maxMalformedLines()),
                key(
                        "difficulty.vardiff.retargetSeconds",
                        5,
                        3600,
                        c -> c.difficulty().vardiff().retargetSeconds()),
                key("ledger.fsyncIntervalMillis", 1, 1000, c -> c.ledger().fsyncIntervalMillis()),
                key("ledger.nodeLeaseSeconds", 3, 600, c -> c.ledger().nodeLeaseSeconds()),
                key("http.port", 1, 65535, c -> c.http().port()));
    }

    private static Arguments key(String path, int min, int max, ToIntFunction<PoolConfig> read) {
        return Arguments.of(path, min, max, read);
    }

    /** {@code a.b.c} with {@code value} as nested YAML. */
    static String nested(String path, String value) {
        String[] parts = path.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            sb.append("  ".repeat(i)).append(parts[i]).append(':');
            sb.append(i == parts.length - 1 ? " " + value + "\n" : "\n");
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} {1}..{2}")
    @MethodSource("integerKeys")
    void boundsAreAcceptedAndReadBack(String path, int min, int max, ToIntFunction<PoolConfig> read) {
        assertThat(read.applyAsInt(Yaml.parse(Yaml.minimalWith(nested(path, Integer.toString(min))))))
                .isEqualTo(min);
        assertThat(read.applyAsInt(Yaml.parse(Yaml.minimalWith(nested(path, Integer.toString(max))))))
                .isEqualTo(max);
    }

    @ParameterizedTest(name = "{0} {1}..{2}")
    @MethodSource("integerKeys")
    void onePastTheBoundsIsRefusedWithThePath(String path, int min, int max, ToIntFunction<PoolConfig> read) {
        String rule = max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
        long below = (long) min - 1;
        long above = (long) max + 1;
        assertThat(Yaml.errors(Yaml.minimalWith(nested(path, Long.toString(below)))))
                .containsExactly(path + ": must be " + rule + ", got " + below);
        assertThat(Yaml.errors(Yaml.minimalWith(nested(path, Long.toString(above)))))
                .containsExactly(path + ": must be " + rule + ", got " + above);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("integerKeys")
    void fractionAndQuotedNumberAreWrongTypes(String path, int min, int max, ToIntFunction<PoolConfig> read) {
        assertThat(Yaml.errors(Yaml.minimalWith(nested(path, min + ".5"))))
                .containsExactly(path + ": must be an integer, got " + min + ".5");
        assertThat(Yaml.errors(Yaml.minimalWith(nested(path, "\"" + min + "\""))))
                .containsExactly(path + ": must be an integer, got \"" + min + "\"");
    }

    static Stream<Arguments> decimalKeys() {
        return Stream.of(
                Arguments.of("difficulty.vardiff.sharesPerMinute", 600.0), Arguments.of("payout.windowFactor", 100.0));
    }

    @ParameterizedTest(name = "{0} (0, {1}]")
    @MethodSource("decimalKeys")
    void decimalBounds(String path, double max) {
        String maxText = Long.toString((long) max);
        Yaml.parse(Yaml.minimalWith(nested(path, maxText)));
        Yaml.parse(Yaml.minimalWith(nested(path, "0.001")));
        assertThat(Yaml.errors(Yaml.minimalWith(nested(path, "0"))))
                .containsExactly(path + ": must be > 0 and <= " + maxText + ", got 0");
        assertThat(Yaml.errors(Yaml.minimalWith(nested(path, max + 0.5 + ""))))
                .containsExactly(path + ": must be > 0 and <= " + maxText + ", got " + (max + 0.5));
        assertThat(Yaml.errors(Yaml.minimalWith(nested(path, "high"))))
                .containsExactly(path + ": must be a number, got \"high\"");
    }

    @org.junit.jupiter.api.Test
    void tagLengthBounds() {
        String tag32 = "/" + "x".repeat(30) + "/";
        assertThat(Yaml.parse(Yaml.minimalWith("pool: {tag: \"" + tag32 + "\"}\n"))
                        .pool()
                        .tag())
                .isEqualTo(tag32);
        assertThat(Yaml.errors(Yaml.minimalWith("pool: {tag: \"" + tag32 + "x\"}\n")))
                .containsExactly("pool.tag: must be 1..32 bytes, got 33");
        assertThat(Yaml.errors(Yaml.minimalWith("pool: {tag: \"\"}\n")))
                .containsExactly("pool.tag: must be 1..32 bytes, got 0");
    }

    @org.junit.jupiter.api.Test
    void adminTokenLengthBound() {
        assertThat(Yaml.parse(Yaml.minimalWith("http: {adminToken: \"" + "t".repeat(16) + "\"}\n"))
                        .http()
                        .adminToken())
                .hasValue("t".repeat(16));
        assertThat(Yaml.errors(Yaml.minimalWith("http: {adminToken: \"" + "t".repeat(15) + "\"}\n")))
                .containsExactly("http.adminToken: must be at least 16 characters, got 15");
    }
}
