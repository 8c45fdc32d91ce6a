package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sovereignpool.config.Yaml.errors;
import static org.sovereignpool.config.Yaml.minimalWith;
import static org.sovereignpool.config.Yaml.parse;

import org.junit.jupiter.api.Test;

class PowerConfigTest {

    @Test
    void absentSectionGivesTheDefaults() {
        assertThat(parse(Yaml.MINIMAL).power()).isEqualTo(new PowerConfig(2000, 0.95, false));
    }

    @Test
    void everyKeyIsRead() {
        PowerConfig p = parse(minimalWith("""
                power:
                  programmeMw: 1500
                  warnFraction: 0.9
                  refuseNewWorkersOverAllocation: true
                """)).power();
        assertThat(p).isEqualTo(new PowerConfig(1500, 0.9, true));
    }

    @Test
    void badValuesNameTheKey() {
        assertThat(errors(minimalWith("""
                power:
                  programmeMw: 0
                  warnFraction: 1.5
                  refuseNewWorkersOverAllocation: "yes"
                  warnFractoin: 0.9
                """)))
                .contains(
                        "power.programmeMw: must be > 0 and <= 1000000, got 0",
                        "power.warnFraction: must be > 0 and <= 1, got 1.5",
                        "power.refuseNewWorkersOverAllocation: must be true or false, got \"yes\"")
                .anySatisfy(line -> assertThat(line).startsWith("power.warnFractoin"));
    }

    @Test
    void recordRejectsOutOfRange() {
        assertThatThrownBy(() -> new PowerConfig(2000, 0, false)).hasMessageContaining("warnFraction");
        assertThatThrownBy(() -> new PowerConfig(-1, 0.9, false)).hasMessageContaining("programmeMw");
    }

    @Test
    void demoHasTheProgrammesTwoThousandMegawatts() {
        assertThat(DemoConfig.load().power().programmeMw()).isEqualTo(2000.0);
    }
}
