package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.Test;

/** The records check their own invariants when built in code, not only when loaded from YAML. */
class RecordInvariantsTest {

    @Test
    void networkNamesAndBitcoinjMapping() {
        assertThat(Network.configNames()).containsExactly("mainnet", "testnet4", "signet", "regtest");
        assertThat(Network.fromConfigName("testnet4")).hasValue(Network.TESTNET4);
        assertThat(Network.fromConfigName("TESTNET4")).isEmpty();
        assertThat(Network.fromConfigName("testnet")).isEmpty();
        assertThat(Network.MAINNET.bitcoinNetwork()).isEqualTo(BitcoinNetwork.MAINNET);
        assertThat(Network.TESTNET4.bitcoinNetwork()).isEqualTo(BitcoinNetwork.TESTNET);
        assertThat(Network.SIGNET.bitcoinNetwork()).isEqualTo(BitcoinNetwork.SIGNET);
        assertThat(Network.REGTEST.bitcoinNetwork()).isEqualTo(BitcoinNetwork.REGTEST);
    }

    @Test
    void treasuryRefusesAnAddressOfAnotherNetwork() {
        assertThatThrownBy(() -> new TreasuryConfig(Network.REGTEST, Yaml.MAINNET_ADDRESS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(Yaml.MAINNET_ADDRESS + " is a mainnet address; network is regtest");
    }

    @Test
    void listenerAndHttpRefuseBadPorts() {
        assertThatThrownBy(() -> ListenerConfig.plain("0.0.0.0", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpConfig("127.0.0.1", 65536, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpConfig("127.0.0.1", 8080, Optional.of("short")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ListenerConfig("0.0.0.0", 3333, OptionalDouble.of(0), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stratumNeedsUniqueListeners() {
        assertThatThrownBy(() -> new StratumConfig(List.of(), 4, 16384, 0, 30, 600, 30, 5))
                .isInstanceOf(IllegalArgumentException.class);
        List<ListenerConfig> twice =
                List.of(ListenerConfig.plain("0.0.0.0", 3333), ListenerConfig.plain("0.0.0.0", 3333));
        assertThatThrownBy(() -> new StratumConfig(twice, 4, 16384, 0, 30, 600, 30, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void difficultyMustBeOrdered() {
        VardiffConfig vardiff = new VardiffConfig(true, 18, 30);
        assertThatThrownBy(() -> new DifficultyConfig(1, 2, 1, vardiff)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DifficultyConfig(0.5, 1, 2, vardiff)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DifficultyConfig(Double.NaN, 1, 2, vardiff))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DifficultyConfig(1, 1, Double.POSITIVE_INFINITY, vardiff))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VardiffConfig(true, 601, 30)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void operatorIdAndNodeUrlAreChecked() {
        assertThatThrownBy(() -> new OperatorConfig("Acme", "Acme", Optional.empty(), 1, 20, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OperatorConfig("acme", "Acme", Optional.empty(), 0, 20, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeConfig(
                        URI.create("ftp://127.0.0.1:8332"), new NodeAuth.Cookie(Path.of("c")), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new NodeAuth.Password("pool", "secret").toString()).doesNotContain("secret");
    }

    @Test
    void poolConfigChecksAcrossSections() {
        PoolConfig valid = Yaml.parse(ConfigLoaderTest.FULL);
        OperatorConfig acme = valid.operators().get(0);
        assertThatThrownBy(() -> withOperators(valid, List.of(acme, acme)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate operator id acme");
        assertThatThrownBy(() -> withOperators(valid, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PoolConfig(
                        Network.MAINNET,
                        valid.treasury(),
                        valid.pool(),
                        valid.stratum(),
                        valid.difficulty(),
                        valid.nodes(),
                        valid.ledger(),
                        valid.http(),
                        valid.operators(),
                        valid.payout()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("treasury is for regtest");
    }

    @Test
    void listsAreCopiedOnConstruction() {
        List<String> sites = new ArrayList<>(List.of("north-1"));
        OperatorConfig o = new OperatorConfig("acme", "Acme", Optional.empty(), 1, 20, sites);
        sites.add("south-1");
        assertThat(o.sites()).containsExactly("north-1");
        assertThat(o.estimatedDrawMw(1_000_000)).isEqualTo(20.0); // 1 EH/s at 20 J/TH = 20 MW
    }

    private static PoolConfig withOperators(PoolConfig c, List<OperatorConfig> operators) {
        return new PoolConfig(
                c.network(),
                c.treasury(),
                c.pool(),
                c.stratum(),
                c.difficulty(),
                c.nodes(),
                c.ledger(),
                c.http(),
                operators,
                c.payout());
    }
}
