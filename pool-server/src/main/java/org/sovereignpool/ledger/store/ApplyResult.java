package org.sovereignpool.ledger.store;

/** Outcome of applying one batch of the journal. */
public enum ApplyResult {
    APPLIED,
    /** The ledger already holds this batch (a replay): nothing was written. */
    ALREADY_APPLIED
}
