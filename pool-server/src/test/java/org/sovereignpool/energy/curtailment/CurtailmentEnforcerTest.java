package org.sovereignpool.energy.curtailment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.operator.HashrateTracker;
import org.sovereignpool.operator.OperatorRegistry;

/**
 * Who is withheld: the operator's workers oldest first while their draw fits under the limit, the newest beyond it;
 * withheld ones stay withheld while the order runs; all are restored when it ends. Hashrates from shares recorded in
 * the tracker: 1 TH/s for a minute = 60e12 / 2^32 difficulty; at 20 J/TH that draws 2e-5 MW.
 */
class CurtailmentEnforcerTest {
    private static final OperatorConfig OP = new OperatorConfig("op", "Op", Optional.empty(), 10, 20.0, List.of("s1"));
    private static final OperatorConfig OTHER =
            new OperatorConfig("other", "Other", Optional.empty(), 10, 20.0, List.of("s2"));
    private static final double ONE_TH_MINUTE = 60e12 / 4_294_967_296.0;
    private static final double ONE_TH_MW = 20.0 / 1e6;

    @Test
    void theNewestWorkersBeyondTheLimitAreWithheldUntilTheOrderEnds() {
        long t0 = 1_000_000_000L;
        HashrateTracker tracker = new HashrateTracker(t0);
        OperatorRegistry registry = new OperatorRegistry(List.of(OP, OTHER), Map.of());
        AtomicInteger changes = new AtomicInteger();
        CurtailmentEnforcer enforcer = new CurtailmentEnforcer(registry, tracker, changes::incrementAndGet);
        WorkerName[] w = new WorkerName[5];
        for (int i = 0; i < 4; i++) {
            w[i] = new WorkerName("op", "w" + i);
            enforcer.started(w[i], t0 + i * 1000L); // w0 oldest, w3 newest
            tracker.record(w[i], ONE_TH_MINUTE, t0 + 30_000);
        }
        w[4] = new WorkerName("other", "x");
        enforcer.started(w[4], t0 + 10_000);
        tracker.record(w[4], ONE_TH_MINUTE, t0 + 30_000);
        long now = t0 + 60_000;
        CurtailmentOrder order = new CurtailmentOrder("o", "op", 2.5 * ONE_TH_MW, t0, 10, true, "grid", t0, "test");

        enforcer.plan(List.of(order), now);
        assertThat(enforcer.withheld()).containsExactlyInAnyOrder(w[2], w[3]);
        assertThat(enforcer.withholds(w[3])).isTrue();
        assertThat(enforcer.withholds(w[4])).as("another operator's worker").isFalse();
        assertThat(enforcer.withheldCount("op")).isEqualTo(2);
        assertThat(enforcer.withheldCount("all")).isEqualTo(2);
        assertThat(changes).hasValue(1);

        // withheld workers draw nothing now; they are not readmitted while the order runs, and nothing changes
        enforcer.plan(List.of(order), now + 120_000);
        assertThat(enforcer.withheld()).containsExactlyInAnyOrder(w[2], w[3]);
        assertThat(changes).hasValue(1);

        // the whole programme to 1.5 workers: the oldest of all operators is kept
        CurtailmentOrder all = new CurtailmentOrder("p", "all", 1.5 * ONE_TH_MW, t0, 10, true, "grid", t0, "test");
        HashrateTracker fresh = new HashrateTracker(t0);
        CurtailmentEnforcer programme = new CurtailmentEnforcer(registry, fresh, () -> {});
        for (int i = 0; i < 5; i++) {
            programme.started(w[i], t0 + (i == 4 ? 500 : i * 1000L)); // other.x second oldest
            fresh.record(w[i], ONE_TH_MINUTE, t0 + 30_000);
        }
        programme.plan(List.of(all), now);
        assertThat(programme.withheld()).containsExactlyInAnyOrder(w[4], w[1], w[2], w[3]);

        // the order ended: everyone is restored
        enforcer.plan(List.of(), now + 180_000);
        assertThat(enforcer.withheld()).isEmpty();
        assertThat(changes).hasValue(2);
    }
}
