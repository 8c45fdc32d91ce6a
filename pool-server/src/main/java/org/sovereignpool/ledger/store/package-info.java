/**
 * The ledger database behind one interface ({@link org.sovereignpool.ledger.store.LedgerStore}): JDBC with HikariCP
 * and Flyway migrations ({@code db/migration}), H2 (embedded default) and PostgreSQL (production), one contract
 * test suite for both.
 */
package org.sovereignpool.ledger.store;
