package org.sovereignpool.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where credits and the share journal are kept.
 *
 * @param jdbcUrl {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
 * @param user database user
 * @param password database password (not shown by {@link #toString()})
 * @param journalDir directory of the local append-only share journal
 * @param fsyncIntervalMillis 1..1000: the journal's group-fsync interval
 * @param nodeLeaseSeconds 3..600: how long a pool node's identity lease in the ledger lasts without a heartbeat
 *     (heartbeats every third of it); a node whose lease expired is declared down and blocks are credited without
 *     its unapplied shares (recredited when they come)
 */
public record LedgerConfig(
        String jdbcUrl, String user, String password, Path journalDir, int fsyncIntervalMillis, int nodeLeaseSeconds) {
    public static final String DEFAULT_JDBC_URL = "jdbc:h2:file:./data/ledger";
    public static final String DEFAULT_JOURNAL_DIR = "./data/journal";
    public static final int DEFAULT_NODE_LEASE_SECONDS = 30;

    /** With the default node lease. */
    public LedgerConfig(String jdbcUrl, String user, String password, Path journalDir, int fsyncIntervalMillis) {
        this(jdbcUrl, user, password, journalDir, fsyncIntervalMillis, DEFAULT_NODE_LEASE_SECONDS);
    }

    public LedgerConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!isSupportedJdbcUrl(jdbcUrl)) {
            throw new IllegalArgumentException("jdbcUrl must start with jdbc:h2: or jdbc:postgresql:, got " + jdbcUrl);
        }
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(journalDir, "journalDir");
        Require.range(fsyncIntervalMillis, 1, 1000, "fsyncIntervalMillis");
        Require.range(nodeLeaseSeconds, 3, 600, "nodeLeaseSeconds");
    }

    /** True for an embedded H2 database, false for PostgreSQL. */
    public boolean isH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    static boolean isSupportedJdbcUrl(String url) {
        return url.startsWith("jdbc:h2:") || url.startsWith("jdbc:postgresql:");
    }

    @Override
    public String toString() {
        return "LedgerConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***, journalDir=" + journalDir
                + ", fsyncIntervalMillis=" + fsyncIntervalMillis + ", nodeLeaseSeconds=" + nodeLeaseSeconds + "]";
    }
}
