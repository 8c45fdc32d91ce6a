package org.sovereignpool.stratum.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumRequest;

/**
 * The decoder builds an array of scalar params straight from the parser's tokens and reads lines through a reused
 * buffer; these check that the result is the tree Jackson itself would read, and that the cached error-reply endings
 * are the bytes the encoder wrote before.
 */
class StreamingDecodeTest {

    static Stream<Long> seeds() {
        return IntStream.range(0, 40).mapToObj(i -> 0x5eed_0000L + i);
    }

    /** Random params: strings (with escapes and non-ASCII), numbers, booleans, nulls, nested arrays and objects. */
    @ParameterizedTest
    @MethodSource("seeds")
    void paramsAreTheTreeJacksonReads(long seed) throws Exception {
        Random random = new Random(seed);
        String params = randomArray(random, 0);
        String line = "{\"id\":" + random.nextInt(1000) + ",\"method\":\"mining.submit\",\"params\":" + params + "}";
        Object decoded = JsonRpcDecoder.decode(line.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded).as(line).isInstanceOf(StratumRequest.class);
        JsonNode expected = StratumJson.MAPPER.readTree(params);
        assertThat(((StratumRequest) decoded).params()).as(line).isEqualTo(expected);
        assertThat(((StratumRequest) decoded).params().toString()).isEqualTo(expected.toString());
    }

    @Test
    void objectParamsAndTruncatedArraysAreReadAsBefore() throws Exception {
        String obj = "{\"a\":[1,\"x\"],\"b\":null}";
        Object decoded = JsonRpcDecoder.decode(("{\"id\":1,\"method\":\"m\",\"params\":" + obj + "}").getBytes());
        assertThat(((StratumRequest) decoded).params()).isEqualTo(StratumJson.MAPPER.readTree(obj));
        assertThat(JsonRpcDecoder.decode("{\"id\":1,\"method\":\"m\",\"params\":[\"a\",".getBytes()))
                .hasFieldOrPropertyWithValue("reason", "Parse error");
    }

    /** Lines of different lengths through one channel: the reused buffer never leaks one line's bytes into another. */
    @Test
    void linesOfDifferentLengthsThroughTheReusedBuffer() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcDecoder(64 * 1024));
        Random random = new Random(7);
        List<String> users = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            String user = "u".repeat(1 + random.nextInt(random.nextBoolean() ? 20 : 3000));
            users.add(user);
            all.append("{\"id\":")
                    .append(i)
                    .append(",\"method\":\"mining.submit\",\"params\":[\"")
                    .append(user)
                    .append("\"]}\n");
        }
        ByteBuf in = Unpooled.directBuffer().writeBytes(all.toString().getBytes(StandardCharsets.US_ASCII));
        ch.writeInbound(in);
        for (int i = 0; i < 50; i++) {
            StratumRequest r = ch.readInbound();
            assertThat(r.rawId()).isEqualTo(Integer.toString(i));
            assertThat(r.params().get(0).asText()).isEqualTo(users.get(i));
        }
        Object rest = ch.readInbound();
        assertThat(rest).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void errorRepliesKeepTheirBytesWhetherCachedOrNot() {
        for (int i = 0; i < StratumEncoder.MAX_CACHED_ERRORS + 10; i++) {
            String message = "Invalid parameters: \"" + i + "\" é\n";
            Outbound.ErrorReply e = new Outbound.ErrorReply("7", 20, message);
            String expected = "{\"id\":7,\"result\":null,\"error\":[20," + StratumJson.quote(message) + ",null]}\n";
            for (int twice = 0; twice < 2; twice++) {
                assertThat(new String(StratumEncoder.toBytes(e), StandardCharsets.UTF_8))
                        .isEqualTo(expected);
            }
        }
        assertThat(new String(
                        StratumEncoder.toBytes(new Outbound.ErrorReply("\"a\"", 23, "Low difficulty share")),
                        StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"a\",\"result\":null,\"error\":[23,\"Low difficulty share\",null]}\n");
    }

    private static String randomArray(Random random, int depth) {
        StringBuilder sb = new StringBuilder("[");
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(random.nextBoolean() ? "," : " , ");
            }
            sb.append(randomValue(random, depth));
        }
        return sb.append(']').toString();
    }

    private static String randomValue(Random random, int depth) {
        return switch (random.nextInt(depth < 2 ? 9 : 7)) {
            case 0, 1, 2 -> StratumJson.quote(randomString(random));
            case 3 -> "null";
            case 4 -> random.nextBoolean() ? "true" : "false";
            case 5 -> Long.toString(random.nextLong() >> random.nextInt(64));
            case 6 -> random.nextBoolean() ? Double.toString(random.nextDouble() * 1e6) : "1e-9";
            case 7 -> randomArray(random, depth + 1);
            default -> "{\"k\":" + randomValue(random, depth + 1) + ",\"z\":[]}";
        };
    }

    private static String randomString(Random random) {
        String alphabet = "0123456789abcdef\"\\/\té€😀 ";
        int n = random.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(alphabet.codePoints()
                    .toArray()[random.nextInt((int) alphabet.codePoints().count())]);
        }
        return sb.toString();
    }
}
