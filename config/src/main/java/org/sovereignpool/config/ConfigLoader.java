package org.sovereignpool.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Loads a {@link PoolConfig} from YAML. Every key is checked; all problems are collected and thrown
 * together as one {@link ConfigException} whose errors name the key path.
 */
public final class ConfigLoader {
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigLoader() {}

    /**
     * Reads and validates a configuration file (UTF-8).
     *
     * @throws ConfigException when the file cannot be read or the configuration is invalid
     */
    public static PoolConfig load(Path file) {
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        String yaml;
        try {
            byte[] bytes = Files.readAllBytes(file);
            yaml = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (NoSuchFileException e) {
            throw fileError(source, "cannot read config file " + source + ": no such file");
        } catch (AccessDeniedException e) {
            throw fileError(source, "cannot read config file " + source + ": permission denied");
        } catch (CharacterCodingException e) {
            throw fileError(source, "cannot read config file " + source + ": not valid UTF-8");
        } catch (IOException e) {
            String reason = Files.isDirectory(file) ? "it is a directory" : String.valueOf(e.getMessage());
            throw fileError(source, "cannot read config file " + source + ": " + reason);
        }
        return parse(yaml, source);
    }

    /**
     * Parses and validates configuration text.
     *
     * @param sourceName names the text in messages, e.g. a file name or {@code "<demo>"}
     * @throws ConfigException when the configuration is invalid
     */
    public static PoolConfig parse(String yaml, String sourceName) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(yaml)) {
            root = MAPPER.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw fileError(
                        sourceName,
                        "the file holds more than one YAML document (a second '---'); put the whole configuration"
                                + " in one");
            }
        } catch (JsonProcessingException e) {
            throw fileError(sourceName, syntaxMessage(e));
        } catch (IOException e) {
            throw fileError(sourceName, "cannot parse YAML: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw fileError(
                    sourceName, "the configuration is empty (at least network, treasury and operators are required)");
        }
        if (!root.isObject()) {
            throw fileError(sourceName, "the document must be a map of keys, got " + MapReader.describe(root));
        }
        Errors errors = new Errors();
        PoolConfig config;
        try {
            config = new ConfigBinder(errors).bind(root);
        } catch (IllegalArgumentException e) {
            // A record refused a value the binder let through: still a configuration error, not a crash.
            errors.add("", String.valueOf(e.getMessage()));
            config = null;
        }
        if (errors.count() > 0 || config == null) {
            throw new ConfigException(sourceName, errors.all());
        }
        return config;
    }

    private static ConfigException fileError(String source, String message) {
        return new ConfigException(source, List.of(new ConfigError("", message)));
    }

    /** {@code YAML syntax error at line L, column C: what}, without SnakeYAML's source excerpts. */
    static String syntaxMessage(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String what = original.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::strip)
                .collect(Collectors.joining("; "));
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 0
                ? ""
                : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return "YAML syntax error" + where + (what.isEmpty() ? "" : ": " + what);
    }
}
