package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sovereignpool.config.Yaml.errors;
import static org.sovereignpool.config.Yaml.minimalWith;
import static org.sovereignpool.config.Yaml.parse;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnergyConfigTest {

    @Test
    void absentSectionGivesTheDefaults() {
        assertThat(parse(Yaml.MINIMAL).energy()).isEqualTo(EnergyConfig.defaults());
        assertThat(EnergyConfig.defaults().tariffPerMwh()).isEmpty();
    }

    @Test
    void everyKeyIsRead() {
        EnergyConfig e = parse(minimalWith("""
                energy:
                  tariffPerMwh: 42.5
                  currency: GHS
                  efficiencyTolerancePercent: 7.5
                  curtailments:
                    - id: gridco-2026-118
                      operator: acme
                      limitMw: 60
                      start: "2026-11-29T18:00:00Z"
                      durationMinutes: 90
                      enforce: true
                      issuedBy: GRIDCo dispatch (order 118)
                    - id: all-1
                      operator: all
                      limitMw: 0
                      start: "2026-11-30T01:00:00Z"
                      durationMinutes: 30
                      issuedBy: GRIDCo
                """)).energy();
        assertThat(e.tariffPerMwh()).isEqualTo(Optional.of(42.5));
        assertThat(e.currency()).isEqualTo("GHS");
        assertThat(e.efficiencyTolerancePercent()).isEqualTo(7.5);
        assertThat(e.curtailments())
                .containsExactly(
                        new CurtailmentOrderConfig(
                                "gridco-2026-118",
                                "acme",
                                60,
                                Instant.parse("2026-11-29T18:00:00Z"),
                                90,
                                true,
                                "GRIDCo dispatch (order 118)"),
                        new CurtailmentOrderConfig(
                                "all-1", "all", 0, Instant.parse("2026-11-30T01:00:00Z"), 30, false, "GRIDCo"));
        assertThat(e.curtailments().get(0).end()).isEqualTo(Instant.parse("2026-11-29T19:30:00Z"));
    }

    @Test
    void aBadTariffNamesTheKey() {
        assertThat(errors(minimalWith("""
                energy:
                  tariffPerMwh: -3
                  currency: usd
                  efficiencyTolerancePercent: 0
                """)))
                .contains(
                        "energy.tariffPerMwh: must be a number >= 0 (the price per MWh the power would fetch), got -3",
                        "energy.currency: must be three capital letters (ISO 4217, e.g. USD, EUR, GHS), got \"usd\"",
                        "energy.efficiencyTolerancePercent: must be > 0 and <= 100, got 0");
        assertThat(errors(minimalWith("""
                energy:
                  tariffPerMwh: "forty"
                """)))
                .containsExactly(
                        "energy.tariffPerMwh: must be a number >= 0 (the price per MWh the power would fetch), got"
                                + " \"forty\"");
    }

    @Test
    void aBadOrderNamesTheKey() {
        List<String> errors = errors(minimalWith("""
                energy:
                  curtailments:
                    - id: o1
                      operator: nobody
                      limitMw: -1
                      start: "tomorrow at six"
                      durationMinutes: 0
                      issuedBy: " "
                    - id: o1
                      operator: all
                      start: "2026-11-29T18:00:00Z"
                      durationMinutes: 10
                      issuedBy: GRIDCo
                      enforced: true
                """));
        assertThat(errors)
                .contains(
                        "energy.curtailments[0].operator: must be a registered operator id or \"all\", got \"nobody\"",
                        "energy.curtailments[0].limitMw: must be a number >= 0 (MW), got -1",
                        "energy.curtailments[0].start: must be an ISO-8601 UTC time such as 2026-11-29T18:00:00Z, got"
                                + " \"tomorrow at six\"",
                        "energy.curtailments[0].durationMinutes: must be 1..10080, got 0",
                        "energy.curtailments[0].issuedBy: must not be blank",
                        "energy.curtailments[1].limitMw: required key is missing")
                .anySatisfy(line -> assertThat(line).startsWith("energy.curtailments[1].enforced: unknown key"));
    }

    @Test
    void recordRejectsOutOfRange() {
        assertThatThrownBy(() -> new EnergyConfig(Optional.of(-1.0), "USD", 10, List.of()))
                .hasMessageContaining("tariffPerMwh");
        assertThatThrownBy(() -> new CurtailmentOrderConfig("x", "all", Double.NaN, Instant.EPOCH, 5, false, "g"))
                .hasMessageContaining("limitMw");
        assertThatThrownBy(() -> new CurtailmentOrderConfig("x", "all", 1, Instant.EPOCH, 0, false, "g"))
                .hasMessageContaining("durationMinutes");
    }
}
