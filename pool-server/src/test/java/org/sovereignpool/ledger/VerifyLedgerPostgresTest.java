package org.sovereignpool.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import picocli.CommandLine;

/** verify-ledger on the production database: PostgreSQL, in a schema of its own. */
class VerifyLedgerPostgresTest {
    private final String schema = LedgerTestDatabases.freshSchema("verify");
    private final StringWriter out = new StringWriter();

    @AfterEach
    void drop() throws Exception {
        LedgerTestDatabases.dropSchema(schema);
    }

    private int verify() {
        CommandLine cli = new CommandLine(new VerifyLedgerCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute(
                "--jdbc-url", LedgerTestDatabases.PG_URL, "--user", LedgerTestDatabases.PG_USER, "--schema", schema);
    }

    @Test
    void intactThenOneAlteredRowIsNamed() throws Exception {
        try (LedgerStore store =
                JdbcLedgerStore.open(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "", schema)) {
            for (int i = 1; i <= 5; i++) {
                String hash = String.format("%064x", i);
                BlockRecord b = new BlockRecord(
                        hash,
                        900_000 + i,
                        "alpha",
                        "rig1",
                        1000L * i,
                        312_500_000,
                        1e6,
                        1,
                        0,
                        Map.of(),
                        BlockStatus.PENDING,
                        0,
                        false,
                        0);
                store.recordBlock(
                        b, new TreasuryReceipt.Draft(b.height(), hash, 312_500_000, b.foundMillis(), "FOUND"));
            }
        }
        assertThat(verify()).isZero();
        assertThat(out.toString())
                .contains("receipts: 5 treasury receipts hash-chained")
                .contains("OK: the ledger verifies");
        try (Connection c = DriverManager.getConnection(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "");
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE " + schema + ".treasury_receipt SET time_millis = 4001 WHERE id = 4");
        }
        assertThat(verify()).isEqualTo(VerifyLedgerCommand.BROKEN);
        assertThat(out.toString())
                .contains("BROKEN: treasury_receipt 4: entry_hash is")
                .contains("|4001|");
    }
}
