package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

/** Test helpers: a minimal valid document and access to the error lines of an invalid one. */
final class Yaml {
    static final String REGTEST_ADDRESS = "bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c";
    static final String MAINNET_ADDRESS = "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv";

    /** The smallest valid configuration: only the required keys. */
    static final String MINIMAL = """
            network: regtest
            treasury:
              address: bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c
            operators:
              - id: acme
                name: Acme Mining
                allocationMw: 120.5
            """;

    private Yaml() {}

    /** The minimal document with {@code extra} (top-level YAML) appended. */
    static String minimalWith(String extra) {
        return MINIMAL + extra;
    }

    static PoolConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "test.yaml");
    }

    /** The error lines ({@code path: message}) of a document that must be rejected. */
    static List<String> errors(String yaml) {
        ConfigException[] caught = new ConfigException[1];
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(ConfigException.class, e -> caught[0] = e);
        return caught[0].errors().stream().map(ConfigError::toString).toList();
    }
}
