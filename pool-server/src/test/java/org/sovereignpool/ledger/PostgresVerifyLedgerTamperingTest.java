package org.sovereignpool.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;

/** The tamperings on the production database: PostgreSQL, a schema per test, dropped after. */
class PostgresVerifyLedgerTamperingTest extends VerifyLedgerTamperingContract {
    private final String schema = LedgerTestDatabases.freshSchema("tamper");

    @AfterEach
    void drop() throws SQLException {
        LedgerTestDatabases.dropSchema(schema);
    }

    @Override
    JdbcLedgerStore open() {
        return JdbcLedgerStore.open(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "", schema);
    }

    @Override
    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "");
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
        }
        return c;
    }

    @Override
    List<String> ledgerArgs() {
        return List.of(
                "--jdbc-url", LedgerTestDatabases.PG_URL, "--user", LedgerTestDatabases.PG_USER, "--schema", schema);
    }
}
