package org.sovereignpool.config.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.SegwitAddress;
import org.bitcoinj.script.ScriptBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.descriptor.CoreFixtures.Kind;

/** Every recorded Bitcoin Core derivation, checksum and descriptor error (see {@link CoreFixtures}). */
class CoreDescriptorVectorsTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void checksumIsTheOneGetdescriptorinfoComputed(Kind kind) {
        JsonNode info = kind.info();
        String payload = CoreFixtures.requestDescriptor("desc-" + kind.file + "-getdescriptorinfo.json");
        assertThat(payload).doesNotContain("#");
        assertThat(DescriptorChecksum.compute(payload))
                .contains(info.get("checksum").textValue());
        assertThat(DescriptorChecksum.append(payload))
                .isEqualTo(info.get("descriptor").textValue());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void parsesWhatGetdescriptorinfoDescribes(Kind kind) {
        JsonNode info = kind.info();
        assertThat(info.get("isrange").booleanValue()).isTrue();
        assertThat(info.get("hasprivatekeys").booleanValue()).isFalse();
        OutputDescriptor d = OutputDescriptor.parse(kind.descriptor(), Network.REGTEST);
        assertThat(d.kind()).isEqualTo(kind.kind);
        assertThat(d.toString()).isEqualTo(kind.descriptor());
        assertThat(d.checksum()).isEqualTo(info.get("checksum").textValue());
        List<String> tpubs = CoreFixtures.tpubs();
        assertThat(d.keys())
                .allSatisfy(k -> assertThat(k.steps()).containsExactly(0))
                .map(KeyExpression::extendedKey)
                .containsExactlyElementsOf(kind == Kind.WSH_SORTEDMULTI_2_OF_3 ? tpubs : tpubs.subList(0, 1));
        assertThat(d.threshold()).isEqualTo(kind == Kind.WSH_SORTEDMULTI_2_OF_3 ? 2 : 1);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyAddressIsTheOneDeriveaddressesGave(Kind kind) {
        String deriveRequest = CoreFixtures.requestDescriptor("desc-" + kind.file + "-deriveaddresses-0-9.json");
        assertThat(deriveRequest).isEqualTo(kind.descriptor());
        OutputDescriptor d = OutputDescriptor.parse(deriveRequest, Network.REGTEST);
        List<String> core = kind.addresses();
        assertThat(core).hasSize(10).doesNotHaveDuplicates();
        for (int i = 0; i < core.size(); i++) {
            DerivedOutput out = d.derive(i);
            assertThat(out.address()).as("index %d", i).isEqualTo(core.get(i));
            assertThat(out.index()).isEqualTo(i);
            // bitcoinj decodes Core's address into the script a coinbase must carry
            byte[] expected = ScriptBuilder.createOutputScript(
                            AddressParser.getDefault(BitcoinNetwork.REGTEST).parseAddress(core.get(i)))
                    .program();
            assertThat(out.scriptPubKey()).as("index %d", i).isEqualTo(expected);
            assertThat(d.scriptPubKey(i)).isEqualTo(expected);
            assertThat(d.address(i)).isEqualTo(core.get(i));
        }
    }

    @Test
    void aSingleNumberRangeMeansZeroToN() {
        String file = "desc-07-wpkh-deriveaddresses-single-index-5.json";
        OutputDescriptor d = OutputDescriptor.parse(CoreFixtures.requestDescriptor(file), Network.REGTEST);
        List<String> core = new ArrayList<>();
        CoreFixtures.result(file).forEach(a -> core.add(a.textValue()));
        assertThat(core).hasSize(6);
        assertThat(IntStream.range(0, 6).mapToObj(d::address)).containsExactlyElementsOf(core);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWrongChecksumIsRefusedWithCoresMessageNamingTheRightOne(Kind kind) {
        String file = kind.wrongChecksumFile();
        String wrong = CoreFixtures.requestDescriptor(file);
        String core = CoreFixtures.errorMessage(file);
        assertThat(core).contains("'" + kind.info().get("checksum").textValue() + "'");
        assertThatThrownBy(() -> DescriptorChecksum.verify(wrong))
                .isInstanceOf(DescriptorException.class)
                .hasMessage(core);
        assertThatThrownBy(() -> OutputDescriptor.parse(wrong, Network.REGTEST))
                .isInstanceOf(DescriptorException.class)
                .hasMessageStartingWith(core + ": the descriptor or its checksum has a typo");
    }

    @Test
    void deriveaddressesWithAWrongChecksumGivesTheSameMessage() {
        String file = "desc-06-wpkh-deriveaddresses-wrong-checksum.json";
        assertThatThrownBy(() -> DescriptorChecksum.verify(CoreFixtures.requestDescriptor(file)))
                .hasMessage(CoreFixtures.errorMessage(file))
                .hasMessage("Provided checksum 'qqqqqqqq' does not match computed checksum 'csc66gvs'");
    }

    @Test
    void aMissingChecksumIsRefusedAsCoresDeriveaddressesDoes() {
        String file = "desc-05-wpkh-deriveaddresses-missing-checksum.json";
        String noChecksum = CoreFixtures.requestDescriptor(file);
        assertThat(noChecksum).doesNotContain("#");
        assertThatThrownBy(() -> DescriptorChecksum.verify(noChecksum)).hasMessage(CoreFixtures.errorMessage(file));
        assertThatThrownBy(() -> OutputDescriptor.parse(noChecksum, Network.REGTEST))
                .isInstanceOf(DescriptorException.class)
                .hasMessageStartingWith("Missing checksum: write the descriptor with its #checksum");
    }

    @Test
    void theRecordedDescriptorsAreRangedAsCoreSays() {
        // desc-08: Core wants a range for this ranged descriptor. Here every derivation takes its index, and a
        // descriptor whose key has no /* is refused (DescriptorErrorsTest); the recorded one has it.
        String file = "desc-08-wpkh-deriveaddresses-no-range.json";
        assertThat(CoreFixtures.errorMessage(file)).isEqualTo("Range must be specified for a ranged descriptor");
        String descriptor = CoreFixtures.requestDescriptor(file);
        assertThat(descriptor).isEqualTo(Kind.WPKH.descriptor());
        assertThat(OutputDescriptor.parse(descriptor, Network.REGTEST)
                        .keys()
                        .get(0)
                        .text())
                .endsWith("/*");
    }

    /**
     * The 2-of-3 vector exercises BIP 67: with the keys in the order written instead of sorted, some of Core's ten
     * addresses come out different (so a sortedmulti that forgot to sort would fail the test above).
     */
    @Test
    void theMultisigVectorDependsOnSortingTheKeys() throws Exception {
        OutputDescriptor d = OutputDescriptor.parse(Kind.WSH_SORTEDMULTI_2_OF_3.descriptor(), Network.REGTEST);
        List<String> core = Kind.WSH_SORTEDMULTI_2_OF_3.addresses();
        int differ = 0;
        for (int i = 0; i < 10; i++) {
            ByteArrayOutputStream script = new ByteArrayOutputStream();
            script.write(0x52);
            for (KeyExpression key : d.keys()) {
                script.write(33);
                script.writeBytes(key.publicKey(i));
            }
            script.write(0x53);
            script.write(0xae);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(script.toByteArray());
            String unsorted =
                    SegwitAddress.fromProgram(BitcoinNetwork.REGTEST, 0, hash).toBech32();
            if (!unsorted.equals(core.get(i))) {
                differ++;
            }
            assertThat(d.derive(i).witnessScript().orElseThrow())
                    .as("the witness script holds the same keys, sorted")
                    .hasSize(script.size());
        }
        assertThat(differ).isPositive();
    }

    /** The test networks share the tpub keys; only the address prefix differs (bcrt1 vs tb1). */
    @ParameterizedTest
    @EnumSource(
            value = Network.class,
            names = {"TESTNET4", "SIGNET"})
    void theSameDescriptorGivesTheSameScriptsOnTheOtherTestNetworks(Network network) {
        for (Kind kind : Kind.values()) {
            OutputDescriptor regtest = OutputDescriptor.parse(kind.descriptor(), Network.REGTEST);
            OutputDescriptor other = OutputDescriptor.parse(kind.descriptor(), network);
            for (int i = 0; i < 3; i++) {
                assertThat(other.scriptPubKey(i)).isEqualTo(regtest.scriptPubKey(i));
                String address = other.address(i);
                assertThat(address).startsWith(kind == Kind.SH_WPKH ? "2" : "tb1");
                assertThat(ScriptBuilder.createOutputScript(AddressParser.getDefault(network.bitcoinNetwork())
                                        .parseAddress(address))
                                .program())
                        .isEqualTo(regtest.scriptPubKey(i));
            }
        }
    }

    @Test
    void theWitnessScriptIsOnlyForWsh() {
        for (Kind kind : Kind.values()) {
            DerivedOutput out =
                    OutputDescriptor.parse(kind.descriptor(), Network.REGTEST).derive(0);
            assertThat(out.witnessScript().isPresent()).isEqualTo(kind == Kind.WSH_SORTEDMULTI_2_OF_3);
        }
        byte[] ws = OutputDescriptor.parse(Kind.WSH_SORTEDMULTI_2_OF_3.descriptor(), Network.REGTEST)
                .derive(0)
                .witnessScript()
                .orElseThrow();
        assertThat(HexFormat.of().formatHex(ws))
                .startsWith("5221")
                .endsWith("53ae")
                .hasSize(2 * (3 + 3 * 34));
    }
}
