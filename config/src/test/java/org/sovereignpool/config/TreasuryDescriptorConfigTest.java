package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sovereignpool.config.Yaml.errors;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.bitcoinj.base.ScriptType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sovereignpool.config.descriptor.CoreFixtures;
import org.sovereignpool.config.descriptor.CoreFixtures.Kind;
import org.sovereignpool.config.descriptor.DescriptorChecksum;
import org.sovereignpool.config.descriptor.OutputDescriptor;

/** {@code treasury.descriptor} in a configuration file, and the payee API the job builder will use. */
class TreasuryDescriptorConfigTest {
    private static final List<String> T = CoreFixtures.tpubs();
    private static final String MULTISIG = Kind.WSH_SORTEDMULTI_2_OF_3.descriptor();

    private static String withTreasury(String network, String treasuryYaml) {
        return "network: " + network + "\ntreasury:\n" + treasuryYaml + """
                operators:
                  - id: acme
                    name: Acme Mining
                    allocationMw: 120.5
                """;
    }

    private static String descriptorYaml(String descriptor) {
        return withTreasury("regtest", "  descriptor: \"" + descriptor + "\"\n");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDescriptorTreasuryPaysCoresAddressAtEachIndex(Kind kind) {
        TreasuryConfig t = Yaml.parse(descriptorYaml(kind.descriptor())).treasury();
        assertThat(t.isDescriptor()).isTrue();
        assertThat(t.describe()).isEqualTo(kind.descriptor());
        assertThat(t.descriptor().map(OutputDescriptor::toString)).contains(kind.descriptor());
        TreasuryPayee payee = t.payee();
        assertThat(payee.freshPerIndex()).isTrue();
        List<String> core = kind.addresses();
        for (int i = 0; i < core.size(); i++) {
            assertThat(payee.address(i)).isEqualTo(core.get(i));
            assertThat(payee.scriptPubKey(i))
                    .isEqualTo(new FixedAddressPayee(Network.REGTEST, core.get(i)).scriptPubKey(0));
        }
    }

    @Test
    void theDescriptorMayBeWrittenWithoutQuotes() {
        TreasuryConfig t = Yaml.parse(withTreasury("regtest", "  descriptor: " + MULTISIG + "\n"))
                .treasury();
        assertThat(t.describe()).isEqualTo(MULTISIG);
        assertThat(t.scriptType()).isEqualTo(ScriptType.P2WSH);
    }

    @Test
    void keyOriginsWithApostrophesReadTheSameQuotedOrNotAndDoNotChangeTheScripts() {
        String withOrigins = DescriptorChecksum.append("wsh(sortedmulti(2,[aaaaaaaa/48'/1'/0'/2']" + T.get(0)
                + "/0/*,[bbbbbbbb/48h/1h/0h/2h]" + T.get(1) + "/0/*,[cccccccc/48'/1'/0'/2']" + T.get(2) + "/0/*))");
        TreasuryConfig plain = Yaml.parse(withTreasury("regtest", "  descriptor: " + withOrigins + "\n"))
                .treasury();
        assertThat(plain).isEqualTo(Yaml.parse(descriptorYaml(withOrigins)).treasury());
        assertThat(plain.describe()).isEqualTo(withOrigins);
        assertThat(IntStream.range(0, 10).mapToObj(i -> plain.payee().address(i)))
                .containsExactlyElementsOf(Kind.WSH_SORTEDMULTI_2_OF_3.addresses());
    }

    @Test
    void aDescriptorTreasuryHasNoSingleAddress() {
        TreasuryConfig t = TreasuryConfig.ofDescriptor(Network.REGTEST, MULTISIG);
        String why = "the treasury is a descriptor (treasury.descriptor), which pays a fresh address per index: use"
                + " payee().scriptPubKey(index), not a single address";
        assertThatThrownBy(t::address).isInstanceOf(IllegalStateException.class).hasMessage(why);
        assertThatThrownBy(t::scriptPubKey)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(why);
    }

    @Test
    void anAddressTreasuryIsUnchangedAndIgnoresTheIndex() {
        TreasuryConfig t = Yaml.parse(Yaml.MINIMAL).treasury();
        assertThat(t.isDescriptor()).isFalse();
        assertThat(t.descriptor()).isEmpty();
        assertThat(t.address()).isEqualTo(Yaml.REGTEST_ADDRESS);
        assertThat(t.describe()).isEqualTo(Yaml.REGTEST_ADDRESS);
        TreasuryPayee payee = t.payee();
        assertThat(payee.freshPerIndex()).isFalse();
        assertThat(payee.scriptPubKey(0)).isEqualTo(t.scriptPubKey()).isEqualTo(payee.scriptPubKey(12345));
        assertThat(payee.address(TreasuryPayee.MAX_INDEX)).isEqualTo(Yaml.REGTEST_ADDRESS);
        assertThatThrownBy(() -> payee.scriptPubKey(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("treasury index must be 0..2147483647, got -1");
    }

    @Test
    void thePayeeReturnsCopiesAndCachesDerivations() {
        DescriptorPayee payee = (DescriptorPayee)
                TreasuryConfig.ofDescriptor(Network.REGTEST, MULTISIG).payee();
        byte[] first = payee.scriptPubKey(3);
        first[2] ^= 1;
        assertThat(payee.scriptPubKey(3)).isNotEqualTo(first);
        assertThat(payee.output(3)).isSameAs(payee.output(3));
        assertThat(payee.address(3))
                .isEqualTo(Kind.WSH_SORTEDMULTI_2_OF_3.addresses().get(3));
        assertThatThrownBy(() -> payee.address(TreasuryPayee.MAX_INDEX + 1))
                .hasMessage("treasury index must be 0..2147483647, got 2147483648");
    }

    @Test
    void theCacheKeepsTheRecentIndexesOnly() {
        DescriptorPayee payee = (DescriptorPayee) TreasuryConfig.ofDescriptor(Network.REGTEST, Kind.WPKH.descriptor())
                .payee();
        var zero = payee.output(0);
        for (int i = 1; i <= DescriptorPayee.CACHE_SIZE; i++) {
            payee.output(i);
        }
        assertThat(payee.output(DescriptorPayee.CACHE_SIZE)).isSameAs(payee.output(DescriptorPayee.CACHE_SIZE));
        assertThat(payee.output(0))
                .as("evicted, derived again, equal")
                .isNotSameAs(zero)
                .isEqualTo(zero);
    }

    @Test
    void concurrentCallersGetCoresAddresses() throws Exception {
        TreasuryPayee payee =
                TreasuryConfig.ofDescriptor(Network.REGTEST, MULTISIG).payee();
        List<String> core = Kind.WSH_SORTEDMULTI_2_OF_3.addresses();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> calls = IntStream.range(0, 40)
                    .mapToObj(n -> (Callable<String>) () -> payee.address(n % 10))
                    .toList();
            List<Future<String>> results = pool.invokeAll(calls);
            for (int n = 0; n < results.size(); n++) {
                assertThat(results.get(n).get()).isEqualTo(core.get(n % 10));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void addressAndDescriptorTogetherAreRefused() {
        assertThat(errors(withTreasury(
                        "regtest", "  address: " + Yaml.REGTEST_ADDRESS + "\n  descriptor: \"" + MULTISIG + "\"\n")))
                .containsExactly("treasury: give either address (one fixed address) or descriptor (a fresh address per"
                        + " block), not both");
    }

    @Test
    void aMisspeltDescriptorKeyIsSuggested() {
        assertThat(errors(withTreasury("regtest", "  descripter: \"" + MULTISIG + "\"\n")))
                .containsExactly(
                        "treasury.descripter: unknown key; did you mean 'descriptor'?",
                        "treasury.address: required key is missing");
    }

    @Test
    void aDescriptorMustBeAString() {
        assertThat(errors(withTreasury("regtest", "  descriptor: 42\n")))
                .containsExactly("treasury.descriptor: must be a string, got 42");
    }

    @Test
    void aWrongChecksumNamesTheRightOne() {
        String wrong =
                CoreFixtures.requestDescriptor("desc-02-wsh-sortedmulti-2of3-getdescriptorinfo-wrong-checksum.json");
        assertThat(errors(descriptorYaml(wrong)))
                .containsExactly("treasury.descriptor: Provided checksum 'dzcua83r' does not match computed checksum"
                        + " 'vzcua83r': the descriptor or its checksum has a typo (after a deliberate change, take the"
                        + " new checksum from Bitcoin Core's getdescriptorinfo)");
    }

    @Test
    void aMissingChecksumIsRefused() {
        String payload = MULTISIG.substring(0, MULTISIG.indexOf('#'));
        assertThat(errors(descriptorYaml(payload)))
                .containsExactly("treasury.descriptor: Missing checksum: write the descriptor with its #checksum, as"
                        + " the wallet or Bitcoin Core's getdescriptorinfo gives it; the checksum is required because it"
                        + " catches a typo in the keys");
    }

    @Test
    void anUnknownFunctionIsNamed() {
        assertThat(errors(descriptorYaml(DescriptorChecksum.append("wsh(sortedmultii(2," + T.get(0) + "/0/*))"))))
                .containsExactly("treasury.descriptor: unknown function 'sortedmultii'; the treasury takes wpkh(KEY),"
                        + " sh(wpkh(KEY)), wsh(sortedmulti(k,KEY,...)) or tr(KEY)");
    }

    @Test
    void aHardenedStepAfterTheXpubIsNamed() {
        String payload = "wsh(sortedmulti(2," + T.get(0) + "/0/*," + T.get(1) + "/1h/*," + T.get(2) + "/0/*))";
        assertThat(errors(descriptorYaml(DescriptorChecksum.append(payload))))
                .singleElement()
                .asString()
                .startsWith("treasury.descriptor: key 2 (tpubD6NzVbkr...")
                .contains("): step /1h after the extended public key is hardened, and hardened derivation needs the"
                        + " private key, which the pool never holds;");
    }

    @Test
    void aKeyOfAnotherNetworkIsNamed() {
        assertThat(errors(withTreasury("mainnet", "  descriptor: \"" + Kind.TR.descriptor() + "\"\n")))
                .singleElement()
                .asString()
                .startsWith("treasury.descriptor: key (tpubD6NzVbkr...")
                .endsWith(") is a test-network key (tpub) but the network is mainnet, which takes xpub keys");
    }

    @Test
    void aThresholdAboveTheKeysIsRefused() {
        String payload = "wsh(sortedmulti(3," + T.get(0) + "/0/*," + T.get(1) + "/0/*))";
        assertThat(errors(descriptorYaml(DescriptorChecksum.append(payload))))
                .containsExactly(
                        "treasury.descriptor: sortedmulti() threshold 3 is more than its 2 keys (k of n needs k"
                                + " <= n)");
    }

    @Test
    void aNonRangedDescriptorIsRefused() {
        assertThat(errors(descriptorYaml(DescriptorChecksum.append("tr(" + T.get(0) + "/0)"))))
                .singleElement()
                .asString()
                .startsWith("treasury.descriptor: key (tpubD6NzVbkr...")
                .contains(") is not ranged: end it with /*");
    }

    @Test
    void privateKeysAreRefusedLoudlyAndNotEchoed() {
        String tprv = org.bitcoinj.crypto.HDKeyDerivation.createMasterPrivateKey(new byte[32])
                .serializePrivB58(org.bitcoinj.base.BitcoinNetwork.TESTNET);
        List<String> lines = errors(descriptorYaml(DescriptorChecksum.append("wpkh(" + tprv + "/0/*)")));
        assertThat(lines)
                .containsExactly("treasury.descriptor: the descriptor holds an extended private key (tprv...); refused:"
                        + " the pool never holds private keys. Give the public descriptor (xpub/tpub keys only, e.g."
                        + " from Bitcoin Core's listdescriptors without 'private')");
        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                ConfigException.class,
                () -> Yaml.parse(descriptorYaml(DescriptorChecksum.append("wpkh(" + tprv + "/0/*)"))));
        assertThat(e.getMessage()).doesNotContain(tprv.substring(4));
        // a regtest private key from Bitcoin Core's key_io_valid.json
        String wif = "cPisAUdLvqqAr6MYtXnrWvgvyUAwuNyuTvZkDGw6miPhZdaiSDNH";
        assertThat(errors(descriptorYaml("wpkh(" + wif + ")")))
                .singleElement()
                .asString()
                .startsWith("treasury.descriptor: the descriptor holds a WIF private key (test network, compressed);")
                .doesNotContain(wif.substring(2));
    }

    @Test
    void theRecordRefusesAPayeeOfAnotherNetwork() {
        DescriptorPayee payee = DescriptorPayee.parse(Network.REGTEST, MULTISIG);
        assertThatThrownBy(() -> new TreasuryConfig(Network.SIGNET, payee))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("treasury payee is for regtest but the network is signet");
    }

    @Test
    void equalDescriptorsMakeEqualTreasuries() {
        assertThat(TreasuryConfig.ofDescriptor(Network.REGTEST, MULTISIG))
                .isEqualTo(TreasuryConfig.ofDescriptor(Network.REGTEST, MULTISIG))
                .isNotEqualTo(TreasuryConfig.ofDescriptor(Network.REGTEST, Kind.WPKH.descriptor()))
                .isNotEqualTo(TreasuryConfig.ofDescriptor(Network.SIGNET, MULTISIG));
    }
}
