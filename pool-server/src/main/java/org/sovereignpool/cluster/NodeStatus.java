package org.sovereignpool.cluster;

import java.util.List;
import java.util.Objects;

/**
 * One node's live figures as it writes them to {@code node_status}.
 *
 * @param stratumAddresses {@code host:port} of each Stratum listener (where the console sends drained miners)
 * @param authorizedWorkers Stratum sessions in the authorized state now
 * @param activeWorkers workers with an accepted share in the last 10 minutes
 * @param hashrate1m H/s over the last minute
 * @param hashrate10m H/s over the last 10 minutes
 * @param jobHeight height of the current job, null before the first
 * @param jobPrevhash the current job's previous block hash (display hex), null before the first
 * @param prevhashSinceMillis when this node first sent a job on {@code jobPrevhash}
 * @param bitcoindHealthy whether the node's template source is serving (a fresh job and, with bitcoind, a healthy
 *     node)
 * @param journalLag share journal records written but not yet applied to the ledger
 * @param operators per operator figures
 */
public record NodeStatus(
        int nodeId,
        String instanceId,
        String host,
        String version,
        List<String> stratumAddresses,
        String httpAddress,
        int connections,
        int authorizedWorkers,
        int activeWorkers,
        double hashrate1m,
        double hashrate10m,
        long sharesAccepted,
        long sharesRejected,
        Integer jobHeight,
        String jobPrevhash,
        Long prevhashSinceMillis,
        boolean bitcoindHealthy,
        String bitcoindDetail,
        long journalWrittenSeq,
        long journalLag,
        boolean draining,
        long startedMillis,
        long updatedMillis,
        List<OperatorFigures> operators) {
    public NodeStatus {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(version, "version");
        stratumAddresses = List.copyOf(stratumAddresses);
        Objects.requireNonNull(httpAddress, "httpAddress");
        Objects.requireNonNull(bitcoindDetail, "bitcoindDetail");
        operators = List.copyOf(operators);
    }

    /** One operator's figures on one node. */
    public record OperatorFigures(
            String operatorId, double hashrate1m, double hashrate10m, int activeWorkers, double drawMw) {}
}
