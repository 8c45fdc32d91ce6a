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
