package org.sovereignpool.share.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bitcoinj.script.Script;
import org.bitcoinj.script.ScriptChunk;
import org.bitcoinj.script.ScriptPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sovereignpool.share.model.Hex;

class ReceiptAnchorTest {
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /** The format the README documents, written out by hand. */
    @Test
    void theScriptReadsTagIdAndEntryHashInOrder() {
        ReceiptAnchor anchor = new ReceiptAnchor(0x0102, HASH);
        assertThat(anchor.scriptHex()).isEqualTo("6a2c" + "53504131" + "0000000000000102" + HASH);
        assertThat(anchor.script()).hasSize(ReceiptAnchor.SCRIPT_SIZE).hasSize(46);
        assertThat(new ReceiptAnchor(0, "0".repeat(64)).scriptHex())
                .as("the empty chain")
                .isEqualTo("6a2c53504131" + "0".repeat(16) + "0".repeat(64));
    }

    static Stream<ReceiptAnchor> seededAnchors() {
        Random random = new Random(20261129);
        return IntStream.range(0, 100).mapToObj(i -> {
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            long id = i < 3 ? new long[] {0, 1, Long.MAX_VALUE}[i] : random.nextLong(0, Long.MAX_VALUE);
            return new ReceiptAnchor(id, Hex.encode(hash));
        });
    }

    /** bitcoinj reads it as OP_RETURN with one 44-byte push: a standard null-data output (<= 83 bytes). */
    @ParameterizedTest
    @MethodSource("seededAnchors")
    void roundTripsAndIsOneOpReturnPush(ReceiptAnchor anchor) {
        byte[] script = anchor.script();
        assertThat(ReceiptAnchor.parse(script)).contains(anchor);
        Script parsed = Script.parse(script);
        assertThat(ScriptPattern.isOpReturn(parsed)).isTrue();
        assertThat(parsed.chunks()).hasSize(2);
        ScriptChunk push = parsed.chunks().get(1);
        assertThat(push.data).hasSize(44);
        assertThat(push.isShortestPossiblePushData()).isTrue();
        assertThat(script.length).isLessThanOrEqualTo(83);
    }

    @Test
    void otherScriptsAreNotAnchors() {
        byte[] good = new ReceiptAnchor(5, HASH).script();
        // the witness commitment of block 112 (gbt-with-txs.json)
        assertThat(ReceiptAnchor.parse(
                        Hex.decode("6a24aa21a9edff5cc59a6930d75406b6a90f8c5b4e946d324fe40d0557bea4806e8f47460b47")))
                .isEmpty();
        assertThat(ReceiptAnchor.parse(Hex.decode("00145718787757d6de1735a1b4e47126f98fdaf3941e")))
                .isEmpty();
        byte[] otherTag = good.clone();
        otherTag[5] = '2';
        assertThat(ReceiptAnchor.parse(otherTag)).isEmpty();
        assertThat(ReceiptAnchor.looksLikeAnchor(otherTag)).isFalse();
        byte[] truncated = java.util.Arrays.copyOf(good, 45);
        assertThat(ReceiptAnchor.parse(truncated)).isEmpty();
        assertThat(ReceiptAnchor.looksLikeAnchor(truncated))
                .as("the shape is recognised, so a damaged anchor can be reported")
                .isTrue();
        byte[] negativeId = good.clone();
        negativeId[6] = (byte) 0x80;
        assertThat(ReceiptAnchor.parse(negativeId)).isEmpty();
        assertThat(ReceiptAnchor.parse(new byte[0])).isEmpty();
    }

    @Test
    void badFieldsAreRefused() {
        assertThatThrownBy(() -> new ReceiptAnchor(-1, HASH)).hasMessageContaining("receipt id must be >= 0");
        assertThatThrownBy(() -> new ReceiptAnchor(1, "abc")).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> new ReceiptAnchor(1, "g".repeat(64))).hasMessageContaining("64 hex digits");
        assertThat(new ReceiptAnchor(1, HASH.toUpperCase()).entryHashHex()).isEqualTo(HASH);
    }
}
