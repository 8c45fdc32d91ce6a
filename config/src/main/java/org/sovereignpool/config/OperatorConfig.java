package org.sovereignpool.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A licensed mining operator. Miners authorize as {@code id.worker}.
 *
 * @param id {@code [a-z0-9][a-z0-9_-]{0,31}}, unique
 * @param name display name, non-blank
 * @param licence licence reference, when known
 * @param allocationMw allocated power in MW, > 0
 * @param efficiencyJPerTh default fleet efficiency in J/TH, > 0 (used to estimate power draw)
 * @param sites site names
 */
public record OperatorConfig(
        String id,
        String name,
        Optional<String> licence,
        double allocationMw,
        double efficiencyJPerTh,
        List<String> sites) {
    public static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    public static final double DEFAULT_EFFICIENCY_J_PER_TH = 20.0;

    public OperatorConfig {
        Objects.requireNonNull(id, "id");
        if (!ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException("operator id must match " + ID_PATTERN + ", got " + id);
        }
        Require.nonBlank(name, "name");
        Objects.requireNonNull(licence, "licence");
        Require.positive(allocationMw, "allocationMw");
        Require.positive(efficiencyJPerTh, "efficiencyJPerTh");
        sites = List.copyOf(sites);
    }

    /** Estimated draw in MW for a hashrate in TH/s at this operator's efficiency. */
    public double estimatedDrawMw(double terahashPerSecond) {
        return terahashPerSecond * efficiencyJPerTh / 1e6;
    }
}
