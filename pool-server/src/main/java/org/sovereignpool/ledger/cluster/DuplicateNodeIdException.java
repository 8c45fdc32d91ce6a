package org.sovereignpool.ledger.cluster;

import java.time.Instant;
import org.sovereignpool.ledger.StartRefusedException;
import org.sovereignpool.ledger.store.NodeLease;

/**
 * Another live instance holds this node's id: two nodes journalling shares under one id would lose them (their
 * sequences collide in the ledger), so the node refuses to start, or stops applying shares if it finds out later.
 */
public final class DuplicateNodeIdException extends StartRefusedException {
    private static final long serialVersionUID = 1L;
    private final transient NodeLease holder;

    public DuplicateNodeIdException(NodeLease holder, long nowMillis) {
        super("pool.nodeId " + holder.nodeId() + " is held by another live instance: " + holder.instanceId() + " on "
                + holder.host() + ", started " + Instant.ofEpochMilli(holder.startedMillis()) + ", last heartbeat "
                + Instant.ofEpochMilli(holder.heartbeatMillis()) + " (" + (nowMillis - holder.heartbeatMillis())
                + " ms ago), lease until " + Instant.ofEpochMilli(holder.expiresMillis())
                + ". Every node of a cluster needs its own pool.nodeId: stop that instance, or give this one another"
                + " id.");
        this.holder = holder;
    }

    public NodeLease holder() {
        return holder;
    }
}
