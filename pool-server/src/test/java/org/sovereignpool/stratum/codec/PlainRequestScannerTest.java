package org.sovereignpool.stratum.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sovereignpool.stratum.message.MalformedRequest;
import org.sovereignpool.stratum.message.StratumRequest;

/**
 * Differential test of the decoder's plain-line scanner: for every line, {@link JsonRpcDecoder#decode(byte[], int)}
 * (scanner first, Jackson for what it declines) gives what {@link JsonRpcDecoder#decodeWithJackson} (Jackson alone,
 * the decoder as it was) gives: the same type, raw id, method, params (equal trees with the same JSON text) and
 * malformed-request reason. Lines come from a seeded generator of request-like lines with random damage, a list of
 * tricky cases, and the fuzz corpus; the scanner must also actually take the common lines, so the comparison is not
 * only Jackson against itself.
 */
class PlainRequestScannerTest {
    private static final String SUBMIT = "{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"demo.rig\","
            + "\"0000000000000001\",\"00000001\",\"6b05c52e\",\"deadbeef\",\"00002000\"]}";

    static Stream<Long> seeds() {
        return IntStream.range(0, 60).mapToObj(i -> 0x5ca7_0000L + i);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomLinesDecodeAsJacksonAloneDecodesThem(long seed) {
        Random random = new Random(seed);
        int plain = 0;
        int declined = 0;
        for (int n = 0; n < 400; n++) {
            byte[] line = randomLine(random);
            assertSameAsJackson(line);
            assertSameAsJacksonWithJunkAfter(line, random);
            if (PlainRequestScanner.read(line, line.length) != null) {
                plain++;
            } else {
                declined++;
            }
        }
        assertThat(plain).as("lines the scanner read").isGreaterThan(20);
        assertThat(declined).as("lines left to Jackson").isGreaterThan(20);
    }

    static Stream<String> trickyLines() {
        List<String> lines = new ArrayList<>(List.of(
                SUBMIT,
                "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}",
                "{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": [\"cpuminer/2.5.1\"]}",
                " \t\r\n{ \"id\" : 1 , \"method\" : \"m\" , \"params\" : [ \"a\" , null , true , false ] } \r\n ",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\"]}\r",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\"]}\r\r \t",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\"]}\n",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\"]}\n\n",
                // ids
                "{\"id\":1.0,\"method\":\"m\"}",
                "{\"id\":-0,\"method\":\"m\"}",
                "{\"id\":1e3,\"method\":\"m\"}",
                "{\"id\":1E+3,\"method\":\"m\"}",
                "{\"id\":-1.5e-3,\"method\":\"m\"}",
                "{\"id\":01,\"method\":\"m\"}",
                "{\"id\":1.,\"method\":\"m\"}",
                "{\"id\":.5,\"method\":\"m\"}",
                "{\"id\":+1,\"method\":\"m\"}",
                "{\"id\":1e,\"method\":\"m\"}",
                "{\"id\":-,\"method\":\"m\"}",
                "{\"id\":NaN,\"method\":\"m\"}",
                "{\"id\":1x,\"method\":\"m\"}",
                "{\"id\":1 2,\"method\":\"m\"}",
                "{\"id\":" + "9".repeat(64) + ",\"method\":\"m\"}",
                "{\"id\":" + "9".repeat(65) + ",\"method\":\"m\"}",
                "{\"id\":" + "9".repeat(1001) + ",\"method\":\"m\"}",
                "{\"id\":\"abc\",\"method\":\"m\"}",
                "{\"id\":\"\",\"method\":\"m\"}",
                "{\"id\":\" a \",\"method\":\"m\"}",
                "{\"id\":\"a\\\"b\",\"method\":\"m\"}",
                "{\"id\":\"\\u00e9\",\"method\":\"m\"}",
                "{\"id\":\"é\",\"method\":\"m\"}",
                "{\"id\":\"\u007f\",\"method\":\"m\"}",
                "{\"id\":\"a\tb\",\"method\":\"m\"}",
                "{\"id\":null,\"method\":\"m\"}",
                "{\"id\":nul,\"method\":\"m\"}",
                "{\"id\":nullx,\"method\":\"m\"}",
                "{\"id\":true,\"method\":\"m\"}",
                "{\"id\":[1],\"method\":\"m\"}",
                "{\"id\":{\"a\":[1,2]},\"method\":\"mining.nothing\"}",
                "{\"method\":\"m\",\"params\":[]}",
                "{\"method\":\"m\",\"params\":[],\"id\":7}",
                "{\"params\":[\"a\"],\"id\": \"x\" ,\"method\":\"m\"}",
                "{\"id\":1,\"id\":2,\"method\":\"m\"}",
                // methods
                "{\"id\":1,\"method\":\"mining.sub\\u006dit\",\"params\":[]}",
                "{\"id\":1,\"method\":\"mining.submit\",\"method\":\"mining.subscribe\",\"params\":[]}",
                "{\"id\":1,\"method\":1,\"params\":[]}",
                "{\"id\":1,\"method\":null,\"params\":[]}",
                "{\"id\":1,\"method\":[\"m\"],\"params\":[]}",
                "{\"id\":1,\"method\":\"\",\"params\":[]}",
                "{\"id\":1,\"method\":\"mining.submi\",\"params\":[]}",
                "{\"id\":1,\"method\":\"mining.submitx\",\"params\":[]}",
                "{\"id\":1,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}",
                "{\"id\":1,\"method\":\"mining.suggest_difficulty\",\"params\":[1e-300]}",
                "{\"id\":1,\"method\":\"méthode\",\"params\":[]}",
                "{\"id\":1,\"params\":[]}",
                "{\"id\":1}",
                // params
                "{\"id\":1,\"method\":\"m\",\"params\":null}",
                "{\"id\":1,\"method\":\"m\",\"params\":{}}",
                "{\"id\":1,\"method\":\"m\",\"params\":\"x\"}",
                "{\"id\":1,\"method\":\"m\",\"params\":1}",
                "{\"id\":1,\"method\":\"m\",\"params\":[]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[ ]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"\"]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[true,false,null]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[True]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[tru]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[truex]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[nulll]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[1,2.5,-3]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[[\"version-rolling\"],{\"a\":1}]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[[]]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\",]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[,\"a\"]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\" \"b\"]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\\nb\",\"\\u0041\",\"\\/\"]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"\u00d9\u00a0\u00d9\u00a0\",\"😀\",\"€\"]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\u0001b\"]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"" + "x".repeat(20_000) + "\"]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"" + "x".repeat(70_000) + "\"]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\"],\"params\":[\"b\"]}",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\"]",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\"",
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a",
                // other members, structure, trailing data
                "{\"id\":1,\"method\":\"m\",\"params\":[],\"jsonrpc\":\"2.0\"}",
                "{\"id\":1,\"method\":\"m\",\"params\":[],}",
                "{,\"id\":1,\"method\":\"m\"}",
                "{\"id\":1,,\"method\":\"m\"}",
                "{\"id\"1,\"method\":\"m\"}",
                "{\"id\" :: 1,\"method\":\"m\"}",
                "{\"\\u0069d\":1,\"method\":\"m\"}",
                "{\"Id\":1,\"method\":\"m\"}",
                "{id:1,\"method\":\"m\"}",
                "{'id':1,\"method\":\"m\"}",
                "{}",
                "[]",
                "[" + SUBMIT + "]",
                "\"x\"",
                "1",
                "null",
                "{\"id\":1,\"method\":\"m\",\"params\":[]} x",
                "{\"id\":1,\"method\":\"m\",\"params\":[]}}",
                "{\"id\":1,\"method\":\"m\",\"params\":[]}{}",
                "{\"id\":1,\"method\":\"m\",\"params\":[]} /* c */",
                "{\"id\":1,\"method\":\"m\",\"params\":[]}\u000b",
                "{\"id\":1,\"method\":\"m\",\"params\":[]}\f",
                "\f{\"id\":1,\"method\":\"m\",\"params\":[]}",
                "\ufeff" + SUBMIT,
                "\ufeff\ufeff" + SUBMIT,
                "{\"id\":1,\"method\":\"m\",\"params\":[]}\u0000",
                "\u0000" + SUBMIT,
                "{\u0000\"\u0000i\u0000d\u0000\"\u0000:\u00001\u0000}\u0000",
                "{",
                "\r",
                " \t ",
                ""));
        for (int cut = 1; cut < SUBMIT.length(); cut++) {
            lines.add(SUBMIT.substring(0, cut));
        }
        return lines.stream();
    }

    @ParameterizedTest
    @MethodSource("trickyLines")
    void trickyLinesDecodeAsJacksonAloneDecodesThem(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertSameAsJackson(bytes);
        assertSameAsJacksonWithJunkAfter(bytes, new Random(line.hashCode()));
    }

    @Test
    void fuzzCorpusDecodesAsJacksonAloneDecodesIt() throws IOException, URISyntaxException {
        URL dir = getClass().getResource("/org/sovereignpool/stratum/StratumFuzzTestInputs/stratumLines");
        assertThat(dir).as("the fuzz corpus").isNotNull();
        List<Path> inputs;
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            inputs = files.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(inputs).isNotEmpty();
        int plain = 0;
        for (Path input : inputs) {
            byte[] bytes = Files.readAllBytes(input);
            assertSameAsJackson(bytes);
            int start = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    byte[] line = Arrays.copyOfRange(bytes, start, i);
                    assertSameAsJackson(line);
                    assertSameAsJacksonWithJunkAfter(line, new Random(i));
                    for (int cut = 0; cut < line.length; cut++) {
                        assertSameAsJackson(Arrays.copyOf(line, cut));
                    }
                    if (PlainRequestScanner.read(line, line.length) != null) {
                        plain++;
                    }
                    start = i + 1;
                }
            }
        }
        assertThat(plain).as("corpus lines the scanner read").isPositive();
    }

    @Test
    void theCommonLinesAreReadByTheScannerWithConstantMethodNames() {
        byte[] submit = SUBMIT.getBytes(StandardCharsets.US_ASCII);
        StratumRequest r = PlainRequestScanner.read(submit, submit.length);
        assertThat(r).isNotNull();
        assertThat(r.rawId()).isEqualTo("4");
        assertThat(r.method()).isSameAs("mining.submit");
        assertThat(r.params().toString())
                .isEqualTo("[\"demo.rig\",\"0000000000000001\",\"00000001\",\"6b05c52e\",\"deadbeef\",\"00002000\"]");
        for (String method :
                List.of("mining.subscribe", "mining.authorize", "mining.configure", "mining.extranonce.subscribe")) {
            byte[] line = ("{\"id\":\"a\",\"method\":\"" + method + "\",\"params\":[\"x\",null,true]}")
                    .getBytes(StandardCharsets.US_ASCII);
            StratumRequest read = PlainRequestScanner.read(line, line.length);
            assertThat(read).as(method).isNotNull();
            assertThat(read.method()).isSameAs(method);
            assertThat(read.rawId()).isEqualTo("\"a\"");
        }
        byte[] other = "{\"method\":\"client.get_version\"}".getBytes(StandardCharsets.US_ASCII);
        StratumRequest read = PlainRequestScanner.read(other, other.length);
        assertThat(read).isNotNull();
        assertThat(read.rawId()).isEqualTo(JsonRpcDecoder.NULL_ID);
        assertThat(read.method()).isEqualTo("client.get_version");
        assertThat(read.params()).isEqualTo(new ArrayNode(StratumJson.MAPPER.getNodeFactory()));
    }

    private static void assertSameAsJackson(byte[] line) {
        assertSame(JsonRpcDecoder.decode(line), JsonRpcDecoder.decodeWithJackson(line, line.length), line);
    }

    /** The decoder reads lines from a reused buffer: bytes after the line's length must not change the result. */
    private static void assertSameAsJacksonWithJunkAfter(byte[] line, Random random) {
        byte[] padded = Arrays.copyOf(line, line.length + 1 + random.nextInt(16));
        for (int i = line.length; i < padded.length; i++) {
            padded[i] = JUNK[random.nextInt(JUNK.length)];
        }
        assertSame(
                JsonRpcDecoder.decode(padded, line.length),
                JsonRpcDecoder.decodeWithJackson(Arrays.copyOf(line, line.length), line.length),
                line);
    }

    private static final byte[] JUNK = "}]\"0 \t\r\n,:ex\\".getBytes(StandardCharsets.US_ASCII);

    private static void assertSame(Object actual, Object expected, byte[] line) {
        String as = new String(line, StandardCharsets.UTF_8);
        if (expected == null) {
            assertThat(actual).as(as).isNull();
        } else if (expected instanceof MalformedRequest m) {
            assertThat(actual).as(as).isEqualTo(m);
        } else {
            StratumRequest e = (StratumRequest) expected;
            assertThat(actual).as(as).isInstanceOf(StratumRequest.class);
            StratumRequest a = (StratumRequest) actual;
            assertThat(a.rawId()).as(as).isEqualTo(e.rawId());
            assertThat(a.method()).as(as).isEqualTo(e.method());
            assertThat(a.params()).as(as).isEqualTo(e.params());
            assertThat(a.params().toString()).as(as).isEqualTo(e.params().toString());
            assertThat(a.params().getNodeType()).as(as).isEqualTo(e.params().getNodeType());
            assertThat(a).as(as).isEqualTo(e);
        }
    }

    // ---- the generator: request-like lines, mostly well formed, some damaged ----

    private static byte[] randomLine(Random random) {
        List<String> members = new ArrayList<>();
        if (random.nextInt(10) > 0) {
            members.add(key(random, "id") + randomId(random));
        }
        if (random.nextInt(12) > 0) {
            members.add(key(random, "method") + randomMethod(random));
        }
        if (random.nextInt(8) > 0) {
            members.add(key(random, "params") + randomParams(random));
        }
        if (random.nextInt(12) == 0) {
            members.add(key(random, pick(random, "id", "method", "params", "jsonrpc", "Id", "worker", "\\u0069d"))
                    + pick(random, "1", "\"2.0\"", "null", "[]", "{}", "\"mining.submit\"", "[\"x\"]"));
        }
        Collections.shuffle(members, random);
        StringBuilder sb = new StringBuilder(ws(random)).append('{').append(ws(random));
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                sb.append(ws(random)).append(',').append(ws(random));
            }
            sb.append(members.get(i));
        }
        sb.append(ws(random)).append('}').append(ws(random));
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        return random.nextInt(4) == 0 ? damage(random, bytes) : bytes;
    }

    private static String key(Random random, String name) {
        return '"' + name + '"' + ws(random) + ':' + ws(random);
    }

    private static String randomId(Random random) {
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> Integer.toString(random.nextInt(100_000));
            case 3 -> pick(random, "0", "-0", "1.0", "1e3", "1E+3", "-2.5e-7", "123456789012345678901234567890");
            case 4 -> pick(random, "01", "1.", ".5", "+1", "1e", "-", "--1", "0x1", "1.2.3", "Infinity", "1_0");
            case 5, 6 -> '"' + randomPlainString(random) + '"';
            case 7 -> StratumJson.quote(randomString(random));
            case 8 -> "null";
            case 9 -> pick(random, "true", "false", "nul", "nulll", "NULL");
            case 10 -> pick(random, "[]", "{}", "[1]", "{\"a\":[1,2]}");
            default -> "9".repeat(50 + random.nextInt(30));
        };
    }

    private static String randomMethod(Random random) {
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 ->
                '"'
                        + pick(
                                random,
                                "mining.submit",
                                "mining.subscribe",
                                "mining.authorize",
                                "mining.configure",
                                "mining.suggest_difficulty",
                                "mining.suggest_target",
                                "mining.extranonce.subscribe")
                        + '"';
            case 4 ->
                '"' + pick(random, "mining.submi", "mining.submitt", "Mining.submit", "", "client.get_version") + '"';
            case 5 -> '"' + randomPlainString(random) + '"';
            case 6 -> StratumJson.quote(randomString(random));
            case 7 -> "\"mining.sub\\u006dit\"";
            default -> pick(random, "1", "null", "true", "[\"mining.submit\"]", "{}");
        };
    }

    private static String randomParams(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> pick(random, "null", "{}", "\"x\"", "1", "true", "nul", "{\"a\":1}");
            case 1 -> "[" + ws(random) + "]";
            default -> {
                StringBuilder sb = new StringBuilder("[").append(ws(random));
                int n = random.nextInt(8);
                boolean unusual = random.nextInt(4) == 0;
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(ws(random)).append(',').append(ws(random));
                    }
                    sb.append(unusual && random.nextInt(3) == 0 ? unusualElement(random) : plainElement(random));
                }
                if (random.nextInt(30) == 0) {
                    sb.append(',');
                }
                yield sb.append(ws(random)).append(']').toString();
            }
        };
    }

    private static String plainElement(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> "false";
            default -> '"' + randomPlainString(random) + '"';
        };
    }

    private static String unusualElement(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> StratumJson.quote(randomString(random));
            case 1 -> Long.toString(random.nextLong() >> random.nextInt(64));
            case 2 -> pick(random, "1e-300", "0.5", "-0", "1.0");
            case 3 -> pick(random, "[]", "[\"a\",[1]]", "{}", "{\"version-rolling.mask\":\"1fffe000\"}");
            case 4 -> pick(random, "True", "tru", "truex", "nulll", "fals", "falsey", "undefined");
            case 5 -> '"' + "ab".repeat(random.nextInt(3000)) + '"';
            case 6 -> "\"" + (char) random.nextInt(0x20) + "\"";
            default -> "\"é😀€\u007f\"";
        };
    }

    /** Printable ASCII without quote or backslash: what the scanner reads itself. */
    private static String randomPlainString(Random random) {
        int n = random.nextInt(random.nextInt(10) == 0 ? 200 : 20);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = (char) (0x20 + random.nextInt(0x60));
            sb.append(c == '"' || c == '\\' ? 'q' : c);
        }
        return sb.toString();
    }

    /** Any characters: escapes, controls, non-ASCII, surrogate pairs. */
    private static String randomString(Random random) {
        String alphabet = "0123456789abcdef\"\\/\t\n\u0000\u001f\u007fé€😀 ";
        int[] cps = alphabet.codePoints().toArray();
        int n = random.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return sb.toString();
    }

    /** JSON whitespace, mostly none; rarely a character Jackson does not skip. */
    private static String ws(Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> " ";
            case 1 -> "\t";
            case 2 -> "  \r\n ";
            case 3 -> "\n";
            case 4 -> random.nextInt(8) == 0 ? pick(random, "\u000b", "\f", "\u00a0", "/**/") : " ";
            default -> "";
        };
    }

    /** Deletes, replaces, inserts, truncates or appends: mostly to something Jackson refuses. */
    private static byte[] damage(Random random, byte[] bytes) {
        byte[] interesting = "{}[]\":,\\ \t\r\n0-1.eEnulltruefalse\u007f".getBytes(StandardCharsets.US_ASCII);
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        return switch (random.nextInt(8)) {
            case 0 ->
                concat(
                        Arrays.copyOf(bytes, at),
                        Arrays.copyOfRange(bytes, Math.min(at + 1, bytes.length), bytes.length));
            case 1 -> {
                byte[] copy = bytes.clone();
                if (copy.length > 0) {
                    copy[at] = random.nextBoolean()
                            ? interesting[random.nextInt(interesting.length)]
                            : (byte) random.nextInt(256);
                }
                yield copy;
            }
            case 2 ->
                concat(
                        Arrays.copyOf(bytes, at),
                        new byte[] {interesting[random.nextInt(interesting.length)]},
                        Arrays.copyOfRange(bytes, at, bytes.length));
            case 3 -> Arrays.copyOf(bytes, at);
            case 4 ->
                concat(
                        bytes,
                        pick(random, " x", "}", "{}", "\n{}", "\r", "\r\n", " \t", "\u0000")
                                .getBytes(StandardCharsets.UTF_8));
            case 5 -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, bytes);
            case 6 -> concat(new byte[] {(byte) random.nextInt(256)}, bytes);
            default -> concat(bytes, new byte[] {(byte) (0x80 + random.nextInt(0x80))});
        };
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
