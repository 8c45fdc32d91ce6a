package org.sovereignpool.testing.pool;

import java.nio.file.Path;
import java.util.List;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.LedgerConfig;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.config.PayoutConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.PoolIdentity;

/** The demo configuration with the parts a ledger test varies: node id, ledger database, payout, operators. */
public final class TestConfigs {
    private TestConfigs() {}

    /** The demo configuration as node {@code nodeId}, its journal under {@code dir}, its ledger at {@code jdbcUrl}. */
    public static PoolConfig node(int nodeId, Path dir, String jdbcUrl, String user) {
        PoolConfig c = DemoConfig.load();
        LedgerConfig l = c.ledger();
        return new PoolConfig(
                c.network(),
                c.treasury(),
                new PoolIdentity(c.pool().tag(), nodeId),
                c.stratum(),
                c.difficulty(),
                c.nodes(),
                new LedgerConfig(jdbcUrl, user, "", dir.resolve("journal"), l.fsyncIntervalMillis()),
                c.http(),
                c.operators(),
                c.payout(),
                c.power());
    }

    /** The demo configuration as node {@code nodeId} with an H2 ledger under {@code dir}. */
    public static PoolConfig h2Node(int nodeId, Path dir) {
        return node(nodeId, dir, "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath(), "sa");
    }

    /** The same configuration with {@code ledger.nodeLeaseSeconds} set. */
    public static PoolConfig withNodeLease(PoolConfig c, int seconds) {
        LedgerConfig l = c.ledger();
        return new PoolConfig(
                c.network(),
                c.treasury(),
                c.pool(),
                c.stratum(),
                c.difficulty(),
                c.nodes(),
                new LedgerConfig(l.jdbcUrl(), l.user(), l.password(), l.journalDir(), l.fsyncIntervalMillis(), seconds),
                c.http(),
                c.operators(),
                c.payout(),
                c.power());
    }

    public static PoolConfig withPayout(PoolConfig c, PayoutConfig payout) {
        return new PoolConfig(
                c.network(),
                c.treasury(),
                c.pool(),
                c.stratum(),
                c.difficulty(),
                c.nodes(),
                c.ledger(),
                c.http(),
                c.operators(),
                payout,
                c.power());
    }

    public static PoolConfig withOperators(PoolConfig c, List<OperatorConfig> operators) {
        return new PoolConfig(
                c.network(),
                c.treasury(),
                c.pool(),
                c.stratum(),
                c.difficulty(),
                c.nodes(),
                c.ledger(),
                c.http(),
                operators,
                c.payout(),
                c.power());
    }
}
