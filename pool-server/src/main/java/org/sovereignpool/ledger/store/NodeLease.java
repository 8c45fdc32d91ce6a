package org.sovereignpool.ledger.store;

import java.util.Objects;

/**
 * A pool node's identity lease as the ledger keeps it: which instance (process) holds the node id, since when, its
 * last heartbeat and when the lease runs out without one.
 *
 * @param instanceId a random id of the holding process, new at each start
 * @param host where it runs (host name and process id), for the operator
 * @param released the instance stopped cleanly and gave the id up
 */
public record NodeLease(
        int nodeId,
        String instanceId,
        String host,
        long startedMillis,
        long heartbeatMillis,
        long expiresMillis,
        boolean released) {
    public NodeLease {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(host, "host");
    }

    /** Whether an instance holds the id at {@code nowMillis} (not released, not run out). */
    public boolean liveAt(long nowMillis) {
        return !released && expiresMillis > nowMillis;
    }
}
