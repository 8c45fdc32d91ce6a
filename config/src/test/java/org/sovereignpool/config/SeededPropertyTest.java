package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Property-style tests: parameterized over inputs drawn from fixed seeds, so every run is the same. */
class SeededPropertyTest {
    private static final int CASES = 100;

    static Stream<Long> ports() {
        Random random = new Random(0x5eed_0001L);
        return IntStream.range(0, CASES).mapToObj(i -> switch (i % 4) {
            case 0 -> (long) (1 + random.nextInt(65535)); // valid
            case 1 -> 65536L + random.nextInt(1_000_000); // too high
            case 2 -> -(long) random.nextInt(1_000_000); // zero or negative
            default -> random.nextLong(); // anything
        });
    }

    @ParameterizedTest
    @MethodSource("ports")
    void listenerPortIsAcceptedExactlyWhenInRange(long port) {
        String yaml = Yaml.minimalWith("stratum:\n  listeners:\n    - {host: 0.0.0.0, port: " + port + "}\n");
        if (port >= 1 && port <= 65535) {
            assertThat(Yaml.parse(yaml).stratum().listeners().get(0).port()).isEqualTo((int) port);
        } else {
            assertThat(Yaml.errors(yaml)).containsExactly("stratum.listeners[0].port: must be 1..65535, got " + port);
        }
    }

    static Stream<Arguments> difficulties() {
        Random random = new Random(0x5eed_0002L);
        return IntStream.range(0, CASES)
                .mapToObj(i -> Arguments.of(logUniform(random), logUniform(random), logUniform(random)));
    }

    /** 10^-8 .. 10^16, so min/initial/max fall in every order. */
    private static double logUniform(Random random) {
        return Math.pow(10, -8 + 24 * random.nextDouble());
    }

    @ParameterizedTest
    @MethodSource("difficulties")
    void difficultyIsAcceptedExactlyWhenMinInitialMaxAreOrdered(double initial, double min, double max) {
        String yaml = Yaml.minimalWith("difficulty: {initial: " + initial + ", min: " + min + ", max: " + max + "}\n");
        if (min <= initial && initial <= max) {
            DifficultyConfig d = Yaml.parse(yaml).difficulty();
            assertThat(d.initial()).isEqualTo(initial);
            assertThat(d.min()).isEqualTo(min);
            assertThat(d.max()).isEqualTo(max);
        } else {
            String path = max < min ? "difficulty.max" : "difficulty.initial";
            assertThat(Yaml.errors(yaml)).singleElement().asString().startsWith(path + ": must be ");
        }
    }

    static Stream<Arguments> typos() {
        Random random = new Random(0x5eed_0003L);
        List<String> keys = new ArrayList<>(ConfigBinder.ROOT_KEYS);
        List<Arguments> out = new ArrayList<>();
        while (out.size() < CASES) {
            String key = keys.get(random.nextInt(keys.size()));
            String typo = typo(key, random);
            if (!keys.contains(typo)) {
                out.add(Arguments.of(key, typo));
            }
        }
        return out.stream();
    }

    /** One random edit: delete, insert, substitute, or swap two neighbours. */
    private static String typo(String key, Random random) {
        StringBuilder sb = new StringBuilder(key);
        int i = random.nextInt(key.length() - 1);
        char letter = (char) ('a' + random.nextInt(26));
        switch (random.nextInt(4)) {
            case 0 -> sb.deleteCharAt(i);
            case 1 -> sb.insert(i, letter);
            case 2 -> sb.setCharAt(i, letter);
            default -> {
                sb.setCharAt(i, key.charAt(i + 1));
                sb.setCharAt(i + 1, key.charAt(i));
            }
        }
        return sb.toString();
    }

    @ParameterizedTest
    @MethodSource("typos")
    void oneEditTypoOfATopLevelKeyIsReportedWithTheClosestKey(String key, String typo) {
        List<String> errors = Yaml.errors(Yaml.MINIMAL + typo + ": {}\n");
        String prefix = typo + ": unknown key; did you mean '";
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith(prefix));
        String line =
                errors.stream().filter(e -> e.startsWith(prefix)).findFirst().orElseThrow();
        String suggested = line.substring(prefix.length(), line.length() - 2);
        assertThat(ConfigBinder.ROOT_KEYS).contains(suggested);
        assertThat(KeySuggestions.distance(typo.toLowerCase(), suggested.toLowerCase()))
                .isLessThanOrEqualTo(KeySuggestions.distance(typo.toLowerCase(), key.toLowerCase()));
    }

    static Stream<String> ipv4() {
        Random random = new Random(0x5eed_0004L);
        return IntStream.range(0, CASES)
                .mapToObj(i -> random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                        + random.nextInt(256));
    }

    @ParameterizedTest
    @MethodSource("ipv4")
    void everyDottedQuadIsAValidHost(String address) {
        assertThat(HostNames.isValid(address)).isTrue();
        String[] parts = address.split("\\.");
        parts[new Random(address.hashCode()).nextInt(4)] = "256";
        assertThat(HostNames.isValid(String.join(".", parts))).isFalse();
    }
}
