package org.sovereignpool.operator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.config.PowerConfig;
import org.sovereignpool.mining.WorkerName;

/**
 * Estimated power draw per worker, operator and programme, from the 10-minute hashrate and each worker's efficiency,
 * against the allocations and the programme's budget. Computed on demand (each call reads the tracker at the
 * clock's now); thread safe.
 */
public final class PowerMonitor {
    /** The window power is estimated over (and {@code pool.hashrate} reports). */
    public static final HashrateWindow WINDOW = HashrateWindow.TEN_MINUTES;

    private final OperatorRegistry registry;
    private final PowerConfig policy;
    private final HashrateTracker tracker;
    private final LongSupplier clock;

    public PowerMonitor(OperatorRegistry registry, PowerConfig policy, HashrateTracker tracker, LongSupplier clock) {
        this.registry = registry;
        this.policy = policy;
        this.tracker = tracker;
        this.clock = clock;
    }

    /** One worker's estimate. */
    public record WorkerPower(WorkerName worker, double hashrate, double efficiencyJPerTh, double drawMw) {}

    /** One operator's estimate against its allocation. */
    public record OperatorPower(
            String operatorId,
            double hashrate,
            double drawMw,
            double allocationMw,
            double fraction,
            PowerState state) {}

    /** The whole programme against its budget; {@code allocatedMw} is the sum of the operators' allocations. */
    public record ProgrammePower(
            double hashrate,
            double drawMw,
            double allocatedMw,
            double programmeMw,
            double fraction,
            PowerState state) {}

    public PowerConfig policy() {
        return policy;
    }

    public OperatorRegistry registry() {
        return registry;
    }

    public HashrateTracker tracker() {
        return tracker;
    }

    public List<WorkerPower> workers(String operatorId) {
        long now = clock.getAsLong();
        List<WorkerPower> out = new ArrayList<>();
        for (WorkerName w : tracker.workersOf(operatorId)) {
            out.add(worker(w, now));
        }
        return out;
    }

    private WorkerPower worker(WorkerName w, long now) {
        double rate = tracker.workerHashrate(w, WINDOW, now);
        double eff = registry.efficiency(w);
        return new WorkerPower(w, rate, eff, Power.drawMw(rate, eff));
    }

    public Optional<OperatorPower> operator(String operatorId) {
        return registry.operator(operatorId).map(o -> operator(o, clock.getAsLong()));
    }

    private OperatorPower operator(OperatorConfig o, long now) {
        double draw = 0;
        for (WorkerName w : tracker.workersOf(o.id())) {
            draw += worker(w, now).drawMw();
        }
        double rate = tracker.operatorHashrate(o.id(), WINDOW, now);
        return new OperatorPower(
                o.id(),
                rate,
                draw,
                o.allocationMw(),
                draw / o.allocationMw(),
                Power.state(draw, o.allocationMw(), policy.warnFraction()));
    }

    /** Every registered operator, in configuration order. */
    public List<OperatorPower> operators() {
        long now = clock.getAsLong();
        return registry.operators().stream().map(o -> operator(o, now)).toList();
    }

    public ProgrammePower programme() {
        long now = clock.getAsLong();
        double draw = 0;
        for (OperatorConfig o : registry.operators()) {
            draw += operator(o, now).drawMw();
        }
        double programme = policy.programmeMw();
        return new ProgrammePower(
                tracker.poolHashrate(WINDOW, now),
                draw,
                registry.totalAllocationMw(),
                programme,
                draw / programme,
                Power.state(draw, programme, policy.warnFraction()));
    }

    /** The operator's state now; {@link PowerState#OK} for an unregistered one (the authorizer refuses those). */
    public PowerState state(String operatorId) {
        return operator(operatorId).map(OperatorPower::state).orElse(PowerState.OK);
    }

    /**
     * Registers {@code pool.hashrate{operator}} (H/s, 10 min), {@code operator.power.mw}, {@code
     * operator.allocation.mw} and {@code operator.power.state} (0 ok, 1 warn, 2 over) per operator, and {@code
     * programme.power.mw} / {@code programme.budget.mw}. Labels are operator ids only: never a worker (cardinality).
     */
    public void bindTo(MeterRegistry meters) {
        for (OperatorConfig o : registry.operators()) {
            String id = o.id();
            Gauge.builder("pool.hashrate", this, m -> m.tracker.operatorHashrate(id, WINDOW, m.clock.getAsLong()))
                    .tag("operator", id)
                    .description("hashrate in H/s from accepted share difficulty, 10 minute average")
                    .register(meters);
            Gauge.builder(
                            "operator.power.mw",
                            this,
                            m -> m.operator(id).map(OperatorPower::drawMw).orElse(0.0))
                    .tag("operator", id)
                    .description("estimated power draw (hashrate x J/TH)")
                    .register(meters);
            Gauge.builder("operator.allocation.mw", o, OperatorConfig::allocationMw)
                    .tag("operator", id)
                    .description("allocated power")
                    .register(meters);
            Gauge.builder("operator.power.state", this, m -> m.state(id).level())
                    .tag("operator", id)
                    .description("0 ok, 1 above the warning share of the allocation, 2 over the allocation")
                    .register(meters);
        }
        Gauge.builder("programme.power.mw", this, m -> m.programme().drawMw())
                .description("estimated power draw of the whole programme")
                .register(meters);
        Gauge.builder("programme.budget.mw", policy, PowerConfig::programmeMw)
                .description("the programme's power budget")
                .register(meters);
    }
}
