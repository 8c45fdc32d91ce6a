package org.sovereignpool.ledger;

import java.nio.file.Path;
import java.util.Optional;
import org.sovereignpool.config.ConfigLoader;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.LedgerConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where a ledger command finds the database: a configuration file, the demo configuration, or a JDBC URL. */
public final class LedgerConnectionOptions {
    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(
                names = {"-c", "--config"},
                paramLabel = "FILE",
                description = "the pool's YAML configuration")
        Path config;

        @Option(names = "--demo", description = "the built-in demo configuration")
        boolean demo;

        @Option(names = "--jdbc-url", paramLabel = "URL", description = "jdbc:h2:... or jdbc:postgresql:...")
        String jdbcUrl;
    }

    @Option(names = "--user", description = "database user (with --jdbc-url; default ${DEFAULT-VALUE})")
    String user = "sa";

    @Option(
            names = "--password",
            description = "database password (with --jdbc-url)",
            arity = "0..1",
            interactive = true)
    String password = "";

    @Option(names = "--schema", description = "database schema (PostgreSQL; default: the user's search path)")
    String schema;

    private PoolConfig loaded;

    /**
     * The pool configuration given ({@code --config} or {@code --demo}), loaded once; empty with {@code --jdbc-url}.
     * Throws ConfigException for a bad config file.
     */
    public Optional<PoolConfig> config() {
        if (source.jdbcUrl != null) {
            return Optional.empty();
        }
        if (loaded == null) {
            loaded = source.demo ? DemoConfig.load() : ConfigLoader.load(source.config);
        }
        return Optional.of(loaded);
    }

    /** Opens the store (and migrates it); throws ConfigException for a bad config file. */
    public JdbcLedgerStore open() {
        if (source.jdbcUrl != null) {
            return JdbcLedgerStore.open(source.jdbcUrl, user, password, schema);
        }
        LedgerConfig l = config().orElseThrow().ledger();
        return JdbcLedgerStore.open(l.jdbcUrl(), l.user(), l.password(), schema);
    }
}
