package org.sovereignpool.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Stratum V1 server.
 *
 * @param listeners at least one; ports unique per host
 * @param extranonce2Size 2..8 bytes
 * @param maxLineBytes 256..1048576; a longer line closes the connection
 * @param maxConnectionsPerIp connections at once from one address outside {@code sites} (an IPv6 /64 counts as one
 *     address); 0 = unlimited
 * @param authorizeTimeoutSeconds 1..3600
 * @param idleTimeoutSeconds 10..86400: a miner that sends nothing for this long is closed
 * @param jobRefreshSeconds 1..60: a fresh job at least this often
 * @param maxMalformedLines 1..1000 per connection, then it is closed
 * @param limits connection caps, rate limit, write buffers ({@link StratumLimits})
 * @param bans when an address is banned ({@link BanConfig})
 * @param sites mining sites behind NAT with their own connection caps; ranges must not overlap
 */
public record StratumConfig(
        List<ListenerConfig> listeners,
        int extranonce2Size,
        int maxLineBytes,
        int maxConnectionsPerIp,
        int authorizeTimeoutSeconds,
        int idleTimeoutSeconds,
        int jobRefreshSeconds,
        int maxMalformedLines,
        StratumLimits limits,
        BanConfig bans,
        List<SiteConfig> sites) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 3333;
    /** Generous for a rig or a small proxy; a site behind one NAT address gets its own cap in {@code sites}. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 64;

    public StratumConfig {
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("at least one listener is required");
        }
        Set<String> seen = new HashSet<>();
        for (ListenerConfig l : listeners) {
            if (!seen.add(l.host() + " " + l.port())) {
                throw new IllegalArgumentException("duplicate listener " + l.host() + ":" + l.port());
            }
        }
        Require.range(extranonce2Size, 2, 8, "extranonce2Size");
        Require.range(maxLineBytes, 256, 1_048_576, "maxLineBytes");
        Require.range(maxConnectionsPerIp, 0, Integer.MAX_VALUE, "maxConnectionsPerIp");
        Require.range(authorizeTimeoutSeconds, 1, 3600, "authorizeTimeoutSeconds");
        Require.range(idleTimeoutSeconds, 10, 86_400, "idleTimeoutSeconds");
        Require.range(jobRefreshSeconds, 1, 60, "jobRefreshSeconds");
        Require.range(maxMalformedLines, 1, 1000, "maxMalformedLines");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(bans, "bans");
        sites = List.copyOf(sites);
        for (int i = 0; i < sites.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (sites.get(i).cidr().overlaps(sites.get(j).cidr())) {
                    throw new IllegalArgumentException("sites " + sites.get(j).name() + " and "
                            + sites.get(i).name() + " overlap");
                }
            }
        }
    }

    /** With the default limits and bans and no sites. */
    public StratumConfig(
            List<ListenerConfig> listeners,
            int extranonce2Size,
            int maxLineBytes,
            int maxConnectionsPerIp,
            int authorizeTimeoutSeconds,
            int idleTimeoutSeconds,
            int jobRefreshSeconds,
            int maxMalformedLines) {
        this(
                listeners,
                extranonce2Size,
                maxLineBytes,
                maxConnectionsPerIp,
                authorizeTimeoutSeconds,
                idleTimeoutSeconds,
                jobRefreshSeconds,
                maxMalformedLines,
                StratumLimits.DEFAULTS,
                BanConfig.DEFAULTS,
                List.of());
    }

    public Duration authorizeTimeout() {
        return Duration.ofSeconds(authorizeTimeoutSeconds);
    }

    public Duration idleTimeout() {
        return Duration.ofSeconds(idleTimeoutSeconds);
    }

    public Duration jobRefresh() {
        return Duration.ofSeconds(jobRefreshSeconds);
    }

    /** True when connections per IP are not limited. */
    public boolean unlimitedConnectionsPerIp() {
        return maxConnectionsPerIp == 0;
    }
}
