package org.sovereignpool.operator;

import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.sovereignpool.mining.WorkerAuthorizer;
import org.sovereignpool.mining.WorkerName;

/**
 * The registered-operators check, then (when {@code power.refuseNewWorkersOverAllocation} is on) the power policy:
 * a new worker of an operator whose estimated draw is over its allocation is refused. A worker that had a share in
 * the last 10 minutes is not new (a rig reconnecting after a network blip is not turned away); workers already
 * mining are never disconnected by this.
 */
public final class PowerAuthorizer implements WorkerAuthorizer {
    private final WorkerAuthorizer registered;
    private final PowerMonitor power;
    private final LongSupplier clock;

    public PowerAuthorizer(WorkerAuthorizer registered, PowerMonitor power, LongSupplier clock) {
        this.registered = Objects.requireNonNull(registered, "registered");
        this.power = Objects.requireNonNull(power, "power");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String refusal(WorkerName worker) {
        String refused = registered.refusal(worker);
        if (refused != null || !power.policy().refuseNewWorkersOverAllocation()) {
            return refused;
        }
        long now = clock.getAsLong();
        var last = power.tracker().lastShareMillis(worker);
        if (last.isPresent() && last.getAsLong() > now - PowerMonitor.WINDOW.millis()) {
            return null;
        }
        return power.operator(worker.operatorId())
                .filter(p -> p.state() == PowerState.OVER)
                .map(p -> String.format(
                        Locale.ROOT,
                        "Operator %s is over its power allocation (%.3f of %.3f MW): no new workers",
                        worker.operatorId(),
                        p.drawMw(),
                        p.allocationMw()))
                .orElse(null);
    }
}
