package org.sovereignpool.stratum;

import java.util.List;
import org.sovereignpool.stratum.limit.Ban;

/**
 * What the admin API may do to the Stratum side: list and lift bans, and move miners to new extranonce1 values. The
 * server implements it for its own node; a cluster console could implement it over the database. Thread-safe.
 */
public interface StratumAdmin {
    /** The bans in force, oldest first. */
    List<Ban> bans();

    /**
     * Lifts the ban on {@code address} (an IPv4 address, or an IPv6 address or /64 as {@link #bans()} shows it);
     * false when it was not banned. Throws IllegalArgumentException when it is not an address.
     */
    boolean liftBan(String address);

    /**
     * Sends {@code mining.set_extranonce} with a fresh extranonce1, then the current job, to every miner that
     * subscribed to it; returns how many got it.
     */
    int changeExtranonce();
}
