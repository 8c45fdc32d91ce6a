package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Address to scriptPubKey known answers from Bitcoin Core's {@code key_io_valid.json} (see
 * src/test/resources/fixtures/README.md).
 */
class TreasuryKeyIoTest {
    /** The chain names Bitcoin Core uses in the file, mapped to ours. */
    private static final Map<String, Network> CHAINS = Map.of(
            "main", Network.MAINNET,
            "testnet4", Network.TESTNET4,
            "signet", Network.SIGNET,
            "regtest", Network.REGTEST);

    record Vector(String address, String scriptPubKeyHex, Network network, boolean tryCaseFlip) {
        /** Witness version 2..16 outputs (OP_2..OP_16 first): valid addresses, but not a treasury type. */
        boolean futureWitnessVersion() {
            int op = Integer.parseInt(scriptPubKeyHex.substring(0, 2), 16);
            return op >= 0x52 && op <= 0x60;
        }

        boolean bech32() {
            return address.toLowerCase(Locale.ROOT)
                    .startsWith(network == Network.MAINNET ? "bc1" : network == Network.REGTEST ? "bcrt1" : "tb1");
        }

        @Override
        public String toString() {
            return network.configName() + " " + address;
        }
    }

    private static JsonNode file() {
        try (InputStream in = TreasuryKeyIoTest.class.getResourceAsStream("/fixtures/key_io_valid.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every address (not private key) entry. */
    static List<Vector> addresses() {
        List<Vector> out = new ArrayList<>();
        for (JsonNode entry : file()) {
            JsonNode meta = entry.get(2);
            if (meta.get("isPrivkey").booleanValue()) {
                continue;
            }
            Network network = CHAINS.get(meta.get("chain").textValue());
            if (network == null) {
                continue; // reported by everyChainInTheFileIsMapped
            }
            out.add(new Vector(
                    entry.get(0).textValue(),
                    entry.get(1).textValue(),
                    network,
                    meta.path("tryCaseFlip").booleanValue()));
        }
        return out;
    }

    static Stream<Vector> supported() {
        return addresses().stream().filter(v -> !v.futureWitnessVersion());
    }

    static Stream<Vector> futureWitnessVersions() {
        return addresses().stream().filter(Vector::futureWitnessVersion);
    }

    @Test
    void everyChainInTheFileIsMapped() {
        TreeSet<String> chains = new TreeSet<>();
        file().forEach(e -> chains.add(e.get(2).get("chain").textValue()));
        assertThat(chains).containsExactlyInAnyOrderElementsOf(CHAINS.keySet());
    }

    @Test
    void theFileCoversEveryNetworkAndType() {
        List<Vector> all = addresses();
        assertThat(all).hasSize(54);
        assertThat(supported()).hasSize(46);
        assertThat(futureWitnessVersions()).hasSize(8);
        assertThat(supported().map(Vector::network).distinct()).containsExactlyInAnyOrder(Network.values());
        assertThat(supported().map(v -> v.scriptPubKeyHex().substring(0, 4)).distinct())
                .containsExactlyInAnyOrder("76a9", "a914", "0014", "0020", "5120");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supported")
    void scriptPubKeyMatchesBitcoinCore(Vector v) {
        TreasuryConfig t = new TreasuryConfig(v.network(), v.address());
        assertThat(t.scriptPubKeyHex()).isEqualTo(v.scriptPubKeyHex());
        assertThat(t.address()).isEqualTo(v.address());
        if (v.tryCaseFlip()) {
            String flipped = flipCase(v.address());
            assertThat(new TreasuryConfig(v.network(), flipped).scriptPubKeyHex())
                    .as("case-flipped %s", flipped)
                    .isEqualTo(v.scriptPubKeyHex());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supported")
    void otherNetworksShareThePrefixOrNameTheAddresssNetwork(Vector v) {
        for (Network other : Network.values()) {
            if (other == v.network()) {
                continue;
            }
            boolean sharesPrefix = v.network() != Network.MAINNET
                    && other != Network.MAINNET
                    && !(v.bech32() && (v.network() == Network.REGTEST || other == Network.REGTEST));
            if (sharesPrefix) {
                assertThat(new TreasuryConfig(other, v.address()).scriptPubKeyHex())
                        .as("%s on %s", v, other)
                        .isEqualTo(v.scriptPubKeyHex());
            } else {
                assertThatThrownBy(() -> new TreasuryConfig(other, v.address()))
                        .as("%s on %s", v, other)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith(v.address() + " is a ")
                        .hasMessageContaining(v.network().configName())
                        .hasMessageEndingWith(" address; network is " + other.configName());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("futureWitnessVersions")
    void futureWitnessVersionsAreRefused(Vector v) {
        assertThatThrownBy(() -> new TreasuryConfig(v.network(), v.address()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(v.address() + " is a segwit version ")
                .hasMessageEndingWith("; the treasury must be P2PKH, P2SH, P2WPKH, P2WSH or P2TR");
    }

    private static String flipCase(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return sb.toString();
    }
}
