package org.sovereignpool.config;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One Stratum listening socket.
 *
 * @param host IPv4/IPv6 literal or host name to bind
 * @param port 1..65535
 * @param difficulty starting difficulty for miners on this listener, when it differs from {@code
 *     difficulty.initial}
 * @param tls TLS settings, when the listener speaks TLS
 */
public record ListenerConfig(String host, int port, OptionalDouble difficulty, Optional<TlsConfig> tls) {
    public ListenerConfig {
        Require.nonBlank(host, "host");
        Require.range(port, 1, 65535, "port");
        Objects.requireNonNull(difficulty, "difficulty");
        Objects.requireNonNull(tls, "tls");
        difficulty.ifPresent(d -> Require.positive(d, "difficulty"));
    }

    /** A plain listener with no difficulty override and no TLS. */
    public static ListenerConfig plain(String host, int port) {
        return new ListenerConfig(host, port, OptionalDouble.empty(), Optional.empty());
    }
}
