package org.sovereignpool.stratum.session;

import org.sovereignpool.mining.WorkerName;

/**
 * Whether a worker may be sent new work now: the hook grid curtailment uses to withhold work from an operator's
 * newest workers beyond an ordered limit ({@code energy.curtailment.CurtailmentEnforcer}). Called on the sessions'
 * event loops, so implementations answer from memory (a volatile set), never blocking.
 */
public interface WorkGate {
    /** Every worker may work. */
    WorkGate OPEN = new WorkGate() {
        @Override
        public boolean withholds(WorkerName worker) {
            return false;
        }
    };

    /** True while new work must not be sent to {@code worker} (and its shares are not counted). */
    boolean withholds(WorkerName worker);

    /** A session started work for {@code worker} at {@code nowMillis} (the gate may order workers by it). */
    default void started(WorkerName worker, long nowMillis) {}
}
