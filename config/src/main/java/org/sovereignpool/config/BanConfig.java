package org.sovereignpool.config;

/**
 * When an address is banned from the Stratum port: it sent past one of the thresholds within {@code windowSeconds}
 * (invalid shares with no accepted share in between, malformed lines, submits for workers it did not authorize,
 * connections refused for being over its cap). A banned address is refused at accept for {@code seconds}. Addresses
 * inside {@code stratum.sites} are never banned; their offending connection is closed instead.
 *
 * @param seconds 0..604800; how long a ban lasts; 0 turns bans off (offending connections are still closed)
 * @param windowSeconds 1..86400; offences older than this are forgotten
 * @param invalidShares 1..1,000,000 invalid shares (not stale ones) from the address with none accepted in between
 * @param malformedLines 1..1,000,000 malformed lines, bad parameters and rate-limit breaches
 * @param unauthorizedSubmits 1..1,000,000 submits for a worker the connection did not authorize (or before subscribe)
 * @param refusedConnections 1..1,000,000 connections refused for being over the address's cap
 */
public record BanConfig(
        int seconds,
        int windowSeconds,
        int invalidShares,
        int malformedLines,
        int unauthorizedSubmits,
        int refusedConnections) {
    public static final int MAX_THRESHOLD = 1_000_000;
    public static final BanConfig DEFAULTS = new BanConfig(600, 600, 500, 50, 100, 1000);

    public BanConfig {
        Require.range(seconds, 0, 604_800, "seconds");
        Require.range(windowSeconds, 1, 86_400, "windowSeconds");
        Require.range(invalidShares, 1, MAX_THRESHOLD, "invalidShares");
        Require.range(malformedLines, 1, MAX_THRESHOLD, "malformedLines");
        Require.range(unauthorizedSubmits, 1, MAX_THRESHOLD, "unauthorizedSubmits");
        Require.range(refusedConnections, 1, MAX_THRESHOLD, "refusedConnections");
    }

    public boolean enabled() {
        return seconds > 0;
    }
}
