package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sovereignpool.config.Yaml.errors;
import static org.sovereignpool.config.Yaml.minimalWith;

import org.junit.jupiter.api.Test;

/** One test per class of error; each checks the exact line, key path first. */
class ConfigErrorsTest {

    @Test
    void outOfRangeNamesThePathAndTheRange() {
        assertThat(errors(minimalWith("""
                stratum:
                  listeners:
                    - host: 0.0.0.0
                      port: 70000
                """))).containsExactly("stratum.listeners[0].port: must be 1..65535, got 70000");
    }

    @Test
    void quotedNumberIsAWrongType() {
        assertThat(errors(minimalWith("""
                stratum:
                  listeners:
                    - host: 0.0.0.0
                      port: "abc"
                    - host: 0.0.0.0
                      port: "3333"
                """)))
                .containsExactly(
                        "stratum.listeners[0].port: must be an integer, got \"abc\"",
                        "stratum.listeners[1].port: must be an integer, got \"3333\"");
    }

    @Test
    void fractionWhereAnIntegerIsRequiredIsAWrongType() {
        assertThat(errors(minimalWith("stratum:\n  extranonce2Size: 1.5\n")))
                .containsExactly("stratum.extranonce2Size: must be an integer, got 1.5");
    }

    @Test
    void listWhereAMapIsExpectedIsAWrongTypeNamingTheKey() {
        assertThat(errors(minimalWith("stratum: [3333]\n"))).containsExactly("stratum: must be a map, got a list");
        assertThat(errors(minimalWith("stratum:\n  listeners:\n    - [0.0.0.0, 3333]\n")))
                .containsExactly("stratum.listeners[0]: must be a map, got a list");
    }

    @Test
    void mapWhereAListIsExpectedIsAWrongType() {
        assertThat(errors(minimalWith("stratum:\n  listeners: {host: 0.0.0.0, port: 3333}\n")))
                .containsExactly("stratum.listeners: must be a list, got a map");
    }

    @Test
    void numberWhereAStringIsExpectedIsAWrongType() {
        assertThat(errors(minimalWith("pool:\n  tag: 42\n"))).containsExactly("pool.tag: must be a string, got 42");
    }

    @Test
    void stringWhereABooleanIsExpectedIsAWrongType() {
        assertThat(errors(minimalWith("difficulty:\n  vardiff:\n    enabled: \"on\"\n")))
                .containsExactly("difficulty.vardiff.enabled: must be true or false, got \"on\"");
    }

    @Test
    void unknownNestedKeySuggestsTheClosestValidKey() {
        assertThat(errors(minimalWith("""
                stratum:
                  listners:
                    - host: 0.0.0.0
                      port: 3333
                """)))
                .containsExactly("stratum.listners: unknown key; did you mean 'listeners'?");
    }

    @Test
    void unknownTopLevelKeySuggestsTheClosestValidKey() {
        String yaml = Yaml.MINIMAL.replace("network:", "netwrok:");
        assertThat(errors(yaml))
                .containsExactly("netwrok: unknown key; did you mean 'network'?", "network: required key is missing");
    }

    @Test
    void unknownKeyWithNothingCloseListsTheValidKeys() {
        assertThat(errors(minimalWith("payout:\n  bananas: 3\n")))
                .containsExactly("payout.bananas: unknown key; valid keys here: scheme, windowFactor");
    }

    @Test
    void snakeCaseKeySuggestsTheCamelCaseKey() {
        assertThat(errors(minimalWith("stratum:\n  max_line_bytes: 4096\n")))
                .containsExactly("stratum.max_line_bytes: unknown key; did you mean 'maxLineBytes'?");
    }

    @Test
    void missingRequiredKeyIsNamed() {
        String yaml = Yaml.MINIMAL.replace("  address: " + Yaml.REGTEST_ADDRESS + "\n", "  {}\n");
        assertThat(errors(yaml)).containsExactly("treasury.address: required key is missing");
    }

    @Test
    void requiredKeyWithoutValueIsNamed() {
        String yaml = Yaml.MINIMAL.replace("address: " + Yaml.REGTEST_ADDRESS, "address:");
        assertThat(errors(yaml)).containsExactly("treasury.address: required key has no value");
    }

    @Test
    void mainnetAddressOnRegtestNamesBothNetworks() {
        String yaml = Yaml.MINIMAL.replace(Yaml.REGTEST_ADDRESS, Yaml.MAINNET_ADDRESS);
        assertThat(errors(yaml))
                .containsExactly(
                        "treasury.address: " + Yaml.MAINNET_ADDRESS + " is a mainnet address; network is regtest");
    }

    @Test
    void regtestAddressOnMainnetNamesBothNetworks() {
        String yaml = Yaml.MINIMAL.replace("network: regtest", "network: mainnet");
        assertThat(errors(yaml))
                .containsExactly(
                        "treasury.address: " + Yaml.REGTEST_ADDRESS + " is a regtest address; network is mainnet");
    }

    @Test
    void testnetBase58AddressOnMainnetNamesEveryNetworkSharingItsPrefix() {
        // Bitcoin Core key_io_valid.json, testnet4 P2PKH: the same prefix is valid on signet and regtest.
        String yaml = Yaml.MINIMAL
                .replace("network: regtest", "network: mainnet")
                .replace(Yaml.REGTEST_ADDRESS, "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ");
        assertThat(errors(yaml))
                .containsExactly("treasury.address: mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ is a testnet4, signet or"
                        + " regtest address; network is mainnet");
    }

    @Test
    void undecodableAddressIsExplained() {
        String yaml = Yaml.MINIMAL.replace(Yaml.REGTEST_ADDRESS, "bcrt1qnotanaddress");
        assertThat(errors(yaml))
                .containsExactly("treasury.address: 'bcrt1qnotanaddress' is not a valid Bitcoin address (expected"
                        + " P2PKH, P2SH, P2WPKH, P2WSH or P2TR for regtest, starting with 'm', 'n', '2' or"
                        + " 'bcrt1')");
    }

    @Test
    void addressWithABadChecksumIsUndecodable() {
        String broken = Yaml.REGTEST_ADDRESS.substring(0, Yaml.REGTEST_ADDRESS.length() - 1) + "d";
        assertThat(errors(Yaml.MINIMAL.replace(Yaml.REGTEST_ADDRESS, broken)))
                .singleElement()
                .asString()
                .startsWith("treasury.address: '" + broken + "' is not a valid Bitcoin address");
    }

    @Test
    void futureSegwitVersionIsNotAcceptedAsTreasury() {
        // Bitcoin Core key_io_valid.json, regtest witness version 16: valid, but not a type we pay to.
        String v16 = "bcrt1sx6p8njlx7h9mc2agz4yg82dzne23050ncq72cneeecez2pst8mahn8xecsf8g6hzx94420";
        assertThat(errors(Yaml.MINIMAL.replace(Yaml.REGTEST_ADDRESS, v16)))
                .containsExactly("treasury.address: " + v16 + " is a segwit version 16 address with a 40-byte"
                        + " program; the treasury must be P2PKH, P2SH, P2WPKH, P2WSH or P2TR");
    }

    @Test
    void unknownNetworkSuggestsTheClosestOne() {
        assertThat(errors(Yaml.MINIMAL.replace("network: regtest", "network: testnet")))
                .containsExactly(
                        "network: must be one of mainnet, testnet4, signet, regtest, got \"testnet\"; did you mean"
                                + " 'testnet4'?");
    }

    @Test
    void duplicateOperatorIdNamesBothEntries() {
        assertThat(errors("""
                network: regtest
                treasury: {address: bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c}
                operators:
                  - {id: acme, name: Acme, allocationMw: 1}
                  - {id: volta, name: Volta, allocationMw: 2}
                  - {id: nordhash, name: NordHash, allocationMw: 3}
                  - {id: acme, name: Acme Again, allocationMw: 4}
                """)).containsExactly("operators[3].id: duplicate of operators[0].id 'acme'");
    }

    @Test
    void duplicateListenerPortOnTheSameHostIsNamed() {
        assertThat(errors(minimalWith("""
                stratum:
                  listeners:
                    - {host: 0.0.0.0, port: 3333}
                    - {host: 127.0.0.1, port: 3333}
                    - {host: 0.0.0.0, port: 3333}
                """)))
                .containsExactly("stratum.listeners[2].port: duplicate of stratum.listeners[0] (0.0.0.0:3333)");
    }

    @Test
    void listenerDifficultyOutsideMinMaxIsACrossFieldError() {
        assertThat(errors(minimalWith("""
                difficulty: {min: 1, max: 1000, initial: 10}
                stratum:
                  listeners:
                    - {host: 0.0.0.0, port: 3333, difficulty: 5000}
                """)))
                .containsExactly(
                        "stratum.listeners[0].difficulty: must be within difficulty.min..max (1..1000), got 5000");
    }

    @Test
    void initialDifficultyOutsideMinMaxIsNamed() {
        assertThat(errors(minimalWith("difficulty: {min: 1, max: 1000, initial: 0.5}\n")))
                .containsExactly("difficulty.initial: must be within min..max (1..1000), got 0.5");
        assertThat(errors(minimalWith("difficulty: {min: 10, max: 5}\n")))
                .containsExactly("difficulty.max: must be >= min (10), got 5");
    }

    @Test
    void nodeNeedsExactlyOneWayToAuthenticate() {
        assertThat(errors(minimalWith("""
                nodes:
                  - {rpcUrl: "http://127.0.0.1:8332", rpcUser: pool, rpcPassword: x, cookieFile: /c}
                  - {rpcUrl: "http://127.0.0.1:8332"}
                  - {rpcUrl: "http://127.0.0.1:8332", rpcUser: pool}
                """)))
                .containsExactly(
                        "nodes[0].cookieFile: give either rpcUser and rpcPassword or cookieFile, not both",
                        "nodes[1]: needs rpcUser and rpcPassword, or cookieFile",
                        "nodes[2].rpcPassword: required with rpcUser");
    }

    @Test
    void nodeUrlsAreChecked() {
        assertThat(errors(minimalWith("""
                nodes:
                  - {rpcUrl: "http://127.0.0.1", cookieFile: /c, zmqHashBlock: "udp://127.0.0.1:28332"}
                """)))
                .containsExactly(
                        "nodes[0].rpcUrl: must be an http:// or https:// URL with host and port, got"
                                + " \"http://127.0.0.1\"",
                        "nodes[0].zmqHashBlock: must be a tcp://host:port or ipc://path URL, got"
                                + " \"udp://127.0.0.1:28332\"");
    }

    @Test
    void otherValueRulesNameTheirKey() {
        assertThat(errors(minimalWith("""
                pool: {tag: "/Pool\u00e9/", nodeId: 256}
                ledger: {jdbcUrl: "jdbc:mysql://db/pool"}
                http: {host: "not a host", adminToken: short}
                payout: {scheme: fpps, windowFactor: 0}
                stratum:
                  listeners:
                    - {host: 0.0.0.0, port: 3333, tls: {certFile: cert.pem}}
                """)))
                .containsExactly(
                        "pool.tag: must be printable ASCII, got character U+00E9 at index 5",
                        "pool.nodeId: must be 0..255, got 256",
                        "stratum.listeners[0].tls.keyFile: required key is missing",
                        "ledger.jdbcUrl: must start with jdbc:h2: or jdbc:postgresql:, got \"jdbc:mysql://db/pool\"",
                        "http.host: must be an IPv4 or IPv6 literal or a host name, got \"not a host\"",
                        "http.adminToken: must be at least 16 characters, got 5",
                        "payout.scheme: must be one of pplns, pps, got \"fpps\"",
                        "payout.windowFactor: must be > 0 and <= 100, got 0");
    }

    @Test
    void operatorsAreRequiredAndNotEmpty() {
        String base = "network: regtest\ntreasury: {address: " + Yaml.REGTEST_ADDRESS + "}\n";
        assertThat(errors(base)).containsExactly("operators: required key is missing");
        assertThat(errors(base + "operators: []\n")).containsExactly("operators: must have at least one operator");
    }

    @Test
    void severalErrorsInOneFileAreAllReported() {
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> Yaml.parse("""
                network: regtest
                treasury:
                  address: bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv
                stratum:
                  listners: []
                  extranonce2Size: 9
                http:
                  port: "8080"
                operators:
                  - {id: acme, name: Acme, allocationMw: -5}
                """));
        assertThat(e.errors())
                .extracting(ConfigError::path)
                .containsExactly(
                        "treasury.address",
                        "stratum.listners",
                        "stratum.extranonce2Size",
                        "http.port",
                        "operators[0].allocationMw");
        assertThat(e.getMessage())
                .startsWith("test.yaml: invalid configuration (5 errors)\n")
                .contains("\nstratum.extranonce2Size: must be 2..8, got 9\n")
                .contains("\nhttp.port: must be an integer, got \"8080\"\n")
                .endsWith("\noperators[0].allocationMw: must be > 0, got -5");
    }

    @Test
    void yamlSyntaxErrorGivesLineAndColumn() {
        assertThat(errors("network: regtest\ntreasury:\n  address: [unclosed\noperators: []\n"))
                .singleElement()
                .asString()
                .startsWith("YAML syntax error at line 4, column ");
        assertThat(errors("network: regtest\n  treasury: x\n"))
                .singleElement()
                .asString()
                .startsWith("YAML syntax error at line 2, column 11: mapping values are not allowed here");
    }

    @Test
    void duplicateKeyIsASyntaxErrorWithItsLine() {
        assertThat(errors(Yaml.MINIMAL + "network: mainnet\n"))
                .containsExactly("YAML syntax error at line 8, column 8: Duplicate field 'network'");
    }

    @Test
    void emptyDocumentIsAnError() {
        for (String empty : new String[] {"", "\n\n", "# only a comment\n", "---\n"}) {
            assertThat(errors(empty))
                    .as("document %s", empty)
                    .containsExactly(
                            "the configuration is empty (at least network, treasury and operators are required)");
        }
    }

    @Test
    void documentThatIsNotAMapIsAnError() {
        assertThat(errors("- network\n- regtest\n")).containsExactly("the document must be a map of keys, got a list");
        assertThat(errors("regtest\n")).containsExactly("the document must be a map of keys, got \"regtest\"");
    }

    @Test
    void secondYamlDocumentIsRejected() {
        assertThat(errors(Yaml.MINIMAL + "---\nnetwork: mainnet\n"))
                .singleElement()
                .asString()
                .startsWith("the file holds more than one YAML document");
    }

    @Test
    void exceptionNeedsAtLeastOneError() {
        assertThatThrownBy(() -> new ConfigException("x", java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
