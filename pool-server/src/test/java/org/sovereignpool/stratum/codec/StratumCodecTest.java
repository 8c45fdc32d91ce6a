package org.sovereignpool.stratum.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sovereignpool.stratum.testing.Pipelines.feedBytewise;
import static org.sovereignpool.stratum.testing.Pipelines.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sovereignpool.stratum.message.MalformedRequest;
import org.sovereignpool.stratum.message.StratumRequest;
import org.sovereignpool.stratum.session.JobBroadcast;
import org.sovereignpool.stratum.testing.Pipelines;
import org.sovereignpool.stratum.testing.TestPools;

/** The pipeline's codec and method handlers through EmbeddedChannel: bytes in one at a time, exact bytes out. */
class StratumCodecTest {
    private static final String EN1 = "00000000"; // node id 0, counter starting at 0
    private static final String SUBSCRIBE_RESULT =
            "[[[\"mining.set_difficulty\",\"" + EN1 + "\"],[\"mining.notify\",\"" + EN1 + "\"]],\"" + EN1 + "\",4]";

    private Pipelines pipelines;
    private EmbeddedChannel ch;

    @BeforeEach
    void setUp() {
        pipelines = new Pipelines(
                TestPools.config(TestPools.Knobs.regtest(0.001).withMaxMalformed(3)),
                Instant.ofEpochSecond(1_800_000_000));
        ch = pipelines.channel();
    }

    @Test
    void subscribeFedByteByByteGetsTheExactReply() {
        feedBytewise(ch, "{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": [\"cpuminer/2.5.1\"]}\n");
        assertThat(output(ch)).isEqualTo("{\"id\":1,\"result\":" + SUBSCRIBE_RESULT + ",\"error\":null}\n");
    }

    @Test
    void pipelinedHandshakeIsAnsweredInOrderThenDifficultyThenTheCleanJob() throws Exception {
        pipelines.context.current(new JobBroadcast(TestPools.recordedJob("6b05c4e300000003")));
        feedBytewise(
                ch,
                "{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\",\"minimum-difficulty\","
                        + "\"x-unknown\"],{\"version-rolling.mask\":\"00fff000\",\"version-rolling.min-bit-count\":2,"
                        + "\"minimum-difficulty.value\":0.002}]}\n"
                        + "{\"id\":2,\"method\":\"mining.subscribe\",\"params\":[]}\r\n"
                        + "{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"demo.rig1\",\"x\"]}\n");
        String out = output(ch);
        String recordedParams = new ObjectMapper()
                .writeValueAsString(TestPools.recordedNotify("6b05c4e300000003"))
                .replace(",false]", ",true]");
        assertThat(out)
                .isEqualTo("{\"id\":1,\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"00ffe000\","
                        + "\"minimum-difficulty\":true,\"x-unknown\":false},\"error\":null}\n"
                        + "{\"id\":2,\"result\":" + SUBSCRIBE_RESULT + ",\"error\":null}\n"
                        + "{\"id\":3,\"result\":true,\"error\":null}\n"
                        + "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.002]}\n"
                        + "{\"id\":null,\"method\":\"mining.notify\",\"params\":" + recordedParams + "}\n");
    }

    @Test
    void versionRollingIsRefusedWhenTheCommonMaskHasTooFewBits() {
        feedBytewise(
                ch,
                "{\"id\":5,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],"
                        + "{\"version-rolling.mask\":\"00006000\",\"version-rolling.min-bit-count\":4}]}\n");
        assertThat(output(ch)).isEqualTo("{\"id\":5,\"result\":{\"version-rolling\":false},\"error\":null}\n");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"4", "\"4\"", "\"a\\\"b\"", "1.50", "-0", "12345678901234567890123", "null", "[1,2]", "{\"k\":1}"
            })
    void idsAreEchoedExactlyWhateverTheirType(String id) {
        feedBytewise(ch, "{\"method\":\"mining.nosuch\",\"params\":[],\"id\":" + id + "}\n");
        assertThat(output(ch))
                .isEqualTo(
                        "{\"id\":" + id + ",\"result\":null,\"error\":[20,\"Unknown method mining.nosuch\",null]}\n");
    }

    @Test
    void aRepeatedIdIsEchoedEachTime() {
        String line = "{\"method\":\"mining.submit\",\"params\":[\"demo.a\",\"0000000000000001\",\"00000000\","
                + "\"6b05c52e\",\"15017e22\"],\"id\":4}\n";
        feedBytewise(ch, line + line);
        String reply = "{\"id\":4,\"result\":null,\"error\":[25,\"Not subscribed\",null]}\n";
        assertThat(output(ch)).isEqualTo(reply + reply);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"id\":7,\"method\":|7|Parse error",
                "not json at all|null|Parse error",
                "[1,2,3]|null|Invalid request: not a JSON object",
                "{\"id\":\"q\",\"params\":[]}|\"q\"|Invalid request: no method",
                "{\"id\":8,\"method\":12}|8|Invalid request: method is not a string",
                "{\"id\":9,\"method\":\"mining.subscribe\"} trailing|9|Parse error",
                "{\"id\":10,\"method\":\"mining.subscribe\"} {}|10|Parse error: data after the JSON object",
            })
    void malformedLinesAreAnsweredWithTheIdWhenItCanBeRead(String line, String id, String message) {
        feedBytewise(ch, line + "\n");
        assertThat(output(ch))
                .isEqualTo("{\"id\":" + id + ",\"result\":null,\"error\":[20,\"" + message + "\",null]}\n");
        assertThat(ch.isActive()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"id\":11,\"method\":\"mining.authorize\",\"params\":[5,\"x\"]}|11|Invalid parameters: expected [user, password]",
                "{\"id\":12,\"method\":\"mining.suggest_difficulty\",\"params\":[\"high\"]}|12|Invalid parameters: expected [difficulty > 0]",
                "{\"id\":13,\"method\":\"mining.submit\",\"params\":[\"demo.a\",1,2,3,4]}|13|Invalid parameters",
                "{\"id\":14,\"method\":\"mining.configure\",\"params\":[\"version-rolling\"]}|14|Invalid parameters: expected [[extensions], {parameters}]",
                "{\"id\":15,\"method\":\"mining.subscribe\",\"params\":{\"a\":1}}|15|Invalid parameters: params must be an array",
            })
    void wrongParameterTypesGetAnErrorWithTheRequestId(String line, String id, String message) {
        feedBytewise(ch, line + "\n");
        assertThat(output(ch))
                .isEqualTo("{\"id\":" + id + ",\"result\":null,\"error\":[20,\"" + message + "\",null]}\n");
    }

    @Test
    void tooManyMalformedLinesCloseTheConnection() {
        feedBytewise(ch, "x\ny\n");
        assertThat(ch.isActive()).isTrue();
        feedBytewise(ch, "z\n");
        assertThat(output(ch)).hasLineCount(3);
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void aLineOverTheCapClosesTheConnectionWithoutReply() {
        int cap = pipelines.config.stratum().maxLineBytes();
        StringBuilder sb = new StringBuilder("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"");
        while (sb.length() <= cap) {
            sb.append('a');
        }
        ch.writeInbound(ch.alloc().buffer().writeBytes(sb.toString().getBytes()));
        assertThat(ch.isActive()).isFalse();
        assertThat(output(ch)).isEmpty();
    }

    @Test
    void aLineJustUnderTheCapIsServed() {
        int cap = pipelines.config.stratum().maxLineBytes();
        String head = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"";
        String tail = "\"]}";
        String line = head + "a".repeat(cap - head.length() - tail.length()) + tail;
        assertThat(line).hasSize(cap);
        ch.writeInbound(ch.alloc().buffer().writeBytes((line + "\n").getBytes()));
        assertThat(output(ch)).startsWith("{\"id\":1,\"result\":[[[");
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void blankLinesAreIgnored() {
        feedBytewise(ch, "\n\r\n  \n");
        assertThat(output(ch)).isEmpty();
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void decoderKeepsParamsAndRawId() throws Exception {
        Object r = JsonRpcDecoder.decode("{\"params\":[\"a\",2],\"id\": \"x\" ,\"method\":\"m\"}".getBytes());
        assertThat(r).isInstanceOf(StratumRequest.class);
        StratumRequest req = (StratumRequest) r;
        assertThat(req.rawId()).isEqualTo("\"x\"");
        JsonNode params = req.params();
        assertThat(params.toString()).isEqualTo("[\"a\",2]");
        assertThat(JsonRpcDecoder.decode("{\"id\":1,\"method\":\"m\",\"params\":[".getBytes()))
                .isEqualTo(new MalformedRequest("1", "Parse error"));
    }

    @Test
    void difficultiesAreWrittenWithoutExponents() {
        assertThat(StratumJson.difficulty(1)).isEqualTo("1");
        assertThat(StratumJson.difficulty(65536)).isEqualTo("65536");
        assertThat(StratumJson.difficulty(0.0001)).isEqualTo("0.0001");
        assertThat(StratumJson.difficulty(1e-9)).isEqualTo("0.000000001");
        assertThat(StratumJson.difficulty(2.5)).isEqualTo("2.5");
    }

    @Test
    void aSilentMinerIsClosedAfterTheIdleTimeout() {
        feedBytewise(ch, "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n");
        feedBytewise(ch, "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"demo.q\",\"\"]}\n");
        output(ch);
        int idle = pipelines.config.stratum().idleTimeoutSeconds();
        ch.advanceTimeBy(idle - 1, java.util.concurrent.TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isTrue();
        ch.advanceTimeBy(2, java.util.concurrent.TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void aConnectionThatNeverAuthorizesIsClosedAtTheHandshakeDeadline() {
        feedBytewise(ch, "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n");
        ch.advanceTimeBy(29, java.util.concurrent.TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isTrue();
        ch.advanceTimeBy(2, java.util.concurrent.TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void setExtranonceGoesOnlyToMinersThatSubscribedToItFollowedByTheJobAgain() {
        pipelines.context.current(new JobBroadcast(TestPools.hardJob(1, 0x6b05c52e)));
        feedBytewise(ch, "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n");
        feedBytewise(ch, "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"demo.q\",\"\"]}\n");
        var session = org.sovereignpool.stratum.session.StratumSession.of(ch);
        output(ch);
        assertThat(session.changeExtranonce()).isFalse();
        assertThat(output(ch)).isEmpty();
        feedBytewise(ch, "{\"id\":3,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}\n");
        assertThat(output(ch)).isEqualTo("{\"id\":3,\"result\":true,\"error\":null}\n");
        assertThat(session.changeExtranonce()).isTrue();
        String out = output(ch);
        assertThat(out)
                .startsWith("{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"00000001\",4]}\n"
                        + "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"0000000000000001\",");
        assertThat(session.work().extranonce1()).containsExactly(0, 0, 0, 1);
    }

    @Test
    void deeplyNestedOrNonUtf8InputIsAnsweredNotThrown() {
        feedBytewise(ch, "{\"id\":5,\"method\":\"mining.subscribe\",\"params\":" + "[".repeat(3000) + "\n");
        assertThat(output(ch)).isEqualTo("{\"id\":5,\"result\":null,\"error\":[20,\"Parse error\",null]}\n");
        ch.writeInbound(ch.alloc().buffer().writeBytes(new byte[] {
            '{', '"', 'i', 'd', '"', ':', '6', ',', '"', (byte) 0xff, (byte) 0xfe, '"', '}', '\n'
        }));
        assertThat(output(ch)).isEqualTo("{\"id\":6,\"result\":null,\"error\":[20,\"Parse error\",null]}\n");
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void setVersionMaskNarrowsTheAgreedMask() {
        feedBytewise(
                ch,
                "{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],"
                        + "{\"version-rolling.mask\":\"ffffffff\"}]}\n");
        output(ch);
        var session = org.sovereignpool.stratum.session.StratumSession.of(ch);
        assertThat(session.versionMask().toHex()).isEqualTo("1fffe000");
        session.setVersionMask(new org.sovereignpool.share.model.VersionMask(0x00ffe000));
        assertThat(output(ch))
                .isEqualTo("{\"id\":null,\"method\":\"mining.set_version_mask\",\"params\":[\"00ffe000\"]}\n");
        assertThat(session.versionMask().toHex()).isEqualTo("00ffe000");
    }
}
