/**
 * A treasury that no single person can spend from, wired into the running pool: which {@code treasury.descriptor}
 * index each job pays ({@link org.sovereignpool.treasury.TreasuryIndexes}), where that is kept in the ledger
 * ({@link org.sovereignpool.treasury.TreasuryCursorStore}), and the public transparency page's data ({@link
 * org.sovereignpool.treasury.PublicReport}).
 */
package org.sovereignpool.treasury;
