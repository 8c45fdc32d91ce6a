package org.sovereignpool.stratum;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.sovereignpool.config.ListenerConfig;
import org.sovereignpool.config.TlsConfig;

/**
 * One socket to listen on. Like {@link ListenerConfig} but port 0 (an ephemeral port) is allowed, for tests and
 * tools.
 */
public record Listener(String host, int port, OptionalDouble difficulty, Optional<TlsConfig> tls) {
    public Listener {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(difficulty, "difficulty");
        Objects.requireNonNull(tls, "tls");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
    }

    public static Listener of(ListenerConfig c) {
        return new Listener(c.host(), c.port(), c.difficulty(), c.tls());
    }

    /** A plain listener with the configured initial difficulty. */
    public static Listener plain(String host, int port) {
        return new Listener(host, port, OptionalDouble.empty(), Optional.empty());
    }

    public Listener withDifficulty(double d) {
        return new Listener(host, port, OptionalDouble.of(d), tls);
    }
}
