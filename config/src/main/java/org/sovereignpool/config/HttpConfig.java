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
 * @param maxConnections 1..100,000 connections at once; more are closed at accept
 * @param idleTimeoutSeconds 1..3600: a connection with no request and no response in progress for this long is closed
 * @param headerTimeoutSeconds 1..600: a request must arrive whole (headers and its small body) within this long of its
 *     first byte
 * @param maxPipelinedRequests 1..1024 requests in progress per connection; the server stops reading past it
 */
public record HttpConfig(
        String host,
        int port,
        Optional<String> adminToken,
        int maxConnections,
        int idleTimeoutSeconds,
        int headerTimeoutSeconds,
        int maxPipelinedRequests) {
    public static final int MIN_ADMIN_TOKEN_LENGTH = 16;
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_HEADER_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_MAX_PIPELINED_REQUESTS = 16;

    public HttpConfig {
        Require.nonBlank(host, "host");
        Require.range(port, 1, 65535, "port");
        Objects.requireNonNull(adminToken, "adminToken");
        adminToken.ifPresent(t -> {
            if (t.length() < MIN_ADMIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("adminToken must be at least 16 characters");
            }
        });
        Require.range(maxConnections, 1, 100_000, "maxConnections");
        Require.range(idleTimeoutSeconds, 1, 3600, "idleTimeoutSeconds");
        Require.range(headerTimeoutSeconds, 1, 600, "headerTimeoutSeconds");
        Require.range(maxPipelinedRequests, 1, 1024, "maxPipelinedRequests");
    }

    /** With the default connection cap, timeouts and pipelining bound. */
    public HttpConfig(String host, int port, Optional<String> adminToken) {
        this(
                host,
                port,
                adminToken,
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_IDLE_TIMEOUT_SECONDS,
                DEFAULT_HEADER_TIMEOUT_SECONDS,
                DEFAULT_MAX_PIPELINED_REQUESTS);
    }

    @Override
    public String toString() {
        return "HttpConfig[host=" + host + ", port=" + port + ", adminToken="
                + (adminToken.isPresent() ? "***" : "none") + ", maxConnections=" + maxConnections
                + ", idleTimeoutSeconds=" + idleTimeoutSeconds + ", headerTimeoutSeconds=" + headerTimeoutSeconds
                + ", maxPipelinedRequests=" + maxPipelinedRequests + "]";
    }
}
