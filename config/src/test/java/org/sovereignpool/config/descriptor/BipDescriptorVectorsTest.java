package org.sovereignpool.config.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.crypto.DeterministicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sovereignpool.config.Network;

/**
 * Mainnet known answers from the BIPs' own test vectors (bitcoin/bips, each cited below): BIP 86 for tr() and the
 * taproot tweak, BIP 382 for wpkh() with an origin and several steps, BIP 383 for sortedmulti() with keys of
 * different depths, BIP 32 test vector 1 for public derivation at a large index. The descriptors are written around
 * the BIPs' keys here, so their checksums are computed (the checksum itself is proven against Core elsewhere).
 */
class BipDescriptorVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    /** BIP 86 "Test vectors": account 0 of the mnemonic "abandon ... about", m/86'/0'/0'. */
    private static final String BIP86_ACCOUNT_XPUB =
            "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ";

    private static final String BIP86_ROOT_XPUB =
            "xpub661MyMwAqRbcFkPHucMnrGNzDwb6teAX1RbKQmqtEF8kK3Z7LZ59qafCjB9eCRLiTVG3uxBxgKvRgbubRhqSKXnGGb1aoaqLrpMBDrVxga8";

    private static OutputDescriptor mainnet(String payload) {
        return OutputDescriptor.parse(DescriptorChecksum.append(payload), Network.MAINNET);
    }

    @ParameterizedTest(name = "m/86h/0h/0h/{0}/{1}")
    @CsvSource({
        "0, 0, cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115,"
                + " a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c,"
                + " bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
        "0, 1, 83dfe85a3151d2517290da461fe2815591ef69f2b18a2ce63f01697a8b313145,"
                + " a82f29944d65b86ae6b5e5cc75e294ead6c59391a1edc5e016e3498c67fc7bbb,"
                + " bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh",
        "1, 0, 399f1b2f4393f29a18c937859c5dd8a77350103157eb880f02e8c08214277cef,"
                + " 882d74e5d0572d5a816cef0041a96b6c1de832f6f9676d9605c44d5e9a97d3dc,"
                + " bc1p3qkhfews2uk44qtvauqyr2ttdsw7svhkl9nkm9s9c3x4ax5h60wqwruhk7"
    })
    void bip86TaprootAddresses(int chain, int index, String internalKey, String outputKey, String address) {
        assertThat(HEX.formatHex(Taproot.outputKey(HEX.parseHex(internalKey)))).isEqualTo(outputKey);
        OutputDescriptor d = mainnet("tr([73c5da0a/86'/0'/0']" + BIP86_ACCOUNT_XPUB + "/" + chain + "/*)");
        assertThat(HEX.formatHex(Taproot.xOnly(d.keys().get(0).publicKey(index))))
                .isEqualTo(internalKey);
        assertThat(d.scriptPubKey(index)).isEqualTo(HEX.parseHex("5120" + outputKey));
        assertThat(d.address(index)).isEqualTo(address);
    }

    /** The origin is carried as written; here it is checked against the BIP's root key (bitcoinj as the oracle). */
    @Test
    void bip86OriginFingerprintIsTheRootKeys() {
        OutputDescriptor d = mainnet("tr([73c5da0a/86h/0h/0h]" + BIP86_ACCOUNT_XPUB + "/0/*)");
        KeyOrigin origin = d.keys().get(0).origin().orElseThrow();
        int rootFingerprint = DeterministicKey.deserializeB58(BIP86_ROOT_XPUB, BitcoinNetwork.MAINNET)
                .getFingerprint();
        assertThat(origin.fingerprint()).isEqualTo(rootFingerprint);
        assertThat(origin).hasToString("[73c5da0a/86h/0h/0h]");
        assertThat(d.keys().get(0).rootFingerprint()).hasValue(rootFingerprint);
        OutputDescriptor root = mainnet("tr(" + BIP86_ROOT_XPUB + "/0/*)");
        assertThat(root.keys().get(0).rootFingerprint())
                .as("a master key's own")
                .hasValue(rootFingerprint);
    }

    /** BIP 382 "Test Vectors": wpkh([ffffffff/13']xpub69H7.../1/2/*), scripts 0, 1, 2. */
    @Test
    void bip382WpkhWithOriginAndSteps() {
        OutputDescriptor d = mainnet("wpkh([ffffffff/13']xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGm"
                + "XUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH/1/2/*)");
        assertThat(d.keys().get(0).steps()).containsExactly(1, 2);
        assertThat(List.of(hex(d, 0), hex(d, 1), hex(d, 2)))
                .containsExactly(
                        "0014326b2249e3a25d5dc60935f044ee835d090ba859",
                        "0014af0bd98abc2f2cae66e36896a39ffe2d32984fb7",
                        "00141fa798efd1cbf95cebf912c031b8a4a6e9fb9f27");
    }

    /**
     * BIP 383 "Test Vectors": sortedmulti(2,xpub6ERA.../*,xpub68NZ.../0/0/*) at the top level gives these bare
     * scripts; inside wsh() they are the witness scripts, and the output is OP_0 SHA256(script).
     */
    @Test
    void bip383SortedMultiWithKeysOfDifferentDepths() throws Exception {
        OutputDescriptor d = mainnet("wsh(sortedmulti(2,"
                + "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcg"
                + "JvLJuZZvRcEL/*,"
                + "xpub68NZiKmJWnxxS6aaHmn81bvJeTESw724CRDs6HbuccFQN9Ku14VQrADWgqbhhTHBaohPX4CjNLf9fq9MYo6oDaPPLPxSb7g"
                + "wQN3ih19Zm4Y/0/0/*))");
        List<String> scripts = List.of(
                "5221025d5fc65ebb8d44a5274b53bac21ff8307fec2334a32df05553459f8b1f7fe1b62102fbd47cc8034098f0e6a94c6aeee8528abf0a2153a5d8e46d325b7284c046784652ae",
                "52210264fd4d1f5dea8ded94c61e9641309349b62f27fbffe807291f664e286bfbe6472103f4ece6dfccfa37b211eb3d0af4d0c61dba9ef698622dc17eecdf764beeb005a652ae",
                "5221022ccabda84c30bad578b13c89eb3b9544ce149787e5b538175b1d1ba259cbb83321024d902e1a2fc7a8755ab5b694c575fce742c48d9ff192e63df5193e4c7afe1f9c52ae");
        for (int i = 0; i < scripts.size(); i++) {
            byte[] script = HEX.parseHex(scripts.get(i));
            DerivedOutput out = d.derive(i);
            assertThat(HEX.formatHex(out.witnessScript().orElseThrow())).isEqualTo(scripts.get(i));
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(script);
            assertThat(out.scriptPubKeyHex()).isEqualTo("0020" + HEX.formatHex(sha));
        }
    }

    /**
     * BIP 32 test vector 1: from the xpub of m/0H/1/2H, public derivation of /2 and then /1000000000 gives the key of
     * the vector's m/0H/1/2H/2/1000000000 (decoded by bitcoinj, the oracle).
     */
    @Test
    void bip32PublicDerivationAtALargeIndex() {
        OutputDescriptor d = mainnet("wpkh(xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDF"
                + "GTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5/2/*)");
        DeterministicKey expected = DeterministicKey.deserializeB58(
                "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6"
                        + "cFJodrTHy",
                BitcoinNetwork.MAINNET);
        assertThat(d.keys().get(0).publicKey(1_000_000_000)).isEqualTo(expected.getPubKey());
        assertThat(d.scriptPubKey(1_000_000_000))
                .isEqualTo(HEX.parseHex("0014" + HEX.formatHex(expected.getPubKeyHash())));
    }

    private static String hex(OutputDescriptor d, int index) {
        return HEX.formatHex(d.scriptPubKey(index));
    }
}
