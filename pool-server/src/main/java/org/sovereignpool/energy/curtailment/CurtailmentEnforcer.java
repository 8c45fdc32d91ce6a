package org.sovereignpool.energy.curtailment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.operator.HashrateTracker;
import org.sovereignpool.operator.HashrateWindow;
import org.sovereignpool.operator.OperatorRegistry;
import org.sovereignpool.operator.Power;
import org.sovereignpool.stratum.session.WorkGate;

/**
 * Enforces the orders that ask for it: while such an order runs, the operator's (or, for {@code all}, the
 * programme's) workers are taken oldest first (by when they started work on this node) as long as their estimated
 * draw (1-minute hashrate × efficiency) fits under the limit; the rest, the newest, are withheld: they get no new job
 * and their shares count for nothing (stale). A withheld worker stays withheld while an enforced order covering it
 * runs (it draws nothing while withheld, which must not readmit it, and a noisy estimate must not make workers flap);
 * when the orders end every worker is restored and gets the current job at once.
 *
 * <p>{@link #withholds} runs on the Stratum event loops and reads a volatile set; {@link #plan} runs on the monitor's
 * thread only.
 */
public final class CurtailmentEnforcer implements WorkGate {
    private static final Logger LOG = LoggerFactory.getLogger(CurtailmentEnforcer.class);

    private final OperatorRegistry registry;
    private final HashrateTracker tracker;
    private final Runnable changed;
    /** Worker start times kept before those older than a day are forgotten. */
    static final int MAX_REMEMBERED = 200_000;

    private final Map<WorkerName, Long> startedAt = new ConcurrentHashMap<>();
    private volatile Set<WorkerName> withheld = Set.of();

    /** @param changed told when the set of withheld workers changed (the Stratum server rechecks its sessions) */
    public CurtailmentEnforcer(OperatorRegistry registry, HashrateTracker tracker, Runnable changed) {
        this.registry = registry;
        this.tracker = tracker;
        this.changed = changed;
    }

    @Override
    public boolean withholds(WorkerName worker) {
        return worker != null && withheld.contains(worker);
    }

    @Override
    public void started(WorkerName worker, long nowMillis) {
        startedAt.put(worker, nowMillis);
    }

    /** The workers withheld now. */
    public Set<WorkerName> withheld() {
        return withheld;
    }

    /** Workers withheld now whose operator {@code order} covers. */
    public int withheldCount(String label) {
        int n = 0;
        for (WorkerName w : withheld) {
            if (label.equals("all") || w.operatorId().equals(label)) {
                n++;
            }
        }
        return n;
    }

    /** Decides who is withheld under the enforced orders running now (none: everyone is restored). */
    public void plan(List<CurtailmentOrder> enforcedActive, long nowMillis) {
        if (startedAt.size() > MAX_REMEMBERED) { // bounded when worker names churn: forget starts older than a day
            startedAt
                    .entrySet()
                    .removeIf(e -> e.getValue() < nowMillis - 86_400_000L && !withheld.contains(e.getKey()));
        }
        Set<WorkerName> next = new HashSet<>();
        for (CurtailmentOrder order : enforcedActive) {
            List<WorkerName> workers = new ArrayList<>();
            Set<WorkerName> seen = new HashSet<>();
            for (var o : registry.operators()) {
                if (!order.covers(o.id())) {
                    continue;
                }
                for (WorkerName w : tracker.workersOf(o.id())) {
                    if (seen.add(w)) {
                        workers.add(w);
                    }
                }
            }
            for (WorkerName w : startedAt.keySet()) {
                if (order.covers(w.operatorId()) && seen.add(w)) {
                    workers.add(w);
                }
            }
            workers.sort(Comparator.comparingLong((WorkerName w) -> startedAt.getOrDefault(w, 0L))
                    .thenComparing(WorkerName::toString));
            double sum = 0;
            boolean cut = false;
            for (WorkerName w : workers) {
                double eff = registry.efficiency(w);
                double current = Double.isNaN(eff)
                        ? 0
                        : Power.drawMw(tracker.workerHashrate(w, HashrateWindow.ONE_MINUTE, nowMillis), eff);
                if (withheld.contains(w)) {
                    next.add(w); // withheld stays withheld until the order ends (no flapping on a noisy estimate)
                    continue;
                }
                if (!cut && sum + current <= order.limitMw()) {
                    sum += current;
                } else {
                    cut = true;
                    next.add(w);
                }
            }
        }
        if (!next.equals(withheld)) {
            Set<WorkerName> before = withheld;
            withheld = Set.copyOf(next);
            LOG.warn(
                    "curtailment: work withheld from {} worker(s) {}; restored: {}",
                    next.size(),
                    next,
                    before.stream().filter(w -> !next.contains(w)).toList());
            changed.run();
        }
    }
}
