package org.sovereignpool.ledger.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Test databases: an H2 file in a directory, or a fresh schema in PostgreSQL's database {@code test}. */
public final class LedgerTestDatabases {
    public static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String PG_USER = "postgres";

    private LedgerTestDatabases() {}

    public static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath() + ";MODE=PostgreSQL";
    }

    /** A schema name no other run uses. */
    public static String freshSchema(String prefix) {
        return (prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 4)).toLowerCase(Locale.ROOT);
    }

    public static void dropSchema(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, "");
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** Deletes every row and resets the receipt head (the schema stays). */
    public static void wipe(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String t : new String[] {
                "journal_progress",
                "share_agg",
                "found_block",
                "credit",
                "pps_accrual",
                "treasury_receipt",
                "node_lease",
                "node_event",
                "credit_history"
            }) {
                s.executeUpdate("DELETE FROM " + t);
            }
            s.executeUpdate("UPDATE receipt_head SET last_id = 0, last_hash = '" + "0".repeat(64) + "'");
        }
    }
}
