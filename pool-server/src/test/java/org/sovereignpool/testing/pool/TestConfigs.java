package org.sovereignpool.testing.pool;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.sovereignpool.app.PoolRuntime;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.LedgerConfig;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.config.PayoutConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.PoolIdentity;
import org.sovereignpool.stratum.Listener;

/** The demo configuration with the parts a ledger test varies: node id, ledger database, payout, operators. */
public final class TestConfigs {
    private TestConfigs() {}

    private static PoolConfig copy(
            PoolConfig c, PoolIdentity pool, LedgerConfig ledger, List<OperatorConfig> operators, PayoutConfig payout) {
        return new PoolConfig(
                c.network(),
                c.treasury(),
                pool,
                c.stratum(),
                c.difficulty(),
                c.nodes(),
                ledger,
                c.http(),
                operators,
                payout,
                c.power(),
                c.energy());
    }

    /** The demo configuration as node {@code nodeId}, its journal under {@code dir}, its ledger at {@code jdbcUrl}. */
    public static PoolConfig node(int nodeId, Path dir, String jdbcUrl, String user) {
        PoolConfig c = DemoConfig.load();
        return copy(
                c,
                new PoolIdentity(c.pool().tag(), nodeId),
                new LedgerConfig(
                        jdbcUrl, user, "", dir.resolve("journal"), c.ledger().fsyncIntervalMillis()),
                c.operators(),
                c.payout());
    }

    /** The demo configuration as node {@code nodeId} with an H2 ledger under {@code dir}. */
    public static PoolConfig h2Node(int nodeId, Path dir) {
        return node(nodeId, dir, "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath(), "sa");
    }

    /** The same configuration with {@code ledger.nodeLeaseSeconds} set. */
    public static PoolConfig withNodeLease(PoolConfig c, int seconds) {
        LedgerConfig l = c.ledger();
        return copy(
                c,
                c.pool(),
                new LedgerConfig(l.jdbcUrl(), l.user(), l.password(), l.journalDir(), l.fsyncIntervalMillis(), seconds),
                c.operators(),
                c.payout());
    }

    public static PoolConfig withPayout(PoolConfig c, PayoutConfig payout) {
        return copy(c, c.pool(), c.ledger(), c.operators(), payout);
    }

    public static PoolConfig withOperators(PoolConfig c, List<OperatorConfig> operators) {
        return copy(c, c.pool(), c.ledger(), operators, c.payout());
    }

    /** Runtime options for a test: Stratum and HTTP on ephemeral loopback ports, shares at {@code difficulty}. */
    public static PoolRuntime.Options options(PoolConfig config, double difficulty) {
        return PoolRuntime.Options.defaults(config)
                .withListeners(List.of(Listener.plain("127.0.0.1", 0).withDifficulty(difficulty)))
                .withHttp(new InetSocketAddress("127.0.0.1", 0));
    }
}
