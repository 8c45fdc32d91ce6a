package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.bitcoinj.base.ScriptType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    static final String FULL = """
            network: regtest
            treasury:
              address: bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c
            pool:
              tag: "/Test Pool/"
              nodeId: 7
            stratum:
              listeners:
                - host: 0.0.0.0
                  port: 3333
                - host: "::1"
                  port: 3334
                  difficulty: 0.5
                  tls:
                    certFile: /etc/pool/cert.pem
                    keyFile: /etc/pool/key.pem
              extranonce2Size: 8
              maxLineBytes: 4096
              maxConnectionsPerIp: 50
              authorizeTimeoutSeconds: 10
              idleTimeoutSeconds: 120
              jobRefreshSeconds: 20
              maxMalformedLines: 3
            difficulty:
              initial: 0.01
              min: 0.0001
              max: 1.0e15
              vardiff:
                enabled: false
                sharesPerMinute: 6.5
                retargetSeconds: 60
            nodes:
              - rpcUrl: http://127.0.0.1:18443
                rpcUser: pool
                rpcPassword: secret
                zmqHashBlock: tcp://127.0.0.1:28332
              - rpcUrl: https://node2.example:8332
                cookieFile: /var/lib/bitcoind/regtest/.cookie
            ledger:
              jdbcUrl: jdbc:postgresql://db.example:5432/pool
              user: pool
              password: hunter2
              journalDir: /var/lib/pool/journal
              fsyncIntervalMillis: 5
            http:
              host: 0.0.0.0
              port: 9090
              adminToken: 0123456789abcdef
            operators:
              - id: acme
                name: Acme Mining
                licence: LIC-001
                allocationMw: 120.5
                efficiencyJPerTh: 17.5
                sites: [north-1, north-2]
              - id: volta
                name: Volta
                allocationMw: 80
            payout:
              scheme: pps
              windowFactor: 4
            """;

    @Test
    void fullFileBindsToTheExpectedRecords() {
        PoolConfig c = Yaml.parse(FULL);

        assertThat(c.network()).isEqualTo(Network.REGTEST);
        assertThat(c.treasury()).isEqualTo(new TreasuryConfig(Network.REGTEST, Yaml.REGTEST_ADDRESS));
        assertThat(c.pool()).isEqualTo(new PoolIdentity("/Test Pool/", 7));
        assertThat(c.stratum())
                .isEqualTo(new StratumConfig(
                        List.of(
                                ListenerConfig.plain("0.0.0.0", 3333),
                                new ListenerConfig(
                                        "::1",
                                        3334,
                                        OptionalDouble.of(0.5),
                                        Optional.of(new TlsConfig(
                                                Path.of("/etc/pool/cert.pem"), Path.of("/etc/pool/key.pem"))))),
                        8,
                        4096,
                        50,
                        10,
                        120,
                        20,
                        3));
        assertThat(c.difficulty())
                .isEqualTo(new DifficultyConfig(0.01, 0.0001, 1e15, new VardiffConfig(false, 6.5, 60)));
        assertThat(c.nodes())
                .containsExactly(
                        new NodeConfig(
                                URI.create("http://127.0.0.1:18443"),
                                new NodeAuth.Password("pool", "secret"),
                                Optional.of(URI.create("tcp://127.0.0.1:28332"))),
                        new NodeConfig(
                                URI.create("https://node2.example:8332"),
                                new NodeAuth.Cookie(Path.of("/var/lib/bitcoind/regtest/.cookie")),
                                Optional.empty()));
        assertThat(c.ledger())
                .isEqualTo(new LedgerConfig(
                        "jdbc:postgresql://db.example:5432/pool",
                        "pool",
                        "hunter2",
                        Path.of("/var/lib/pool/journal"),
                        5));
        assertThat(c.ledger().isH2()).isFalse();
        assertThat(c.http()).isEqualTo(new HttpConfig("0.0.0.0", 9090, Optional.of("0123456789abcdef")));
        assertThat(c.operators())
                .containsExactly(
                        new OperatorConfig(
                                "acme",
                                "Acme Mining",
                                Optional.of("LIC-001"),
                                120.5,
                                17.5,
                                List.of("north-1", "north-2")),
                        new OperatorConfig("volta", "Volta", Optional.empty(), 80, 20.0, List.of()));
        assertThat(c.payout()).isEqualTo(new PayoutConfig(PayoutScheme.PPS, 4));
    }

    @Test
    void minimalFileGetsEveryDefault() {
        PoolConfig c = Yaml.parse(Yaml.MINIMAL);

        assertThat(c.pool()).isEqualTo(new PoolIdentity("/SovereignPool/", 0));
        assertThat(c.stratum())
                .isEqualTo(new StratumConfig(
                        List.of(ListenerConfig.plain("0.0.0.0", 3333)), 4, 16384, 64, 30, 600, 30, 5));
        assertThat(c.stratum().unlimitedConnectionsPerIp()).isFalse();
        assertThat(c.stratum().limits()).isEqualTo(StratumLimits.DEFAULTS);
        assertThat(c.stratum().bans()).isEqualTo(BanConfig.DEFAULTS);
        assertThat(c.stratum().sites()).isEmpty();
        assertThat(c.difficulty()).isEqualTo(new DifficultyConfig(1, 0.0001, 1e15, new VardiffConfig(true, 18, 30)));
        assertThat(c.nodes()).isEmpty();
        assertThat(c.ledger())
                .isEqualTo(new LedgerConfig("jdbc:h2:file:./data/ledger", "sa", "", Path.of("./data/journal"), 20));
        assertThat(c.http()).isEqualTo(new HttpConfig("127.0.0.1", 8080, Optional.empty()));
        assertThat(c.operators())
                .containsExactly(new OperatorConfig("acme", "Acme Mining", Optional.empty(), 120.5, 20.0, List.of()));
        assertThat(c.payout()).isEqualTo(new PayoutConfig(PayoutScheme.PPLNS, 2.0));
    }

    @Test
    void difficultyDefaultsDependOnTheNetwork() {
        String mainnet = Yaml.MINIMAL
                .replace("network: regtest", "network: mainnet")
                .replace(Yaml.REGTEST_ADDRESS, Yaml.MAINNET_ADDRESS);
        assertThat(Yaml.parse(mainnet).difficulty())
                .isEqualTo(new DifficultyConfig(65536, 1024, 1e15, new VardiffConfig(true, 18, 30)));
        for (String network : List.of("testnet4", "signet")) {
            String yaml = Yaml.MINIMAL
                    .replace("network: regtest", "network: " + network)
                    .replace(Yaml.REGTEST_ADDRESS, "tb1qcrh3yqn4nlleplcez2yndq2ry8h9ncg3qh7n54");
            PoolConfig c = Yaml.parse(yaml);
            assertThat(c.network().configName()).isEqualTo(network);
            assertThat(c.difficulty().initial()).isEqualTo(1);
            assertThat(c.difficulty().min()).isEqualTo(0.0001);
        }
    }

    @Test
    void mainnetDefaultInitialBelowAnExplicitMinIsReportedAsTheDefault() {
        String yaml = Yaml.MINIMAL
                        .replace("network: regtest", "network: mainnet")
                        .replace(Yaml.REGTEST_ADDRESS, Yaml.MAINNET_ADDRESS)
                + "difficulty: {min: 100000}\n";
        assertThat(Yaml.errors(yaml))
                .containsExactly("difficulty.initial: must be within min..max (100000..1.0E15) (default for mainnet),"
                        + " got 65536");
    }

    @Test
    void fractionalDifficultyIsAccepted() {
        PoolConfig c = Yaml.parse(Yaml.minimalWith("""
                difficulty: {initial: 0.0001, min: 0.0001, max: 0.001}
                stratum:
                  listeners:
                    - {host: localhost, port: 3333, difficulty: 0.0005}
                """));
        assertThat(c.difficulty().initial()).isEqualTo(0.0001);
        assertThat(c.difficulty().min()).isEqualTo(0.0001);
        assertThat(c.stratum().listeners().get(0).difficulty()).hasValue(0.0005);
        assertThat(c.difficulty().allows(0.00009)).isFalse();
        assertThat(c.difficulty().allows(0.0001)).isTrue();
    }

    @Test
    void integerWrittenForADecimalKeyIsAccepted() {
        assertThat(Yaml.parse(Yaml.minimalWith("payout: {windowFactor: 3}\n"))
                        .payout()
                        .windowFactor())
                .isEqualTo(3.0);
    }

    @Test
    void explicitNullTakesTheDefault() {
        PoolConfig c = Yaml.parse(Yaml.minimalWith("pool:\n  tag:\nhttp:\n"));
        assertThat(c.pool().tag()).isEqualTo("/SovereignPool/");
        assertThat(c.http().port()).isEqualTo(8080);
    }

    @Test
    void operatorLookup() {
        PoolConfig c = Yaml.parse(FULL);
        assertThat(c.operator("volta")).map(OperatorConfig::name).hasValue("Volta");
        assertThat(c.operator("nobody")).isEmpty();
        assertThat(c.hasOperator("acme")).isTrue();
        assertThat(c.hasOperator("ACME")).isFalse();
        assertThat(c.totalAllocationMw()).isEqualTo(200.5);
    }

    @Test
    void treasuryExposesItsScriptPubKey() {
        TreasuryConfig t = Yaml.parse(Yaml.MINIMAL).treasury();
        // Output 0 of regtest block 112 (shared/fixtures/bitcoin-core/block-112-regtest.verbose.json).
        assertThat(t.scriptPubKeyHex()).isEqualTo("00145718787757d6de1735a1b4e47126f98fdaf3941e");
        assertThat(t.scriptType()).isEqualTo(ScriptType.P2WPKH);
        byte[] first = t.scriptPubKey();
        first[0] = 0x7f;
        assertThat(t.scriptPubKey()[0]).as("defensive copy").isEqualTo((byte) 0x00);
    }

    @Test
    void listsAreUnmodifiable() {
        PoolConfig c = Yaml.parse(FULL);
        assertThatThrownBy(() -> c.operators().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.nodes().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.stratum().listeners().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.operators().get(0).sites().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void secretsAreNotPrinted() {
        String printed = Yaml.parse(FULL).toString();
        assertThat(printed)
                .doesNotContain("secret", "hunter2", "0123456789abcdef")
                .contains("***");
    }

    @Test
    void loadsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pool.yaml");
        Files.writeString(file, FULL);
        assertThat(ConfigLoader.load(file)).isEqualTo(Yaml.parse(FULL));
    }

    @Test
    void errorsFromAFileNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pool.yaml");
        Files.writeString(file, "network: regtest\n");
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.source()).isEqualTo(file.toString());
            assertThat(e.getMessage()).startsWith(file + ": invalid configuration (2 errors)");
        });
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new ConfigError("", "cannot read config file " + file + ": no such file")));
    }

    @Test
    void directoryIsNotAFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new ConfigError("", "cannot read config file " + dir + ": it is a directory")));
    }

    @Test
    void fileThatIsNotUtf8IsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "pool:\n  tag: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new ConfigError("", "cannot read config file " + file + ": not valid UTF-8")));
    }
}
