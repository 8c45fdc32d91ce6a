package org.sovereignpool.ledger.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.io.TempDir;

class H2LedgerStoreTest extends LedgerStoreContract {
    @TempDir
    static Path dir;

    @Override
    LedgerStore createStore() {
        return JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null);
    }

    @Override
    void wipe() throws Exception {
        try (Connection c = DriverManager.getConnection(LedgerTestDatabases.h2Url(dir), "sa", "")) {
            LedgerTestDatabases.wipe(c);
        }
    }
}
