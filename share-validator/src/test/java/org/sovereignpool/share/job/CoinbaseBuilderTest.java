package org.sovereignpool.share.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bitcoinj.base.Coin;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.script.ScriptBuilder;
import org.bitcoinj.script.ScriptPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.share.testing.Fixtures;
import org.sovereignpool.share.testing.RawBlock;

class CoinbaseBuilderTest {
    /** P2WPKH of bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c, the address block 112 pays. */
    private static final byte[] P2WPKH = Hex.decode("00145718787757d6de1735a1b4e47126f98fdaf3941e");

    private static final byte[] COMMITMENT =
            Hex.decode("6a24aa21a9edff5cc59a6930d75406b6a90f8c5b4e946d324fe40d0557bea4806e8f47460b47");

    @ParameterizedTest
    @CsvSource({
        "1, 51",
        "16, 60",
        "17, 0111",
        "112, 0170",
        "127, 017f",
        "128, 028000",
        "255, 02ff00",
        "256, 020001",
        "32767, 02ff7f",
        "32768, 03008000",
        "413567, 037f4f06",
        "8388607, 03ffff7f",
        "8388608, 0400008000",
        "2147483647, 04ffffff7f"
    })
    void heightPushIsMinimalCScriptNum(int height, String hex) {
        assertThat(Hex.encode(CoinbaseBuilder.heightPush(height))).isEqualTo(hex);
    }

    /** The recorded regtest coinbase and mainnet block 413567 start with these pushes. */
    @Test
    void heightPushMatchesRealCoinbases() {
        assertThat(Fixtures.notifyParams("6b05c4e300000003").get(2).asText()).contains("ffffffff330170");
        RawBlock block = new RawBlock(Fixtures.bytes("block-413567-mainnet.raw"));
        assertThat(Hex.encode(block.coinbaseScriptSig)).startsWith(Hex.encode(CoinbaseBuilder.heightPush(413567)));
    }

    static Stream<Integer> seededHeights() {
        Random random = new Random(20261124);
        return IntStream.range(0, 200).mapToObj(i -> i < 40 ? i + 1 : random.nextInt(1, Integer.MAX_VALUE));
    }

    /** bitcoinj's ScriptBuilder.number writes the same bytes (Bitcoin Core's CScript() << n). */
    @ParameterizedTest
    @MethodSource("seededHeights")
    void heightPushAgreesWithBitcoinj(int height) {
        byte[] oracle = new ScriptBuilder().number(height).build().program();
        assertThat(CoinbaseBuilder.heightPush(height)).isEqualTo(oracle);
    }

    @ParameterizedTest
    @MethodSource("seededHeights")
    void coinbaseParsesAsOneInputPayingTheWholeValueToTheTreasury(int height) {
        CoinbaseBuilder builder = CoinbaseBuilder.of("/SovereignPool/", P2WPKH, 4, 8);
        long value = 5_000_032_000L;
        CoinbaseBuilder.Parts parts = builder.build(height, value, COMMITMENT);
        byte[] en = Hex.decode("e4c4056b1122334455667788");
        byte[] coinbase = concat(parts.coinbase1(), en, parts.coinbase2());

        Transaction tx = Transaction.read(ByteBuffer.wrap(coinbase));
        assertThat(tx.isCoinBase()).isTrue();
        assertThat(tx.getOutputs()).hasSize(2);
        assertThat(tx.getOutput(0).getValue()).isEqualTo(Coin.valueOf(value));
        assertThat(tx.getOutput(0).getScriptBytes()).isEqualTo(P2WPKH);
        assertThat(tx.getOutput(1).getValue()).isEqualTo(Coin.ZERO);
        assertThat(tx.getOutput(1).getScriptBytes()).isEqualTo(COMMITMENT);
        assertThat(tx.lockTime().rawValue()).isZero();
        byte[] scriptSig = tx.getInput(0).getScriptBytes();
        assertThat(scriptSig.length).isBetween(CoinbaseBuilder.MIN_SCRIPT_SIG, CoinbaseBuilder.MAX_SCRIPT_SIG);
        // BIP 34: the scriptSig starts with the height push; the extranonce slot ends it
        assertThat(Hex.encode(scriptSig)).startsWith(Hex.encode(CoinbaseBuilder.heightPush(height)));
        assertThat(Hex.encode(scriptSig)).endsWith("0c" + Hex.encode(en));
        assertThat(new String(scriptSig, java.nio.charset.StandardCharsets.US_ASCII))
                .contains("/SovereignPool/");
        assertThat(Hex.encode(parts.coinbase2())).startsWith("ffffffff");
        assertThat(coinbase.length).isLessThanOrEqualTo(CoinbaseBuilder.DEFAULT_MAX_COINBASE_BYTES);
    }

    @Test
    void withoutACommitmentThereIsOneOutput() {
        CoinbaseBuilder.Parts parts = CoinbaseBuilder.of("/t/", P2WPKH, 4, 4).build(200, 625_000_000L, null);
        byte[] coinbase = concat(parts.coinbase1(), new byte[8], parts.coinbase2());
        Transaction tx = Transaction.read(ByteBuffer.wrap(coinbase));
        assertThat(tx.getOutputs()).hasSize(1);
        assertThat(tx.getOutput(0).getValue()).isEqualTo(Coin.valueOf(625_000_000L));
    }

    @Test
    void aConfigurationThatWouldExceedTheLimitsIsRefused() {
        // 5 (height) + 2 + 76 (tag) + 1 + 16 (slot) = 100 fits; one more byte of tag does not
        new CoinbaseBuilder(new byte[76], P2WPKH, 8, 8, 1000).build(Integer.MAX_VALUE, 1, COMMITMENT);
        assertThatThrownBy(() -> new CoinbaseBuilder(new byte[77], P2WPKH, 8, 8, 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scriptSig would be 101 bytes")
                .hasMessageContaining("limit is 100");
        assertThatThrownBy(() -> new CoinbaseBuilder(new byte[101], P2WPKH, 4, 4, 1000))
                .hasMessageContaining("at most 100 bytes");
        byte[] bigScript = new byte[400];
        assertThatThrownBy(() -> new CoinbaseBuilder("/t/".getBytes(), bigScript, 4, 4, 500))
                .hasMessageContaining("above the limit of 500 bytes");
        assertThatThrownBy(() -> new CoinbaseBuilder("/t/".getBytes(), P2WPKH, 0, 4, 500))
                .hasMessageContaining("extranonce sizes");
        assertThatThrownBy(() -> CoinbaseBuilder.of("/t/", P2WPKH, 4, 4).build(0, 1, null))
                .hasMessageContaining("height must be >= 1");
        assertThatThrownBy(() -> CoinbaseBuilder.of("/t/", P2WPKH, 4, 4).build(5, -1, null))
                .hasMessageContaining("coinbase value out of range");
        // a 32-byte tag, an 8+8 extranonce and a P2WSH payout still fit both limits
        new CoinbaseBuilder(new byte[32], new byte[34], 8, 8, 500).build(Integer.MAX_VALUE, 1, COMMITMENT);
    }

    private static final ReceiptAnchor ANCHOR =
            new ReceiptAnchor(7, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

    /**
     * Known answer: for the recorded template at height 112, the outputs half of our coinbase (sequence, outputs,
     * locktime) is byte for byte what the recording's pool (ckpool) sent as the end of coinb2 for that template
     * (cpuminer-session.log, job 6b05c4e300000003), which block 112 then carried. A real block has no anchor.
     */
    @Test
    void withoutAnAnchorTheOutputsAreThoseOfRecordedBlock112() {
        String recordedCoinb2 = Fixtures.notifyParams("6b05c4e300000003").get(3).asText();
        String recordedOutputs = recordedCoinb2.substring(recordedCoinb2.indexOf("ffffffff02"));
        byte[] commitment = Hex.decode(Fixtures.json("gbt-with-txs.json")
                .get("default_witness_commitment")
                .asText());
        CoinbaseBuilder builder = CoinbaseBuilder.of("/SovereignPool/", P2WPKH, 4, 8);

        CoinbaseBuilder.Parts plain = builder.build(112, 5_000_032_000L, commitment);
        assertThat(Hex.encode(plain.coinbase2())).isEqualTo(recordedOutputs);
        assertThat(builder.build(112, 5_000_032_000L, commitment, null)).isEqualTo(plain);

        // with an anchor: the same bytes with one output more, between the treasury's and the commitment
        CoinbaseBuilder.Parts anchored = builder.build(112, 5_000_032_000L, commitment, ANCHOR);
        String treasuryOutput = "006f062a01000000" + "16" + Hex.encode(P2WPKH);
        String commitmentOutput = "0000000000000000" + "26" + Hex.encode(commitment);
        assertThat(recordedOutputs).isEqualTo("ffffffff02" + treasuryOutput + commitmentOutput + "00000000");
        assertThat(Hex.encode(anchored.coinbase2()))
                .isEqualTo("ffffffff03" + treasuryOutput + "0000000000000000" + "2e" + ANCHOR.scriptHex()
                        + commitmentOutput + "00000000");
        assertThat(anchored.coinbase1())
                .as("the anchor is an output: the scriptSig and the extranonce slot do not move")
                .isEqualTo(plain.coinbase1());
    }

    static Stream<Integer> someSeededHeights() {
        return seededHeights().filter(h -> h % 4 == 0 || h <= 17);
    }

    @ParameterizedTest
    @MethodSource("someSeededHeights")
    void anAnchoredCoinbaseStillPaysTheWholeValueAndKeepsTheCommitmentLast(int height) {
        Random random = new Random(height);
        long value = random.nextLong(0, 21_000_000L * 100_000_000L);
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        ReceiptAnchor anchor = new ReceiptAnchor(random.nextLong(0, Long.MAX_VALUE), Hex.encode(hash));
        CoinbaseBuilder.Parts parts =
                CoinbaseBuilder.of("/SovereignPool/", P2WPKH, 4, 8).build(height, value, COMMITMENT, anchor);
        byte[] coinbase = concat(parts.coinbase1(), new byte[12], parts.coinbase2());

        Transaction tx = Transaction.read(ByteBuffer.wrap(coinbase));
        assertThat(tx.isCoinBase()).isTrue();
        assertThat(tx.getOutputs()).hasSize(3);
        assertThat(tx.getOutput(0).getValue()).isEqualTo(Coin.valueOf(value));
        assertThat(tx.getOutput(0).getScriptBytes()).isEqualTo(P2WPKH);
        assertThat(tx.getOutput(1).getValue()).isEqualTo(Coin.ZERO);
        assertThat(tx.getOutput(1).getScriptBytes()).isEqualTo(anchor.script()).hasSizeLessThanOrEqualTo(83);
        assertThat(ScriptPattern.isOpReturn(tx.getOutput(1).getScriptPubKey())).isTrue();
        assertThat(tx.getOutput(2).getScriptBytes()).isEqualTo(COMMITMENT);
        assertThat(coreWitnessCommitmentIndex(tx)).isEqualTo(2);
        assertThat(ReceiptAnchor.parse(tx.getOutput(1).getScriptBytes())).contains(anchor);
        assertThat(coinbase.length).isLessThanOrEqualTo(CoinbaseBuilder.DEFAULT_MAX_COINBASE_BYTES);
    }

    /** Bitcoin Core's GetWitnessCommitmentIndex (consensus/validation.h): the LAST output of the pattern. */
    private static int coreWitnessCommitmentIndex(Transaction coinbase) {
        int index = -1;
        for (int o = 0; o < coinbase.getOutputs().size(); o++) {
            byte[] s = coinbase.getOutput(o).getScriptBytes();
            if (s.length >= 38
                    && (s[0] & 0xff) == 0x6a
                    && s[1] == 0x24
                    && (s[2] & 0xff) == 0xaa
                    && s[3] == 0x21
                    && (s[4] & 0xff) == 0xa9
                    && (s[5] & 0xff) == 0xed) {
                index = o;
            }
        }
        return index;
    }

    @Test
    void theLargestConfigurationStillFitsWithAnAnchor() {
        // 5 (height) + 2 + 76 (tag) + 1 + 16 (slot) = 100: the scriptSig limit does not see the anchor
        new CoinbaseBuilder(new byte[76], P2WPKH, 8, 8, 1000).build(Integer.MAX_VALUE, 1, COMMITMENT, ANCHOR);
        // a 32-byte tag, an 8+8 extranonce, a P2WSH payout and the anchor: 251 bytes, within 500
        CoinbaseBuilder.Parts parts = new CoinbaseBuilder(new byte[32], new byte[34], 8, 8, 500)
                .build(Integer.MAX_VALUE, 1, COMMITMENT, ANCHOR);
        assertThat(parts.coinbase1().length + 16 + parts.coinbase2().length).isEqualTo(251);
        // the constructor counts the anchor: a payout script that fits only without it is refused up front
        assertThatThrownBy(() -> new CoinbaseBuilder("/t/".getBytes(), new byte[300], 8, 8, 440))
                .hasMessageContaining("above the limit of 440 bytes");
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
