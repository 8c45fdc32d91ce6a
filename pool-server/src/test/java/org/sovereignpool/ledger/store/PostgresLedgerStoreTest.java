package org.sovereignpool.ledger.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** The contract on the real PostgreSQL at 127.0.0.1:5432 (CI starts it), in a schema of its own, dropped after. */
class PostgresLedgerStoreTest extends LedgerStoreContract {
    private final String schema = LedgerTestDatabases.freshSchema("contract");

    @Override
    LedgerStore createStore() {
        return JdbcLedgerStore.open(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "", schema);
    }

    @Override
    void wipe() throws Exception {
        try (Connection c = DriverManager.getConnection(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "");
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            LedgerTestDatabases.wipe(c);
        }
    }

    @Override
    void dropAll() throws Exception {
        LedgerTestDatabases.dropSchema(schema);
    }
}
