/**
 * Typed, immutable, validated pool configuration.
 *
 * <p>{@link org.sovereignpool.config.ConfigLoader#load(java.nio.file.Path)} and {@link
 * org.sovereignpool.config.ConfigLoader#parse(String, String)} read YAML into a {@link
 * org.sovereignpool.config.PoolConfig} record tree; {@link org.sovereignpool.config.DemoConfig#load()} gives
 * the built-in demo (regtest, simulated chain). Keys are camelCase; unknown keys are errors (with the
 * closest valid key suggested); numbers must be written as numbers and integers as integers. Every problem
 * in a file is reported at once in a {@link org.sovereignpool.config.ConfigException}, one {@link
 * org.sovereignpool.config.ConfigError} per problem, each naming its key path, e.g. {@code
 * stratum.listeners[0].port: must be 1..65535, got 70000}.
 *
 * <p>The records also check their invariants when built in code (throwing {@link
 * IllegalArgumentException}); lists are unmodifiable copies; secrets (RPC and database passwords, the admin
 * token) are left out of {@code toString()}. Checks that need the outside world (files exist, nodes answer,
 * at least one node for a real run) belong to the server, not here.
 */
package org.sovereignpool.config;
