package org.sovereignpool.energy;

import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;

/** The energy contract on the real PostgreSQL at 127.0.0.1:5432, in a schema of its own, dropped after. */
class PostgresEnergyAccountingTest extends EnergyAccountingContract {
    private final String schema = LedgerTestDatabases.freshSchema("energy");

    @Override
    JdbcLedgerStore openLedger() {
        return JdbcLedgerStore.open(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "", schema);
    }

    @Override
    void dropAll() throws Exception {
        LedgerTestDatabases.dropSchema(schema);
    }
}
