package org.sovereignpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the keys of one YAML map, reporting every problem with its key path to an {@link Errors}.
 * The keys valid at this level are declared up front; any other key is reported (with the closest
 * valid key as a suggestion) as soon as the reader is made. Each typed getter returns {@code null} when
 * it reported an error, or when an optional key without default is absent.
 */
final class MapReader {
    private static final int MAX_SHOWN_LENGTH = 60;

    private final JsonNode node;
    private final String path;
    private final Errors errors;
    private final Set<String> keys;

    private MapReader(JsonNode node, String path, Errors errors, Set<String> keys) {
        this.node = node;
        this.path = path;
        this.errors = errors;
        this.keys = keys;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                String suggestion = KeySuggestions.closest(key, keys)
                        .map(k -> "unknown key; did you mean '" + k + "'?")
                        .orElseGet(() -> "unknown key; valid keys here: " + String.join(", ", keys));
                errors.add(Errors.child(path, key), suggestion);
            }
        }
    }

    /**
     * A reader over {@code node}, which must be a map; reports a wrong type at {@code path} and returns
     * {@code null} otherwise. {@code keys} are the valid keys, in the order they are documented.
     */
    static MapReader of(JsonNode node, String path, Errors errors, Set<String> keys) {
        if (!node.isObject()) {
            errors.add(path, "must be a map, got " + describe(node));
            return null;
        }
        return new MapReader(node, path, errors, keys);
    }

    String path() {
        return path;
    }

    Errors errors() {
        return errors;
    }

    String path(String key) {
        return Errors.child(path, key);
    }

    /** The value under {@code key}, or {@code null} when absent or written as an explicit null. */
    JsonNode get(String key) {
        if (!keys.contains(key)) {
            throw new IllegalStateException("undeclared key " + key + " at " + path);
        }
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String key) {
        return get(key) != null;
    }

    /** Reports a missing required key. */
    void missing(String key) {
        errors.add(path(key), node.has(key) ? "required key has no value" : "required key is missing");
    }

    void error(String key, String message) {
        errors.add(path(key), message);
    }

    /** A nested map; an empty one when absent (so its defaults apply); {@code null} on a wrong type. */
    MapReader mapOrEmpty(String key, Set<String> childKeys) {
        JsonNode v = get(key);
        if (v == null) {
            return new MapReader(JsonNodeFactory.instance.objectNode(), path(key), errors, childKeys);
        }
        return of(v, path(key), errors, childKeys);
    }

    /** A nested map that must be present; {@code null} (error reported) when absent or not a map. */
    MapReader requiredMap(String key, Set<String> childKeys) {
        JsonNode v = get(key);
        if (v == null) {
            missing(key);
            return null;
        }
        return of(v, path(key), errors, childKeys);
    }

    /**
     * The elements of a list; {@code absent} when the key is absent, {@code null} on a wrong type.
     */
    List<JsonNode> list(String key, List<JsonNode> absent) {
        JsonNode v = get(key);
        if (v == null) {
            return absent;
        }
        if (!v.isArray()) {
            error(key, "must be a list, got " + describe(v));
            return null;
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** A string; {@code dflt} when absent (a missing-key error when {@code dflt} is null and required). */
    String string(String key, String dflt, boolean required) {
        JsonNode v = get(key);
        if (v == null) {
            if (required) {
                missing(key);
            }
            return dflt;
        }
        if (!v.isTextual()) {
            error(key, "must be a string, got " + describe(v));
            return null;
        }
        return v.textValue();
    }

    String requiredString(String key) {
        return string(key, null, true);
    }

    /** A non-blank string that must be present. */
    String requiredNonBlank(String key) {
        String s = requiredString(key);
        if (s != null && s.isBlank()) {
            error(key, "must not be blank");
            return null;
        }
        return s;
    }

    Optional<String> optionalString(String key) {
        return Optional.ofNullable(string(key, null, false));
    }

    /**
     * An integer within {@code min..max}; {@code dflt} when absent ({@code null} dflt: required). A
     * number with a fraction or a quoted number is a wrong type.
     */
    Integer integer(String key, int min, int max, Integer dflt) {
        JsonNode v = get(key);
        if (v == null) {
            if (dflt == null) {
                missing(key);
            }
            return dflt;
        }
        if (!v.isIntegralNumber()) {
            error(key, "must be an integer, got " + describe(v));
            return null;
        }
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            error(key, "must be " + rangeText(min, max) + ", got " + v.asText());
            return null;
        }
        return v.intValue();
    }

    /** A finite number (integer or fractional) {@code > 0}, and {@code <= max}; dflt as in {@link #integer}. */
    Double positive(String key, double max, Double dflt) {
        JsonNode v = get(key);
        if (v == null) {
            if (dflt == null) {
                missing(key);
            }
            return dflt;
        }
        if (!v.isNumber()) {
            error(key, "must be a number, got " + describe(v));
            return null;
        }
        double d = v.doubleValue();
        if (!(d > 0) || Double.isInfinite(d) || d > max) {
            String rule = max == Double.MAX_VALUE ? "must be > 0" : "must be > 0 and <= " + formatNumber(max);
            error(key, rule + ", got " + v.asText());
            return null;
        }
        return d;
    }

    /** Like {@link #positive} for an optional key: {@code null}, and no error, when absent. */
    Double optionalPositive(String key, double max) {
        return has(key) ? positive(key, max, null) : null;
    }

    Boolean bool(String key, boolean dflt) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            error(key, "must be true or false, got " + describe(v));
            return null;
        }
        return v.booleanValue();
    }

    private static String rangeText(int min, int max) {
        return max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
    }

    /** How a value is shown in a message: scalars as in JSON (strings quoted), containers by kind. */
    static String describe(JsonNode v) {
        if (v.isObject()) {
            return "a map";
        }
        if (v.isArray()) {
            return "a list";
        }
        String s = v.toString();
        return s.length() > MAX_SHOWN_LENGTH ? s.substring(0, MAX_SHOWN_LENGTH) + "..." : s;
    }

    /** A number as a person would write it: 0.0001, 1024, 1.0E15. */
    static String formatNumber(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e9) {
            return Long.toString((long) d);
        }
        if (Math.abs(d) >= 1e-4 && Math.abs(d) < 1e9) {
            return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return Double.toString(d);
    }
}
