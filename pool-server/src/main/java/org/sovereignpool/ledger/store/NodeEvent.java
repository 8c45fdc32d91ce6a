package org.sovereignpool.ledger.store;

import java.util.Objects;

/**
 * Something that happened to a pool node's identity, kept in the ledger for operators and auditors (append-only).
 *
 * @param kind one of the constants here
 */
public record NodeEvent(int nodeId, String instanceId, String kind, long timeMillis, String detail) {
    /** An instance took the node id (first start, after a clean stop, or after the previous lease ran out). */
    public static final String STARTED = "STARTED";
    /** The instance stopped cleanly and gave the node id up. */
    public static final String RELEASED = "RELEASED";
    /** An instance was refused the node id because another held a live lease on it. */
    public static final String DUPLICATE_REFUSED = "DUPLICATE_REFUSED";
    /** The instance found another holding its node id (its own lease had run out). */
    public static final String LEASE_LOST = "LEASE_LOST";
    /** The instance renewed a lease that had run out without anyone taking it. */
    public static final String RETURNED = "RETURNED";
    /** Blocks were credited without this node's unapplied shares: its lease had run out. */
    public static final String DECLARED_DOWN = "DECLARED_DOWN";
    /** The node started on a new share journal (the ledger had applied another one). */
    public static final String JOURNAL_REPLACED = "JOURNAL_REPLACED";

    public NodeEvent {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
