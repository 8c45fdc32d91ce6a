package org.sovereignpool.energy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;

/** The energy contract on an H2 file database. */
class H2EnergyAccountingTest extends EnergyAccountingContract {
    @TempDir
    Path dir;

    @Override
    JdbcLedgerStore openLedger() {
        return JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null);
    }

    @Override
    void dropAll() {}
}
