package org.sovereignpool.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lines as pools send them. This pool's come from its encoder (error triples, DESIGN.md). ckpool's are built as
 * ckpool 0.9.9 (commit 60768aeb63be) builds them: {@code src/stratifier.c} {@code sshare_process} and {@code
 * parse_submit} set {@code reject-reason}, then {@code result} and {@code error}, then {@code id}, and {@code
 * src/connector.c} writes them with jansson's {@code JSON_COMPACT} (insertion order); the reasons are {@code
 * share_errs[]} in {@code src/libckpool.h}.
 */
class ReplyOutcomeTest {

    static InboundLine parse(String line) throws IOException {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return InboundLine.parse(b, 0, b.length);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // this pool
                "{\"id\":7,\"result\":true,\"error\":null}|true||0",
                "{\"id\":8,\"result\":null,\"error\":[23,\"Low difficulty share\",null]}|false|23 Low difficulty share|23",
                "{\"id\":9,\"result\":null,\"error\":[21,\"Stale job\",null]}|false|21 Stale job|21",
                // ckpool
                "{\"result\":true,\"error\":null,\"id\":5}|true||0",
                "{\"reject-reason\":\"Above target\",\"result\":false,\"error\":null,\"id\":5}|false|Above target|-1",
                "{\"reject-reason\":\"Invalid JobID\",\"result\":false,\"error\":null,\"id\":6}|false|Invalid JobID|-1",
                "{\"result\":false,\"error\":\"Invalid array size\",\"id\":6}|false|Invalid array size|-1",
                // others: JSON-RPC 2.0 error objects, a false with nothing said, no result at all
                "{\"id\":1,\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}|false|-32601"
                        + " Method not found|-32601",
                "{\"id\":1,\"result\":false,\"error\":null}|false|false (no reason given)|-1",
                "{\"id\":1,\"result\":null,\"error\":null}|false|null result (no error)|-1",
                "{\"id\":1,\"result\":\"ok\",\"error\":null}|false|result \"ok\"|-1",
                "{\"id\":1,\"result\":true,\"error\":[20,\"Other\",null]}|false|20 Other|20",
            })
    void classifiesReplies(String line, boolean accepted, String reason, int code) throws IOException {
        ReplyOutcome o = ReplyOutcome.of(parse(line));
        assertThat(o.accepted()).isEqualTo(accepted);
        assertThat(o.reason()).isEqualTo(reason);
        assertThat(o.code()).isEqualTo(code);
    }

    @Test
    void readsIdsAsNumbersOrNumericStrings() throws IOException {
        assertThat(parse("{\"id\":12345678901,\"result\":true}").id()).isEqualTo(12345678901L);
        assertThat(parse("{\"id\":\"42\",\"result\":true}").id()).isEqualTo(42);
        assertThat(parse("{\"id\":\"abc\",\"result\":true}").id()).isEqualTo(InboundLine.NO_ID);
        assertThat(parse("{\"id\":null,\"result\":true}").id()).isEqualTo(InboundLine.NO_ID);
        assertThat(parse("{\"id\":[1],\"result\":true}").id()).isEqualTo(InboundLine.NO_ID);
        assertThat(parse("{\"result\":true}").id()).isEqualTo(InboundLine.NO_ID);
    }

    @Test
    void readsNotificationsOfEitherPool() throws IOException {
        // ckpool: stratum_send_diff packs params, id, method in that order
        InboundLine diff = parse("{\"params\":[1],\"id\":null,\"method\":\"mining.set_difficulty\"}");
        assertThat(diff.isReply()).isFalse();
        assertThat(diff.method()).isEqualTo("mining.set_difficulty");
        assertThat(diff.params().get(0).asDouble()).isEqualTo(1.0);
        InboundLine ours = parse("{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"0001\",\"aa\",\"bb\",\"cc\","
                + "[],\"20000000\",\"207fffff\",\"6525f3a2\",true]}");
        assertThat(ours.method()).isEqualTo("mining.notify");
        assertThat(ours.params().get(8).asBoolean()).isTrue();
    }

    @Test
    void aSubscribeResultIsKeptAsATree() throws IOException {
        InboundLine ck =
                parse("{\"result\":[[[\"mining.notify\",\"0000000a\"]],\"0a0b0c0d\",8],\"id\":1,\"error\":null}");
        assertThat(ck.isReply()).isTrue();
        assertThat(ck.result().get(1).asText()).isEqualTo("0a0b0c0d");
        assertThat(ck.result().get(2).asInt()).isEqualTo(8);
        assertThat(ck.resultFlag()).isNull();
    }

    @Test
    void rejectsWhatIsNotAJsonObject() {
        for (String bad : new String[] {"[1,2]", "{\"id\":", "hello", "", "{\"id\":1} trailing", "{\"a\" 1}"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(IOException.class);
        }
    }

    @Test
    void longReasonsAreCutSoTheyStayCountable() throws IOException {
        String longMessage = "x".repeat(500);
        ReplyOutcome o = ReplyOutcome.of(parse("{\"id\":1,\"result\":false,\"error\":\"" + longMessage + "\"}"));
        assertThat(o.reason()).hasSize(80).endsWith("...");
    }
}
