package org.sovereignpool.ledger.audit;

import java.sql.SQLException;

/** One check of the audit. */
public interface AuditCheck {
    /** A short name, printed before the check's summary (e.g. {@code receipts}). */
    String name();

    /**
     * Checks what was read; stops at the first discrepancy.
     *
     * @throws SQLException a check that reads further (share rows, a recomputation window) could not read the ledger
     */
    Outcome run(LedgerSnapshot ledger) throws SQLException;
}
