package org.sovereignpool.config;

import java.io.Serial;
import java.util.List;
import java.util.Objects;

/**
 * A configuration could not be loaded. Holds every problem found, not just the first; the message is
 * one header line naming the source followed by one line per {@link ConfigError}.
 */
public final class ConfigException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<ConfigError> errors;

    public ConfigException(String source, List<ConfigError> errors) {
        super(render(source, errors));
        this.source = Objects.requireNonNull(source, "source");
        this.errors = List.copyOf(errors);
        if (this.errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
    }

    /** The file or other source the configuration came from. */
    public String source() {
        return source;
    }

    /** Every problem found, in document order as far as possible; never empty. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String render(String source, List<ConfigError> errors) {
        StringBuilder sb = new StringBuilder();
        sb.append(source)
                .append(": invalid configuration (")
                .append(errors.size())
                .append(errors.size() == 1 ? " error)" : " errors)");
        for (ConfigError e : errors) {
            sb.append('\n').append(e);
        }
        return sb.toString();
    }
}
