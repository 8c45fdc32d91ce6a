package org.sovereignpool.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.stratum.codec.JsonRpcDecoder;
import org.sovereignpool.stratum.codec.StratumJson;
import org.sovereignpool.stratum.message.MalformedRequest;
import org.sovereignpool.stratum.message.StratumRequest;
import org.sovereignpool.stratum.testing.Pipelines;
import org.sovereignpool.stratum.testing.TestPools;

/**
 * Coverage-guided fuzzing (Jazzer) of the Stratum decoder and of the whole pipeline with the submit path behind it:
 * whatever bytes a client sends, the decoder returns a value (never throws), the pipeline answers with JSON lines only
 * or closes the connection, and nothing escapes as an exception. The first input byte picks the form: raw bytes to a
 * fresh connection, or one {@code mining.submit} with fuzzed fields sent by a subscribed and authorized miner.
 *
 * <p>It runs in its own JVM (surefire execution {@code fuzz} of {@code verify}, profile {@code fuzz}): first over the
 * corpus in {@code src/test/resources/.../StratumFuzzTestInputs/stratumLines} (the seeds and every input that once
 * failed), then fuzzing for {@code maxDuration}. {@code -Dtest=StratumFuzzTest} replays the corpus only; with {@code
 * JAZZER_FUZZ=1} in the environment it fuzzes too, continuing from the corpus it grew in {@code
 * pool-server/.cifuzz-corpus} (repeat it for a longer campaign). A finding is written into the corpus directory and
 * fails the replay until fixed.
 */
class StratumFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Job JOB = TestPools.hardJob(1, 0x6b05c52e);
    private static final PoolConfig CONFIG = TestPools.config(TestPools.Knobs.regtest(1e-5));
    private static final Pipelines PIPELINES =
            new Pipelines(CONFIG, Instant.ofEpochSecond(Integer.toUnsignedLong(JOB.ntime()) + 60));

    static {
        PIPELINES.context.current(new org.sovereignpool.stratum.session.JobBroadcast(JOB));
    }

    @FuzzTest(maxDuration = "6s")
    @DictionaryEntries({
        "{\"id\":",
        "\"method\":",
        "\"params\":[",
        "mining.submit",
        "mining.subscribe",
        "mining.authorize",
        "mining.configure",
        "mining.suggest_difficulty",
        "mining.extranonce.subscribe",
        "demo.fuzz",
        "6b05c52e",
        "0000000000000001",
        "version-rolling"
    })
    void stratumLines(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            rawBytes(data.consumeRemainingAsBytes());
        } else {
            submit(data);
        }
    }

    private static void rawBytes(byte[] bytes) {
        Object decoded = JsonRpcDecoder.decode(bytes);
        assertThat(decoded == null || decoded instanceof StratumRequest || decoded instanceof MalformedRequest)
                .isTrue();
        EmbeddedChannel ch = PIPELINES.channel();
        ch.writeInbound(Unpooled.wrappedBuffer(bytes, new byte[] {'\n'}));
        assertJsonLines(Pipelines.output(ch));
        ch.finishAndReleaseAll();
    }

    private static void submit(FuzzedDataProvider data) {
        EmbeddedChannel ch = PIPELINES.channel();
        ch.writeInbound(Unpooled.copiedBuffer(
                "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n"
                        + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"demo.fuzz\",\"x\"]}\n",
                StandardCharsets.UTF_8));
        Pipelines.output(ch);
        StringBuilder line =
                new StringBuilder("{\"id\":").append(data.consumeInt()).append(",\"method\":\"");
        line.append(data.consumeBoolean() ? "mining.submit" : data.consumeString(24))
                .append("\",\"params\":[");
        int fields = data.consumeInt(0, 7);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                line.append(',');
            }
            String value = i == 1 && data.consumeBoolean() ? JOB.idHex() : data.consumeString(20);
            line.append(data.consumeBoolean() ? StratumJson.quote(value) : value.isEmpty() ? "null" : "1");
        }
        line.append("]}\n");
        if (ch.isOpen()) {
            ch.writeInbound(Unpooled.copiedBuffer(line, StandardCharsets.UTF_8));
        }
        assertJsonLines(Pipelines.output(ch));
        ch.finishAndReleaseAll();
    }

    private static void assertJsonLines(String output) {
        if (output.isEmpty()) {
            return;
        }
        assertThat(output).endsWith("\n");
        for (String l : output.split("\n")) {
            try {
                JsonNode node = JSON.readTree(l);
                assertThat(node.has("id")).as(l).isTrue();
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + l, e);
            }
        }
    }
}
