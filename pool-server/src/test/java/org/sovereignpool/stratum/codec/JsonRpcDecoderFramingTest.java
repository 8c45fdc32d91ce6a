package org.sovereignpool.stratum.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sovereignpool.stratum.message.MalformedRequest;
import org.sovereignpool.stratum.message.StratumRequest;

/**
 * The decoder's framing (it replaced Netty's LineBasedFrameDecoder in front of it, with the same rules): LF or CRLF,
 * any split of the bytes, the cap without the line ending, fail-fast past the cap, and the next line after a refused
 * one.
 */
class JsonRpcDecoderFramingTest {
    private static final int CAP = 64;

    private static String request(int id, int length) {
        String head = "{\"id\":" + id + ",\"method\":\"m\",\"params\":[\"";
        String tail = "\"]}";
        return head + "a".repeat(length - head.length() - tail.length()) + tail;
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static List<Object> drain(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o);
        }
        return out;
    }

    @Test
    void linesEndedByLfOrCrlfAreTheSameRequestsWhateverTheSplit() {
        String text = request(1, 40) + "\n" + request(2, 50) + "\r\n\r\n" + request(3, 45) + "\n";
        for (int chunk = 1; chunk <= text.length(); chunk++) {
            EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcDecoder(CAP));
            for (int i = 0; i < text.length(); i += chunk) {
                ch.writeInbound(bytes(text.substring(i, Math.min(text.length(), i + chunk))));
            }
            List<Object> out = drain(ch);
            assertThat(out).as("chunks of %d", chunk).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(((StratumRequest) out.get(i)).rawId()).isEqualTo(Integer.toString(i + 1));
            }
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void theCapDoesNotCountTheLineEnding() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcDecoder(CAP));
        ch.writeInbound(bytes(request(1, CAP) + "\r\n" + request(2, CAP) + "\n"));
        assertThat(drain(ch)).hasSize(2).allMatch(StratumRequest.class::isInstance);
    }

    @Test
    void aLineOverTheCapFailsAsSoonAsTheCapIsPassedAndTheNextLineIsDecoded() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcDecoder(CAP));
        String tooLong = request(1, CAP + 20);
        ch.writeInbound(bytes(tooLong.substring(0, CAP))); // exactly at the cap, no newline yet: waits
        // one byte more, still no newline: refused at once (EmbeddedChannel rethrows what reached the pipeline's end)
        assertThatThrownBy(() -> ch.writeInbound(bytes(tooLong.substring(CAP, CAP + 1))))
                .isInstanceOf(TooLongFrameException.class);
        // the rest of the refused line is dropped without a second failure
        ch.writeInbound(bytes(tooLong.substring(CAP + 1) + "\n" + request(2, 40) + "\n"));
        List<Object> out = drain(ch);
        assertThat(out).hasSize(1);
        assertThat(((StratumRequest) out.get(0)).rawId()).isEqualTo("2");
    }

    @Test
    void aWholeLineOverTheCapInOneReadFailsAndIsSkipped() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcDecoder(CAP));
        assertThatThrownBy(
                        () -> ch.writeInbound(bytes(request(1, 50) + "\n" + request(2, CAP + 1) + "\n" + "garbage\n")))
                .isInstanceOf(TooLongFrameException.class);
        List<Object> out = drain(ch);
        assertThat(out).hasSize(2);
        assertThat(((StratumRequest) out.get(0)).rawId()).isEqualTo("1");
        assertThat(out.get(1)).isInstanceOf(MalformedRequest.class);
    }
}
