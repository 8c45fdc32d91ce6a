package org.sovereignpool.stratum;

import java.util.Set;
import java.util.stream.Collectors;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.mining.WorkerAuthorizer;
import org.sovereignpool.mining.WorkerName;

/** The default authorizer: a worker may mine when its operator is in the configuration's operator list. */
public final class RegisteredOperators implements WorkerAuthorizer {
    private final Set<String> ids;

    public RegisteredOperators(PoolConfig config) {
        this.ids = config.operators().stream().map(OperatorConfig::id).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String refusal(WorkerName worker) {
        return ids.contains(worker.operatorId()) ? null : "Operator " + worker.operatorId() + " is not registered";
    }
}
