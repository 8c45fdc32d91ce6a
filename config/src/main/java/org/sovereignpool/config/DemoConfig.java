package org.sovereignpool.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The built-in demo configuration: regtest, a simulated chain (no nodes), local H2 ledger. */
public final class DemoConfig {
    /** The classpath resource holding the demo YAML. */
    public static final String RESOURCE = "/org/sovereignpool/config/demo.yaml";

    private DemoConfig() {}

    /** The demo configuration, parsed and validated like any file. */
    public static PoolConfig load() {
        return ConfigLoader.parse(yaml(), "<demo> " + RESOURCE);
    }

    /** The demo YAML text, e.g. to write out as a starting point. */
    public static String yaml() {
        try (InputStream in = DemoConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("demo configuration missing from the classpath: " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
