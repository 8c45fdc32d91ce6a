package org.sovereignpool.operator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.mining.WorkerName;

/**
 * The licensed operators, from the configuration, with optional per-worker hardware (model and efficiency) that
 * overrides an operator's default efficiency for that worker. Immutable.
 */
public final class OperatorRegistry {
    private final Map<String, OperatorConfig> operators = new LinkedHashMap<>();
    private final Map<WorkerName, WorkerModel> models;

    /** A worker's hardware: a model name for people and its efficiency in J/TH (> 0). */
    public record WorkerModel(String model, double efficiencyJPerTh) {
        public WorkerModel {
            Objects.requireNonNull(model, "model");
            if (!(efficiencyJPerTh > 0) || Double.isInfinite(efficiencyJPerTh)) {
                throw new IllegalArgumentException("efficiencyJPerTh must be finite and > 0, got " + efficiencyJPerTh);
            }
        }
    }

    public OperatorRegistry(List<OperatorConfig> operators, Map<WorkerName, WorkerModel> models) {
        for (OperatorConfig o : operators) {
            if (this.operators.putIfAbsent(o.id(), o) != null) {
                throw new IllegalArgumentException("duplicate operator id " + o.id());
            }
        }
        for (WorkerName w : models.keySet()) {
            if (!this.operators.containsKey(w.operatorId())) {
                throw new IllegalArgumentException("worker model for " + w + " names an unregistered operator");
            }
        }
        this.models = Map.copyOf(models);
    }

    public static OperatorRegistry fromConfig(PoolConfig config) {
        return new OperatorRegistry(config.operators(), Map.of());
    }

    /** In configuration order. */
    public List<OperatorConfig> operators() {
        return List.copyOf(operators.values());
    }

    public Optional<OperatorConfig> operator(String id) {
        return Optional.ofNullable(operators.get(id));
    }

    public Optional<WorkerModel> model(WorkerName worker) {
        return Optional.ofNullable(models.get(worker));
    }

    /** The worker's own efficiency when known, else its operator's default (NaN for an unregistered operator). */
    public double efficiency(WorkerName worker) {
        WorkerModel m = models.get(worker);
        if (m != null) {
            return m.efficiencyJPerTh();
        }
        OperatorConfig o = operators.get(worker.operatorId());
        return o == null ? Double.NaN : o.efficiencyJPerTh();
    }

    public double totalAllocationMw() {
        return operators.values().stream()
                .mapToDouble(OperatorConfig::allocationMw)
                .sum();
    }
}
