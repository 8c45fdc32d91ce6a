package org.sovereignpool.ledger.store;

/**
 * A found block's life, following what the node says: pending while in the main chain with fewer than 100
 * confirmations, orphaned while out of it (it may come back: pending again), mature at 100 confirmations (final).
 */
public enum BlockStatus {
    PENDING,
    MATURE,
    ORPHANED
}
