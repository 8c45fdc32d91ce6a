package org.sovereignpool.share.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** Reads the recorded fixtures in src/test/resources/fixtures (see the README there for their sources). */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            return Objects.requireNonNull(in, "missing fixture " + name).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public static JsonNode json(String name) {
        try {
            return JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON message on a line of the cpuminer session log (1-based line number), after "> " or "< ". */
    public static JsonNode stratumLogLine(int lineNumber) {
        List<String> lines = text("cpuminer-session.log").lines().toList();
        String line = lines.get(lineNumber - 1);
        int start = line.indexOf('{');
        try {
            return JSON.readTree(line.substring(start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The params of the mining.notify in the session log that carries {@code jobId}. */
    public static JsonNode notifyParams(String jobId) {
        for (String line : text("cpuminer-session.log").lines().toList()) {
            if (line.contains("\"mining.notify\"") && line.contains("\"" + jobId + "\"")) {
                try {
                    return JSON.readTree(line.substring(line.indexOf('{'))).get("params");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalArgumentException("no notify for job " + jobId);
    }
}
