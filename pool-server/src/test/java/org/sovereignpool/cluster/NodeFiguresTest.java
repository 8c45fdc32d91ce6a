package org.sovereignpool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.operator.HashrateTracker;
import org.sovereignpool.operator.HashrateWindow;
import org.sovereignpool.operator.OperatorRegistry;
import org.sovereignpool.operator.PowerMonitor;

/**
 * The figures a node writes (one pass over its workers) are the power monitor's and the hashrate tracker's own, per
 * operator and in all, for seeded random workers, shares and hardware models.
 */
class NodeFiguresTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void theFiguresAreTheTrackersAndThePowerMonitors(long seed) {
        Random random = new Random(seed);
        PoolConfig config = DemoConfig.load();
        List<OperatorConfig> ops = config.operators();
        long now = 1_800_000_000_000L;
        AtomicLong clock = new AtomicLong(now);
        HashrateTracker tracker = new HashrateTracker(now - 7_200_000);
        Map<WorkerName, OperatorRegistry.WorkerModel> models = new java.util.HashMap<>();
        for (int w = 0; w < 300; w++) {
            WorkerName name = new WorkerName(ops.get(random.nextInt(ops.size())).id(), "rig" + w);
            if (random.nextInt(3) == 0) {
                models.put(name, new OperatorRegistry.WorkerModel("S21", 10 + random.nextInt(30)));
            }
            int shares = 1 + random.nextInt(5);
            for (int s = 0; s < shares; s++) {
                // some in the last minute, some older than 10 minutes (not active)
                tracker.record(name, 1 + random.nextInt(100_000), now - random.nextInt(1_200_000));
            }
        }
        OperatorRegistry registry = new OperatorRegistry(ops, models);
        PowerMonitor power = new PowerMonitor(registry, config.power(), tracker, clock::get);
        NodeFigures figures = new NodeFigures(
                new NodeFigures.Identity(3, "i", "h", List.of("127.0.0.1:3333"), "127.0.0.1:8080"),
                () -> 7,
                power,
                ops,
                () -> 11,
                () -> 2,
                new SimpleMeterRegistry(),
                clock::get);
        NodeStatus s = figures.get();
        assertThat(s.activeWorkers()).isEqualTo(tracker.activeWorkers(null, HashrateWindow.TEN_MINUTES, now));
        assertThat(s.hashrate10m()).isEqualTo(tracker.poolHashrate(HashrateWindow.TEN_MINUTES, now));
        assertThat(s.hashrate1m()).isEqualTo(tracker.poolHashrate(HashrateWindow.ONE_MINUTE, now));
        assertThat(s.connections()).isEqualTo(7);
        assertThat(s.journalWrittenSeq()).isEqualTo(11);
        assertThat(s.journalLag()).isEqualTo(2);
        assertThat(s.jobHeight()).as("no job yet").isNull();
        assertThat(s.bitcoindHealthy()).as("no job yet").isFalse();
        for (NodeStatus.OperatorFigures o : s.operators()) {
            PowerMonitor.OperatorPower p = power.operator(o.operatorId()).orElseThrow();
            assertThat(o.drawMw()).as(o.operatorId()).isCloseTo(p.drawMw(), within(1e-12 * (1 + p.drawMw())));
            assertThat(o.hashrate10m()).isEqualTo(p.hashrate());
            assertThat(o.activeWorkers())
                    .isEqualTo(tracker.activeWorkers(o.operatorId(), HashrateWindow.TEN_MINUTES, now));
        }
        assertThat(s.operators())
                .extracting(NodeStatus.OperatorFigures::operatorId)
                .containsExactlyElementsOf(ops.stream()
                        .map(OperatorConfig::id)
                        .filter(id -> tracker.operatorHashrate(id, HashrateWindow.TEN_MINUTES, now) > 0
                                || tracker.activeWorkers(id, HashrateWindow.TEN_MINUTES, now) > 0)
                        .toList());
    }
}
