package org.sovereignpool.energy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sovereignpool.config.OperatorConfig;

/**
 * Which of its operator's sites a worker mines at. A worker named {@code <site>.<rest>} (e.g. {@code
 * volta.akosombo-1.rig7}) is at that site when the operator lists it; a worker of an operator with a single site is
 * at that site; any other worker is at {@link #UNASSIGNED}. Immutable.
 */
public final class Sites {
    /** The site of a worker that names none of its operator's sites (an operator with several). */
    public static final String UNASSIGNED = "-";

    private final Map<String, List<String>> sitesByOperator = new HashMap<>();

    public Sites(List<OperatorConfig> operators) {
        for (OperatorConfig o : operators) {
            sitesByOperator.put(o.id(), List.copyOf(o.sites()));
        }
    }

    public String siteOf(String operatorId, String worker) {
        List<String> sites = sitesByOperator.get(operatorId);
        if (sites == null || sites.isEmpty()) {
            return UNASSIGNED;
        }
        int dot = worker.indexOf('.');
        if (dot > 0) {
            String prefix = worker.substring(0, dot);
            if (sites.contains(prefix)) {
                return prefix;
            }
        }
        return sites.size() == 1 ? sites.get(0) : UNASSIGNED;
    }

    /** Whether {@code site} is one of the operator's sites. */
    public boolean has(String operatorId, String site) {
        List<String> sites = sitesByOperator.get(operatorId);
        return sites != null && sites.contains(site);
    }

    public List<String> of(String operatorId) {
        return sitesByOperator.getOrDefault(operatorId, List.of());
    }
}
