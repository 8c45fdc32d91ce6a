package org.sovereignpool.cluster;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;

class H2ClusterStoreTest extends ClusterStoreContract {
    @TempDir
    Path dir;

    @Override
    JdbcLedgerStore open() {
        return JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null);
    }
}
