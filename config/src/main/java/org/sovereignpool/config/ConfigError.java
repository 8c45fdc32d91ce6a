package org.sovereignpool.config;

import java.util.Objects;

/**
 * One problem found in a configuration file.
 *
 * @param path the key path, e.g. {@code stratum.listeners[0].port}; empty for a problem with the
 *     whole document (syntax error, empty file, unreadable file)
 * @param message what is wrong, e.g. {@code must be 1..65535, got 70000}
 */
public record ConfigError(String path, String message) {
    public ConfigError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code path: message}, or just the message when the path is empty. */
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
