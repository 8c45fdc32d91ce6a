package org.sovereignpool.stratum.limit;

import java.net.InetAddress;
import java.util.List;

/**
 * The banned addresses the Stratum port refuses at accept. Addresses are {@link AddressKey} keys. Implementations are
 * thread-safe; {@link #isBanned} is called for every accepted connection, so it must be cheap. This node keeps its
 * bans in memory ({@link MemoryBanList}); a cluster console may implement the same interface over the ledger
 * database to list and lift the bans of every node.
 */
public interface BanList {
    /** True while {@code key} is banned at {@code nowMillis}. */
    boolean isBanned(InetAddress key, long nowMillis);

    /** Bans {@code key} until {@code untilMillis} (extends a shorter ban). */
    void ban(InetAddress key, String reason, long nowMillis, long untilMillis);

    /** Lifts the ban on {@code key}; false when it was not banned. */
    boolean lift(InetAddress key);

    /** The bans in force at {@code nowMillis}, oldest first. */
    List<Ban> active(long nowMillis);
}
