package org.sovereignpool.config;

import java.util.Objects;

/**
 * A mining site behind one NAT (or a range of addresses): its connections count together against their own cap
 * instead of the per-address cap, and the range is never banned as a whole (a misbehaving connection from it is
 * closed instead).
 *
 * @param name a label for logs and metrics (default: the range)
 * @param cidr the site's public address or range
 * @param maxConnections 1..10,000,000 connections from the whole range at once
 */
public record SiteConfig(String name, Cidr cidr, int maxConnections) {
    public static final int MAX_CONNECTIONS = 10_000_000;

    public SiteConfig {
        Require.nonBlank(name, "name");
        Objects.requireNonNull(cidr, "cidr");
        Require.range(maxConnections, 1, MAX_CONNECTIONS, "maxConnections");
    }
}
