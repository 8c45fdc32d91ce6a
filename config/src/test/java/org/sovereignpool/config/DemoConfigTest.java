package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoConfigTest {

    @Test
    void demoLoadsAndIsValid() {
        PoolConfig c = DemoConfig.load();

        assertThat(c.network()).isEqualTo(Network.REGTEST);
        assertThat(c.treasury().address()).isEqualTo("bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c");
        // Output 0 of regtest block 112 (shared/fixtures/bitcoin-core/block-112-regtest.verbose.json).
        assertThat(c.treasury().scriptPubKeyHex()).isEqualTo("00145718787757d6de1735a1b4e47126f98fdaf3941e");
        assertThat(c.pool().tag()).isEqualTo("/SovereignPool/");
        assertThat(c.stratum().listeners()).containsExactly(ListenerConfig.plain("0.0.0.0", 3333));
        assertThat(c.difficulty().initial()).isEqualTo(0.001);
        assertThat(c.difficulty().min()).isEqualTo(0.0001);
        assertThat(c.difficulty().max()).isEqualTo(1e12);
        assertThat(c.nodes()).isEmpty();
        assertThat(c.ledger().jdbcUrl()).isEqualTo("jdbc:h2:file:./data/demo/ledger");
        assertThat(c.ledger().journalDir()).isEqualTo(Path.of("./data/demo/journal"));
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().adminToken()).isPresent();
    }

    @Test
    void demoOperatorsAreRealisticAndIncludeDemo() {
        PoolConfig c = DemoConfig.load();

        assertThat(c.operator("demo")).map(OperatorConfig::name).hasValue("Demo Operator");
        assertThat(c.operators()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(c.operators().stream().filter(o -> !o.id().equals("demo"))).allSatisfy(o -> {
            assertThat(o.licence()).isPresent();
            assertThat(o.efficiencyJPerTh()).isBetween(15.0, 30.0);
        });
        assertThat(c.totalAllocationMw()).isPositive().isLessThan(2000);
    }

    @Test
    void demoYamlIsTheResourceText() {
        assertThat(DemoConfig.yaml()).contains("network: regtest");
        assertThat(ConfigLoader.parse(DemoConfig.yaml(), "copy")).isEqualTo(DemoConfig.load());
    }
}
