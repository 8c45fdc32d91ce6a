package org.sovereignpool.loadtest;

import java.time.Duration;
import java.util.Objects;

/**
 * How the load client connects: where, as whom, how many connections and how fast they are opened.
 *
 * @param host pool host
 * @param port pool port
 * @param userTemplate the user each connection authorizes as; {@code {i}} is replaced by the connection's number
 *     (1..N)
 * @param password sent with mining.authorize
 * @param connections how many connections
 * @param connectRate connections opened per second
 * @param handshakeTimeout how long a connection may take from connect to its first job
 * @param threads event loop threads
 * @param transport epoll or NIO
 */
record ClientSettings(
        String host,
        int port,
        String userTemplate,
        String password,
        int connections,
        int connectRate,
        Duration handshakeTimeout,
        int threads,
        Transport transport) {
    static final String USER_AGENT = "sovereign-loadtest/0.1";

    ClientSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(userTemplate, "userTemplate");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(transport, "transport");
        if (port < 1 || port > 65535) {
            throw LoadtestException.option("--port must be 1..65535, got " + port);
        }
        if (connections < 1) {
            throw LoadtestException.option("--connections must be at least 1, got " + connections);
        }
        if (connectRate < 1) {
            throw LoadtestException.option("--connect-rate must be at least 1 per second, got " + connectRate);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw LoadtestException.option("--handshake-timeout must be more than 0 seconds");
        }
        if (threads < 1) {
            throw LoadtestException.option("--threads must be at least 1, got " + threads);
        }
        if (userTemplate.isBlank()) {
            throw LoadtestException.option("--user must not be empty");
        }
    }

    /** The user of connection {@code number} (1-based). */
    String user(int number) {
        return userTemplate.replace("{i}", Integer.toString(number));
    }

    String target() {
        return host + ":" + port;
    }
}
