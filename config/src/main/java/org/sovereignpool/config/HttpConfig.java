package org.sovereignpool.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP server (metrics, JSON API, dashboard).
 *
 * @param host address to bind
 * @param port 1..65535
 * @param adminToken bearer token for the admin endpoints, at least 16 characters, when configured (not
 *     shown by {@link #toString()})
 */
public record HttpConfig(String host, int port, Optional<String> adminToken) {
    public static final int MIN_ADMIN_TOKEN_LENGTH = 16;

    public HttpConfig {
        Require.nonBlank(host, "host");
        Require.range(port, 1, 65535, "port");
        Objects.requireNonNull(adminToken, "adminToken");
        adminToken.ifPresent(t -> {
            if (t.length() < MIN_ADMIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("adminToken must be at least 16 characters");
            }
        });
    }

    @Override
    public String toString() {
        return "HttpConfig[host=" + host + ", port=" + port + ", adminToken="
                + (adminToken.isPresent() ? "***" : "none") + "]";
    }
}
