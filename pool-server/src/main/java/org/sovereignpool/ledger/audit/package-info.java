/**
 * The ledger audit behind {@code verify-ledger}: one class per check, each a pure function of what was read
 * ({@link org.sovereignpool.ledger.audit.LedgerSnapshot}, and with a node {@link
 * org.sovereignpool.ledger.audit.ChainSnapshot}), run in order by {@link org.sovereignpool.ledger.audit.LedgerAudit},
 * which stops at the first {@link org.sovereignpool.ledger.audit.Discrepancy}.
 */
package org.sovereignpool.ledger.audit;
