package org.sovereignpool.cluster;

import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;

/** The contract on the real PostgreSQL at 127.0.0.1:5432, in a schema of its own, dropped after each test. */
class PostgresClusterStoreTest extends ClusterStoreContract {
    private final String schema = LedgerTestDatabases.freshSchema("cluster");

    @Override
    JdbcLedgerStore open() {
        return JdbcLedgerStore.open(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "", schema);
    }

    @Override
    void dropAll() throws Exception {
        LedgerTestDatabases.dropSchema(schema);
    }
}
