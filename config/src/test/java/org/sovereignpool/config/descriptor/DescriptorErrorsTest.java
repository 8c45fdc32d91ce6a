package org.sovereignpool.config.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.ECKey;
import org.bitcoinj.crypto.HDKeyDerivation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sovereignpool.config.Network;

/**
 * One test per way a treasury descriptor is refused, each with its exact message. Descriptors other than Core's
 * recorded ones get their checksum from {@link DescriptorChecksum#append} so that the error under test is the one
 * reported.
 */
class DescriptorErrorsTest {
    private static final List<String> T = CoreFixtures.tpubs();
    private static final String T0 = T.get(0);
    private static final String T1 = T.get(1);
    private static final String T2 = T.get(2);
    private static final String T0_SHORT =
            "tpubD6NzVbkr...JGEctg3Mcb".replace("JGEctg3Mcb", T0.substring(T0.length() - 8));

    /** BIP 32 test vector 1, chain m/0H/1/2H (mainnet). */
    private static final String XPUB =
            "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5";

    private static final String XPRV =
            "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM";

    /** BIP 380's WIF keys (mainnet, compressed and uncompressed). */
    private static final String WIF_COMPRESSED = "L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1";

    private static final String WIF_UNCOMPRESSED = "5KYZdUEo39z3FPrtuX2QbbwGnNP5zTd7yyr2SC1j299sBCnWjss";

    private static String message(String descriptor, Network network) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> OutputDescriptor.parse(descriptor, network))
                .isInstanceOfSatisfying(DescriptorException.class, e -> caught[0] = e);
        return caught[0].getMessage();
    }

    /** The message for {@code payload} with a correct checksum, on regtest. */
    private static String regtest(String payload) {
        return message(DescriptorChecksum.append(payload), Network.REGTEST);
    }

    @Test
    void emptyIsRefused() {
        assertThat(message("", Network.REGTEST))
                .isEqualTo("empty; expected wpkh(KEY), sh(wpkh(KEY)), wsh(sortedmulti(k,KEY,...)) or tr(KEY) with its"
                        + " #checksum");
    }

    @Test
    void unknownFunctionIsNamed() {
        assertThat(regtest("wphk(" + T0 + "/0/*)"))
                .isEqualTo("unknown function 'wphk'; the treasury takes wpkh(KEY), sh(wpkh(KEY)),"
                        + " wsh(sortedmulti(k,KEY,...)) or tr(KEY)");
    }

    @Test
    void functionsCoreKnowsButTheTreasuryDoesNotTakeAreNamed() {
        String supported = "; use wpkh(KEY), sh(wpkh(KEY)), wsh(sortedmulti(k,KEY,...)) or tr(KEY)";
        assertThat(regtest("pkh(" + T0 + "/0/*)")).isEqualTo("pkh() is not a form the treasury takes" + supported);
        assertThat(regtest("sortedmulti(1," + T0 + "/0/*)"))
                .isEqualTo("sortedmulti() is not a form the treasury takes" + supported);
        assertThat(regtest("sh(sortedmulti(1," + T0 + "/0/*))"))
                .isEqualTo("sh(sortedmulti()) is not a form the treasury takes" + supported);
        assertThat(regtest("wsh(pkh(" + T0 + "/0/*))"))
                .isEqualTo("wsh(pkh()) is not a form the treasury takes" + supported);
        assertThat(regtest("wsh(multi(2," + T0 + "/0/*," + T1 + "/0/*))"))
                .isEqualTo("wsh(multi()) is not supported: use wsh(sortedmulti()), whose script does not depend on"
                        + " the order the keys are written in (BIP 67)");
        assertThat(regtest("tr(" + T0 + "/0/*,pk(" + T1 + "/0/*))"))
                .isEqualTo("tr() with a script tree is not supported: the treasury takes tr(KEY), key path only"
                        + " (BIP 86)");
    }

    @Test
    void notAFunctionAtAll() {
        assertThat(regtest(T0 + "/0/*"))
                .startsWith("expected a script function, wpkh(KEY), ")
                .endsWith(", got '" + T0.substring(0, 64) + "...'");
        assertThat(regtest("bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c"))
                .endsWith("got 'bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c'");
    }

    @Test
    void malformedCallsSayWhere() {
        assertThat(regtest("wpkh(" + T0 + "/0/*")).isEqualTo("wpkh( has no closing ')'");
        assertThat(regtest("wpkh(" + T0 + "/0/*))")).isEqualTo("unexpected ')' after wpkh(...)");
        assertThat(regtest("wpkh()")).isEqualTo("wpkh() takes one key, got none");
        assertThat(regtest("wpkh(" + T0 + "/0/*," + T1 + "/0/*)")).isEqualTo("wpkh() takes one key, got 2");
        assertThat(regtest("wpkh(wpkh(" + T0 + "/0/*))"))
                .isEqualTo("wpkh() takes a key (an xpub/tpub ending in /*), not a script");
        assertThat(regtest("sh(" + T0 + "/0/*)")).startsWith("sh() takes a script such as wpkh(KEY), got 'tpub");
        assertThat(regtest("wsh(sortedmulti(2," + T0 + "/0/*]," + T1 + "/0/*))"))
                .isEqualTo("unbalanced ']' in wsh() ('(' is still open)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0'", "0h"})
    void aHardenedStepAfterTheXpubIsRefusedNamingIt(String step) {
        assertThat(regtest("wpkh(" + T0 + "/" + step + "/*)"))
                .isEqualTo("key (" + T0_SHORT + "): step /" + step + " after the extended public key is hardened,"
                        + " and hardened derivation needs the private key, which the pool never holds; put the xpub of"
                        + " the last hardened level in the descriptor (usually the account key, e.g."
                        + " [fingerprint/48h/0h/0h/2h]xpub.../0/*) and only unhardened steps after it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*'", "*h"})
    void aHardenedWildcardIsRefused(String wildcard) {
        assertThat(regtest("tr(" + T0 + "/0/" + wildcard + ")"))
                .isEqualTo("key (" + T0_SHORT + "): the hardened wildcard /" + wildcard + " needs the private key,"
                        + " which the pool never holds; end the key with /* (unhardened)");
    }

    @Test
    void aHardenedOriginIsFine() {
        OutputDescriptor d = OutputDescriptor.parse(
                DescriptorChecksum.append("wpkh([d34db33f/84'/1h/0']" + T0 + "/0/*)"), Network.REGTEST);
        assertThat(d.keys().get(0).origin().orElseThrow()).hasToString("[d34db33f/84h/1h/0h]");
    }

    @Test
    void aNonRangedDescriptorIsRefused() {
        assertThat(regtest("wpkh(" + T0 + "/0)"))
                .isEqualTo("key (" + T0_SHORT + ") is not ranged: end it with /* (e.g. " + T0_SHORT
                        + "/0/*) so that each block pays a fresh address");
        assertThat(regtest("wsh(sortedmulti(2," + T0 + "/0/*," + T1 + "/0," + T2 + "/0/*))"))
                .startsWith("key 2 (tpubD6NzVbkr...") // T1
                .contains(") is not ranged: end it with /*");
    }

    @Test
    void theWildcardMustBeLast() {
        assertThat(regtest("wpkh(" + T0 + "/*/0)")).isEqualTo("key (" + T0_SHORT + "): '/*' must be the last step");
    }

    @Test
    void anXpubOnATestNetworkNamesTheKeyAndTheNetwork() {
        String xpubShort = XPUB.substring(0, 12) + "..." + XPUB.substring(XPUB.length() - 8);
        assertThat(regtest("wpkh(" + XPUB + "/0/*)"))
                .isEqualTo("key (" + xpubShort + ") is a mainnet key (xpub) but the network is regtest, which takes"
                        + " tpub keys");
        assertThat(message(DescriptorChecksum.append("wpkh(" + XPUB + "/0/*)"), Network.TESTNET4))
                .endsWith("but the network is testnet4, which takes tpub keys");
    }

    @Test
    void aTpubOnMainnetNamesTheKeyAndItsPosition() {
        String payload = "wsh(sortedmulti(2," + XPUB + "/0/*," + T1 + "/0/*))";
        assertThat(message(DescriptorChecksum.append(payload), Network.MAINNET))
                .isEqualTo("key 2 (" + T1.substring(0, 12) + "..." + T1.substring(T1.length() - 8) + ") is a"
                        + " test-network key (tpub) but the network is mainnet, which takes xpub keys");
    }

    @Test
    void thresholdAboveTheNumberOfKeysIsRefused() {
        assertThat(regtest("wsh(sortedmulti(4," + T0 + "/0/*," + T1 + "/0/*," + T2 + "/0/*))"))
                .isEqualTo("sortedmulti() threshold 4 is more than its 3 keys (k of n needs k <= n)");
        assertThat(regtest("wsh(sortedmulti(2," + T0 + "/0/*))"))
                .isEqualTo("sortedmulti() threshold 2 is more than its 1 key (k of n needs k <= n)");
    }

    @Test
    void thresholdMustBeAPositiveNumber() {
        assertThat(regtest("wsh(sortedmulti(0," + T0 + "/0/*," + T1 + "/0/*))"))
                .isEqualTo("sortedmulti() threshold must be at least 1, got 0");
        assertThat(regtest("wsh(sortedmulti(a," + T0 + "/0/*," + T1 + "/0/*))"))
                .isEqualTo("sortedmulti() threshold 'a' is not a number");
        assertThat(regtest("wsh(sortedmulti(-1," + T0 + "/0/*," + T1 + "/0/*))"))
                .isEqualTo("sortedmulti() threshold '-1' is not a number");
        assertThat(regtest("wsh(sortedmulti(2))"))
                .isEqualTo("sortedmulti() takes a threshold and at least one key, e.g. sortedmulti(2,KEY,KEY,KEY)");
    }

    @Test
    void moreThanTwentyKeysAreRefused() {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            keys.append(",").append(T0).append("/").append(i).append("/*");
        }
        assertThat(regtest("wsh(sortedmulti(2" + keys + "))"))
                .isEqualTo("sortedmulti() in wsh() takes at most 20 keys, got 21");
    }

    @Test
    void theSameKeyTwiceIsRefused() {
        assertThat(regtest("wsh(sortedmulti(2," + T0 + "/0/*," + T1 + "/0/*," + T0 + "/1/*))"))
                .isEqualTo("key 3 (" + T0_SHORT + ") is the same extended key as key 1: one holder would sign for"
                        + " both; each key must belong to a different signer");
    }

    @Test
    void twoKeysFromOneSeedAreRefused() {
        // T0 is a master key: its fingerprint is known, and a key whose origin names it descends from the same seed.
        String fingerprint = java.util.HexFormat.of()
                .toHexDigits(DeterministicKey.deserializeB58(T0, BitcoinNetwork.REGTEST)
                        .getFingerprint());
        assertThat(regtest("wsh(sortedmulti(2," + T0 + "/0/*," + T1 + "/0/*,[" + fingerprint + "/48'/1'/0'/2']" + T2
                        + "/0/*))"))
                .startsWith("key 3 (tpubD6NzVbkr...")
                .endsWith(") comes from the same master key as key 1 (fingerprint " + fingerprint + "): one seed"
                        + " would sign for both; each key must belong to a different signer");
        assertThat(regtest("wsh(sortedmulti(2,[aaaaaaaa/1']" + T1 + "/0/*,[aaaaaaaa/2']" + T2 + "/0/*))"))
                .contains("comes from the same master key as key 1 (fingerprint aaaaaaaa)");
    }

    @Test
    void aPlainPublicKeyIsRefused() {
        assertThat(regtest("wpkh(0260b2003c386519fc9eadf2b5cf124dd8eea4c4e68d5e154050a9346ea98ce600)"))
                .isEqualTo("key (0260b2003c38...a98ce600) is a plain public key; the treasury needs an extended"
                        + " public key (tpub) ending in /* so that each block pays a fresh address");
    }

    @Test
    void aBrokenExtendedKeyIsRefused() {
        String typo = T0.substring(0, 20) + (T0.charAt(20) == 'a' ? 'b' : 'a') + T0.substring(21);
        assertThat(regtest("wpkh(" + typo + "/0/*)"))
                .endsWith(" is not a valid extended public key (its base58 check fails: a typo, or a truncated key)");
        assertThat(regtest("wpkh(" + T0.substring(0, 100) + "/0/*)"))
                .endsWith(" is not a valid extended public key (its base58 check fails: a typo, or a truncated key)");
    }

    @Test
    void slip132KeysAreRefusedWithTheWayOut() {
        // BIP 32 vector 1's m/0H/1/2H key with SLIP-132 zpub version bytes (04b24746) instead of xpub's.
        byte[] data = org.bitcoinj.base.Base58.decodeChecked(XPUB);
        data[0] = 0x04;
        data[1] = (byte) 0xb2;
        data[2] = 0x47;
        data[3] = 0x46;
        String zpub = org.bitcoinj.base.Base58.encodeChecked(data[0] & 0xff, java.util.Arrays.copyOfRange(data, 1, 78));
        assertThat(zpub).startsWith("zpub");
        assertThat(message(DescriptorChecksum.append("wpkh(" + zpub + "/0/*)"), Network.MAINNET))
                .endsWith(" is a SLIP-132 'zpub' key; descriptors take the same key as xpub (the descriptor's"
                        + " function, e.g. wpkh(), gives the script type): convert it, or export the descriptor from"
                        + " the wallet");
    }

    @Test
    void originErrorsFromBip380() {
        // BIP 380's invalid key origins, with a tpub for the key.
        assertThat(regtest("wpkh([deadbef/0h/0h/0h]" + T0 + "/0/*)"))
                .isEqualTo("key (" + T0_SHORT + "): the key origin's fingerprint must be 8 hex characters, got"
                        + " 'deadbef'");
        assertThat(regtest("wpkh([deadbeeef/0h]" + T0 + "/0/*)"))
                .endsWith("the key origin's fingerprint must be 8 hex characters, got 'deadbeeef'");
        assertThat(regtest("wpkh([gaaaaaaa/0h]" + T0 + "/0/*)"))
                .endsWith("the key origin's fingerprint must be 8 hex characters, got 'gaaaaaaa'");
        assertThat(regtest("wpkh([deadbeef/0h/0h/0h/*]" + T0 + "/0/*)"))
                .endsWith(": '*' in the key origin is not a derivation step (a number, hardened with h or ')");
        assertThat(regtest("wpkh([deadbeef/0h/0h/0h/]" + T0 + "/0/*)"))
                .endsWith(": an empty step in the key origin ('//' or a trailing '/')");
        assertThat(regtest("wpkh([deadbeef/0f/0f/0f]" + T0 + "/0/*)"))
                .endsWith(": '0f' in the key origin is not a derivation step (a number, hardened with h or ')");
        assertThat(regtest("wpkh([deadbeef/0H/0H/0H]" + T0 + "/0/*)"))
                .endsWith(": '0H' in the key origin is not a derivation step (a number, hardened with h or ')");
        assertThat(regtest("wpkh([deadbeef/-0/-0/-0]" + T0 + "/0/*)"))
                .endsWith(": '-0' in the key origin is not a derivation step (a number, hardened with h or ')");
        assertThat(regtest("wpkh([aaaaaaaa][aaaaaaaa]" + T0 + "/0/*)")).endsWith(": more than one key origin");
        assertThat(regtest("wpkh(aaaaaaaa]" + T0 + "/0/*)")).isEqualTo("unbalanced ']' in wpkh() ('(' is still open)");
        assertThat(regtest("wpkh(" + T0 + "[aaaaaaaa]/0/*)"))
                .endsWith(": a key origin must come first and start with '['");
        assertThat(regtest("wpkh([deadbeef])")).isEqualTo("key (): no key after the key origin");
        assertThat(regtest("wpkh([deadbeef" + T0 + "/0/*)")).isEqualTo("unbalanced ')' in wpkh() ('[' is still open)");
    }

    @Test
    void stepsOutOfRangeOrMalformed() {
        assertThat(regtest("wpkh(" + T0 + "/2147483648/*)"))
                .endsWith(": step 2147483648 after the extended public key is out of range (0..2147483647)");
        assertThat(regtest("wpkh(" + T0 + "/1aa/*)"))
                .endsWith(": '1aa' after the extended public key is not a derivation step (a number, hardened with h"
                        + " or ')");
        assertThat(regtest("wpkh(" + T0 + "//*)"))
                .endsWith(": an empty step after the extended public key ('//' or a trailing '/')");
        assertThat(regtest("wpkh(" + T0 + "/<0;1>/*)"))
                .endsWith(": multipath steps like <0;1> are not supported; use one chain, e.g. /0/*");
    }

    @Test
    void extendedPrivateKeysAreRefusedWithoutRepeatingThem() {
        String tprv = HDKeyDerivation.createMasterPrivateKey(new byte[32]).serializePrivB58(BitcoinNetwork.TESTNET);
        assertThat(tprv).startsWith("tprv");
        assertPrivateRefused("wpkh(" + tprv + "/0/*)", Network.REGTEST, "an extended private key (tprv...)", tprv);
        assertPrivateRefused("wpkh(" + XPRV + "/0/*)", Network.MAINNET, "an extended private key (xprv...)", XPRV);
        assertPrivateRefused(
                "wsh(sortedmulti(2," + T0 + "/0/*,[deadbeef/1h]" + tprv + "/0/*," + T2 + "/0/*))",
                Network.REGTEST,
                "an extended private key (tprv...)",
                tprv);
        // even with a broken base58 checksum, and without a #checksum
        String broken = tprv.substring(0, 60) + (tprv.charAt(60) == 'a' ? 'b' : 'a') + tprv.substring(61);
        assertPrivateRefused("wpkh(" + broken + "/0/*)", Network.REGTEST, "an extended private key (tprv...)", tprv);
    }

    @Test
    void wifKeysAreRefusedWithoutRepeatingThem() {
        assertPrivateRefused(
                "wpkh(" + WIF_COMPRESSED + ")",
                Network.MAINNET,
                "a WIF private key (mainnet, compressed)",
                WIF_COMPRESSED);
        assertPrivateRefused(
                "sh(wpkh(" + WIF_UNCOMPRESSED + "))",
                Network.MAINNET,
                "a WIF private key (mainnet, uncompressed)",
                WIF_UNCOMPRESSED);
        String testWif = ECKey.fromPrivate(BigInteger.valueOf(0x5eed)).getPrivateKeyAsWiF(BitcoinNetwork.REGTEST);
        assertPrivateRefused(
                "tr(" + testWif + ")", Network.REGTEST, "a WIF private key (test network, compressed)", testWif);
    }

    /** Every private key in Bitcoin Core's key_io_valid.json, each network, compressed or not. */
    static Stream<JsonNode> corePrivateKeys() throws IOException {
        try (InputStream in = DescriptorErrorsTest.class.getResourceAsStream("/fixtures/key_io_valid.json")) {
            List<JsonNode> keys = new ArrayList<>();
            new ObjectMapper().readTree(in).forEach(e -> {
                if (e.get(2).get("isPrivkey").booleanValue()) {
                    keys.add(e);
                }
            });
            return keys.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("corePrivateKeys")
    void everyWifKeyOfBitcoinCoresVectorsIsRefused(JsonNode vector) {
        String wif = vector.get(0).textValue();
        JsonNode meta = vector.get(2);
        Network network = meta.get("chain").textValue().equals("main") ? Network.MAINNET : Network.REGTEST;
        String kind = "a WIF private key (" + (network == Network.MAINNET ? "mainnet" : "test network")
                + (meta.get("isCompressed").booleanValue() ? ", compressed" : ", uncompressed") + ")";
        assertPrivateRefused("wpkh(" + wif + ")", network, kind, wif);
    }

    private static void assertPrivateRefused(String payload, Network network, String kind, String secret) {
        for (String descriptor : List.of(payload, DescriptorChecksum.append(payload), payload + "#qqqqqqqq")) {
            String message = message(descriptor, network);
            assertThat(message)
                    .isEqualTo("the descriptor holds " + kind + "; refused: the pool never holds private keys. Give"
                            + " the public descriptor (xpub/tpub keys only, e.g. from Bitcoin Core's listdescriptors"
                            + " without 'private')");
            assertThat(message).doesNotContain(secret.substring(4, 12)).doesNotContain(secret.substring(20, 28));
        }
    }

    @Test
    void indexesOutsideBip32sUnhardenedRangeAreRefused() {
        OutputDescriptor d = OutputDescriptor.parse(CoreFixtures.Kind.WPKH.descriptor(), Network.REGTEST);
        assertThatThrownBy(() -> d.derive(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index must be 0..2147483647, got -1");
        assertThatThrownBy(() -> d.scriptPubKey(1L << 31)).hasMessage("index must be 0..2147483647, got 2147483648");
        assertThat(d.address(OutputDescriptor.MAX_INDEX)).startsWith("bcrt1q");
    }

    @Test
    void checksumErrorsOtherThanMismatchAreCores() {
        String payload = "wpkh(" + T0 + "/0/*)";
        String good = DescriptorChecksum.append(payload);
        assertThat(message(good + "#" + good.substring(good.length() - 8), Network.REGTEST))
                .isEqualTo("Multiple '#' symbols");
        assertThat(message(payload + "#", Network.REGTEST))
                .isEqualTo("Expected 8 character checksum, not 0 characters");
        assertThat(message(good + "x", Network.REGTEST)).isEqualTo("Expected 8 character checksum, not 9 characters");
        assertThat(message(payload + "\u00dc#qqqqqqqq", Network.REGTEST)).isEqualTo("Invalid characters in payload");
    }
}
