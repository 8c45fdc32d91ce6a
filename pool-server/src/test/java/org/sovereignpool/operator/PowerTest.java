package org.sovereignpool.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.config.PowerConfig;
import org.sovereignpool.mining.WorkerName;

/** Draw, states and the refuse switch with hand-computed numbers. */
class PowerTest {
    private static final double TWO_32 = 4_294_967_296.0;
    /** Ten minutes after the tracker started: the 10-minute window is exactly 600 s. */
    private static final long NOW = 600_000;

    private static OperatorConfig op(String id, double allocationMw, double jPerTh) {
        return new OperatorConfig(id, id + " Mining", Optional.empty(), allocationMw, jPerTh, List.of("site-" + id));
    }

    /** The difficulty that, accepted once within the 600 s window, averages to {@code hashesPerSecond}. */
    private static double difficultyFor(double hashesPerSecond) {
        return hashesPerSecond * 600 / TWO_32;
    }

    @ParameterizedTest
    @CsvSource({
        // H/s, J/TH, MW: 100 TH/s x 20 J/TH = 2,000 W; 1 EH/s = 10^6 TH/s x 17.5 J/TH = 17.5 MW
        "1.0e14, 20.0, 0.002",
        "1.0e18, 17.5, 17.5",
        "2.45e17, 20.0, 4.9",
        "0, 26.0, 0"
    })
    void drawIsTerahashTimesJoulesPerTerahashOverAMillion(double hashrate, double jPerTh, double mw) {
        assertThat(Power.drawMw(hashrate, jPerTh)).isCloseTo(mw, within(1e-12));
    }

    @Test
    void hashrateIsDifficultyTimesTwoToThe32OverSeconds() {
        assertThat(Power.hashrate(600, 600)).isEqualTo(TWO_32);
        assertThatThrownBy(() -> Power.hashrate(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Power.drawMw(-1, 20)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"4.75, OK", "4.7501, WARN", "5.0, WARN", "5.0001, OVER", "0, OK"})
    void statesAgainstFiveMegawattsWarningAt95Percent(double drawMw, PowerState state) {
        assertThat(Power.state(drawMw, 5.0, 0.95)).isEqualTo(state);
    }

    @Test
    void operatorDrawSumsItsWorkersEachAtItsOwnEfficiency() {
        WorkerName a = new WorkerName("volta", "s19");
        WorkerName b = new WorkerName("volta", "s21");
        OperatorRegistry registry = new OperatorRegistry(
                List.of(op("volta", 350, 20.0), op("nord", 220.5, 21.0)),
                Map.of(b, new OperatorRegistry.WorkerModel("Antminer S21", 17.5)));
        HashrateTracker tracker = new HashrateTracker(0);
        tracker.record(a, difficultyFor(1e18), 100_000); // 1 EH/s at the default 20 J/TH = 20 MW
        tracker.record(b, difficultyFor(2e18), 200_000); // 2 EH/s at 17.5 J/TH = 35 MW
        tracker.record(new WorkerName("nord", "x"), difficultyFor(1e16), 300_000); // 10 PH/s x 21 = 0.21 MW
        PowerMonitor power = new PowerMonitor(registry, new PowerConfig(2000, 0.95, false), tracker, () -> NOW);

        PowerMonitor.OperatorPower volta = power.operator("volta").orElseThrow();
        assertThat(volta.hashrate()).isCloseTo(3e18, within(1e3));
        assertThat(volta.drawMw()).isCloseTo(55.0, within(1e-9));
        assertThat(volta.fraction()).isCloseTo(55.0 / 350, within(1e-12));
        assertThat(volta.state()).isEqualTo(PowerState.OK);
        assertThat(power.workers("volta"))
                .extracting(PowerMonitor.WorkerPower::drawMw)
                .satisfiesExactly(
                        d -> assertThat(d).isCloseTo(20.0, within(1e-9)),
                        d -> assertThat(d).isCloseTo(35.0, within(1e-9)));

        PowerMonitor.ProgrammePower programme = power.programme();
        assertThat(programme.drawMw()).isCloseTo(55.21, within(1e-9));
        assertThat(programme.allocatedMw()).isEqualTo(570.5);
        assertThat(programme.programmeMw()).isEqualTo(2000);
        assertThat(programme.state()).isEqualTo(PowerState.OK);
    }

    @Test
    void warningAndOverAllocationStatesAndTheirGauges() {
        HashrateTracker tracker = new HashrateTracker(0);
        OperatorRegistry registry =
                new OperatorRegistry(List.of(op("warm", 5, 20), op("hot", 5, 20), op("cool", 5, 20)), Map.of());
        tracker.record(new WorkerName("warm", "r1"), difficultyFor(2.45e17), 60_000); // 4.9 MW of 5: > 95%
        tracker.record(new WorkerName("hot", "r1"), difficultyFor(2.55e17), 60_000); // 5.1 MW of 5
        tracker.record(new WorkerName("cool", "r1"), difficultyFor(1e17), 60_000); // 2 MW of 5
        PowerMonitor power = new PowerMonitor(registry, new PowerConfig(12, 0.95, false), tracker, () -> NOW);
        assertThat(power.state("warm")).isEqualTo(PowerState.WARN);
        assertThat(power.state("hot")).isEqualTo(PowerState.OVER);
        assertThat(power.state("cool")).isEqualTo(PowerState.OK);
        // 12 MW budget: 12.0 MW drawn is above 95% of it
        assertThat(power.programme().drawMw()).isCloseTo(12.0, within(1e-9));
        assertThat(power.programme().state()).isEqualTo(PowerState.WARN);

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        power.bindTo(meters);
        assertThat(meters.get("operator.power.state")
                        .tag("operator", "hot")
                        .gauge()
                        .value())
                .isEqualTo(2);
        assertThat(meters.get("operator.power.state")
                        .tag("operator", "warm")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(meters.get("operator.power.state")
                        .tag("operator", "cool")
                        .gauge()
                        .value())
                .isEqualTo(0);
        assertThat(meters.get("operator.power.mw")
                        .tag("operator", "hot")
                        .gauge()
                        .value())
                .isCloseTo(5.1, within(1e-9));
        assertThat(meters.get("operator.allocation.mw")
                        .tag("operator", "hot")
                        .gauge()
                        .value())
                .isEqualTo(5);
        assertThat(meters.get("pool.hashrate").tag("operator", "cool").gauge().value())
                .isCloseTo(1e17, within(1e3));
        assertThat(meters.get("programme.budget.mw").gauge().value()).isEqualTo(12);
    }

    @Test
    void refuseSwitchTurnsAwayNewWorkersOfAnOperatorOverItsAllocationOnly() {
        AtomicLong now = new AtomicLong(NOW);
        HashrateTracker tracker = new HashrateTracker(0);
        OperatorRegistry registry = new OperatorRegistry(List.of(op("hot", 5, 20), op("cool", 5, 20)), Map.of());
        WorkerName mining = new WorkerName("hot", "r1");
        tracker.record(mining, difficultyFor(2.55e17), 590_000); // 5.1 MW of 5: over
        tracker.record(new WorkerName("cool", "r1"), difficultyFor(1e17), 590_000);
        var registered = (org.sovereignpool.mining.WorkerAuthorizer)
                w -> registry.operator(w.operatorId()).isPresent() ? null : "not registered";

        PowerAuthorizer on = new PowerAuthorizer(
                registered, new PowerMonitor(registry, new PowerConfig(2000, 0.95, true), tracker, now::get), now::get);
        assertThat(on.refusal(new WorkerName("hot", "r2")))
                .isEqualTo("Operator hot is over its power allocation (5.100 of 5.000 MW): no new workers");
        assertThat(on.refusal(mining)).as("a worker already mining reconnects").isNull();
        assertThat(on.refusal(new WorkerName("cool", "r2"))).isNull();
        assertThat(on.refusal(new WorkerName("ghost", "r1"))).isEqualTo("not registered");

        PowerAuthorizer off = new PowerAuthorizer(
                registered,
                new PowerMonitor(registry, new PowerConfig(2000, 0.95, false), tracker, now::get),
                now::get);
        assertThat(off.refusal(new WorkerName("hot", "r2"))).isNull();
        assertThat(off.refusal(new WorkerName("ghost", "r1"))).isEqualTo("not registered");

        // twenty minutes later the shares have left the window: the operator is no longer over
        now.set(NOW + 1_200_000);
        assertThat(on.refusal(new WorkerName("hot", "r2"))).isNull();
    }

    @Test
    void registryRejectsModelsOfUnknownOperatorsAndBadEfficiency() {
        assertThatThrownBy(() -> new OperatorRegistry(
                        List.of(op("a", 1, 20)),
                        Map.of(new WorkerName("b", "x"), new OperatorRegistry.WorkerModel("S19", 30))))
                .hasMessageContaining("unregistered operator");
        assertThatThrownBy(() -> new OperatorRegistry.WorkerModel("S19", 0)).hasMessageContaining("efficiency");
        assertThatThrownBy(() -> new OperatorRegistry(List.of(op("a", 1, 20), op("a", 2, 20)), Map.of()))
                .hasMessageContaining("duplicate");
    }
}
