package org.sovereignpool.ledger.store;

/** A found block's life: pending until 100 confirmations, then mature; orphaned when it left the main chain. */
public enum BlockStatus {
    PENDING,
    MATURE,
    ORPHANED
}
