package org.sovereignpool.loadtest;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every mode shares: where the pool is, as whom to connect, how many connections and how fast. */
final class ConnectionOptions {
    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "pool host (default: ${DEFAULT-VALUE}). Load only pools you run or may test.")
    String host;

    @Option(names = "--port", defaultValue = "3333", description = "pool Stratum port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = {"-c", "--connections"},
            defaultValue = "50",
            description = "connections to open (default: ${DEFAULT-VALUE}); each needs an open file here and on the"
                    + " pool's host")
    int connections;

    @Option(
            names = "--user",
            defaultValue = "demo.load-{i}",
            description = "user each connection authorizes as; {i} becomes the connection's number 1..N (default:"
                    + " ${DEFAULT-VALUE}; for ckpool e.g. <address>.load-{i})")
    String user;

    @Option(names = "--password", defaultValue = "x", description = "password sent with mining.authorize")
    String password;

    @Option(
            names = "--connect-rate",
            defaultValue = "2000",
            description = "connections opened per second (default: ${DEFAULT-VALUE})")
    int connectRate;

    @Option(
            names = "--handshake-timeout",
            defaultValue = "30",
            description = "seconds a connection may take from connect to its first job (subscribe, authorize,"
                    + " mining.notify) before it counts as failed (default: ${DEFAULT-VALUE})")
    double handshakeTimeoutSeconds;

    @Option(names = "--threads", description = "event loop threads (default: the number of processors)")
    Integer threads;

    @Option(
            names = "--transport",
            defaultValue = "auto",
            description = "auto (epoll when available, else NIO), epoll or nio (default: ${DEFAULT-VALUE})")
    String transport;

    @Option(names = "--json", description = "print the report as JSON (progress lines go to stderr)")
    boolean json;

    ClientSettings settings() {
        Transport t;
        try {
            t = Transport.valueOf(transport.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw LoadtestException.option("--transport must be auto, epoll or nio, got '" + transport + "'");
        }
        return new ClientSettings(
                host,
                port,
                user,
                password,
                connections,
                connectRate,
                seconds("--handshake-timeout", handshakeTimeoutSeconds),
                threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                t);
    }

    /** Seconds given on the command line as a duration; a clear error naming the option when not a number ≥ 0. */
    static Duration seconds(String option, double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds < 0 || seconds > 1e7) {
            throw LoadtestException.option(
                    option + " must be a number of seconds from 0 to 10,000,000, got " + seconds);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
