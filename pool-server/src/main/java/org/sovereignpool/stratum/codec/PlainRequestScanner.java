package org.sovereignpool.stratum.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import org.sovereignpool.stratum.message.StratumRequest;

/**
 * Reads the common shape of a Stratum request line without a Jackson parser (whose per-line objects were most of the
 * share path's garbage), or declines it: the caller then reads the line with Jackson. The shape read here is one JSON
 * object with the members {@code "id"} (a number, a string or {@code null}; may be absent), {@code "method"} (a
 * string) and {@code "params"} (an array of strings, {@code null}, {@code true} and {@code false}, or {@code null};
 * may be absent), each at most once, in any order, with JSON whitespace anywhere between tokens.
 *
 * <p>Anything else is declined: another member, a repeated member, a string with an escape, a control character or
 * any non-ASCII byte, a number in params, a nested value, an id that is {@code true}, {@code false}, an object or an
 * array, a number outside JSON's grammar or longer than {@value #MAX_NUMBER_BYTES} bytes, a missing method, a line
 * over {@value #MAX_LINE_BYTES} bytes, any byte out of place. So every line read here is one Jackson reads without
 * error under its default features and stream constraints, and the request is the one it gives: the id's exact text,
 * the method's characters (ASCII, so the same String whichever charset decodes it), and an array of the same
 * {@code TextNode}, {@code NullNode} and {@code BooleanNode} elements built by the same {@link JsonNodeFactory}.
 * Every malformed line and every unusual one goes to Jackson, so its reply stays as it was.
 *
 * <p>It checks the whole line before it allocates anything (params are scanned twice: once to check and count, once
 * to build), and common method names come back as constants. Stateless and thread-safe.
 */
final class PlainRequestScanner {
    /** Far below Jackson's stream read constraints (strings of 20 M chars), so none of them can differ. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    /** Jackson refuses numbers over 1000 characters; ids are short. */
    static final int MAX_NUMBER_BYTES = 64;

    private static final JsonNodeFactory NODES = StratumJson.MAPPER.getNodeFactory();

    private static final byte[] ID = key("id");
    private static final byte[] METHOD = key("method");
    private static final byte[] PARAMS = key("params");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    /** Method names returned without allocating when the line spells one exactly. */
    private static final String[] KNOWN_METHODS = {
        "mining.submit",
        "mining.subscribe",
        "mining.authorize",
        "mining.configure",
        "mining.suggest_difficulty",
        "mining.suggest_target",
        "mining.extranonce.subscribe",
    };

    private static final byte[][] KNOWN_METHOD_BYTES = new byte[KNOWN_METHODS.length][];

    static {
        for (int i = 0; i < KNOWN_METHODS.length; i++) {
            KNOWN_METHOD_BYTES[i] = ascii(KNOWN_METHODS[i]);
        }
    }

    private PlainRequestScanner() {}

    /**
     * The request in {@code b[0..end)}, or null when the line is not of the plain shape (the caller reads it with
     * Jackson). {@code end} is after the caller's trimming of trailing whitespace; bytes from {@code end} on are not
     * read.
     */
    static StratumRequest read(byte[] b, int end) {
        if (end > MAX_LINE_BYTES || end > b.length) {
            return null;
        }
        int i = skipWs(b, 0, end);
        if (i >= end || b[i] != '{') {
            return null;
        }
        int idStart = -1;
        int idEnd = -1;
        int methodStart = -1;
        int methodEnd = -1;
        boolean paramsSeen = false;
        int paramsAt = -1; // the '[' of an array of params; -1 when params are absent or null
        int paramCount = 0;
        i = skipWs(b, i + 1, end);
        while (true) {
            if (matches(b, i, end, ID)) {
                if (idStart >= 0) {
                    return null;
                }
                i = colon(b, i + ID.length, end);
                if (i < 0) {
                    return null;
                }
                idStart = i;
                idEnd = id(b, i, end);
                if (idEnd < 0) {
                    return null;
                }
                i = idEnd;
            } else if (matches(b, i, end, METHOD)) {
                if (methodStart >= 0) {
                    return null;
                }
                i = colon(b, i + METHOD.length, end);
                if (i < 0 || b[i] != '"') {
                    return null;
                }
                methodStart = i + 1;
                i = string(b, i, end);
                if (i < 0) {
                    return null;
                }
                methodEnd = i - 1;
            } else if (matches(b, i, end, PARAMS)) {
                if (paramsSeen) {
                    return null;
                }
                paramsSeen = true;
                i = colon(b, i + PARAMS.length, end);
                if (i < 0) {
                    return null;
                }
                if (b[i] == '[') {
                    long scanned = params(b, i, end, null);
                    if (scanned < 0) {
                        return null;
                    }
                    paramsAt = i;
                    paramCount = (int) (scanned >>> 32);
                    i = (int) scanned;
                } else if (matches(b, i, end, NULL)) {
                    i += NULL.length;
                } else {
                    return null;
                }
            } else {
                return null; // another member, an escaped name, a trailing comma, an empty object, garbage
            }
            i = skipWs(b, i, end);
            if (i >= end) {
                return null;
            }
            if (b[i] == '}') {
                break;
            }
            if (b[i] != ',') {
                return null;
            }
            i = skipWs(b, i + 1, end);
        }
        if (skipWs(b, i + 1, end) != end || methodStart < 0) {
            return null;
        }
        String rawId = idStart < 0 || b[idStart] == 'n' ? JsonRpcDecoder.NULL_ID : ascii(b, idStart, idEnd);
        String method = method(b, methodStart, methodEnd);
        JsonNode params;
        if (paramsAt < 0) {
            params = StratumJson.MAPPER.createArrayNode();
        } else {
            ArrayNode array = new ArrayNode(NODES, new ArrayList<>(paramCount));
            params(b, paramsAt, end, array);
            params = array;
        }
        return new StratumRequest(rawId, method, params);
    }

    /**
     * Scans the array of params whose {@code '['} is at {@code i}; adds its elements to {@code out} unless null.
     *
     * @return the element count in the high 32 bits and the index after the {@code ']'} in the low 32, or -1 when
     *     the array is not plain
     */
    private static long params(byte[] b, int i, int end, ArrayNode out) {
        int count = 0;
        i = skipWs(b, i + 1, end);
        if (i < end && b[i] == ']') {
            return i + 1;
        }
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                int next = string(b, i, end);
                if (next < 0) {
                    return -1;
                }
                if (out != null) {
                    out.add(NODES.textNode(ascii(b, i + 1, next - 1)));
                }
                i = next;
            } else if (matches(b, i, end, NULL)) {
                if (out != null) {
                    out.add(NODES.nullNode());
                }
                i += NULL.length;
            } else if (matches(b, i, end, TRUE)) {
                if (out != null) {
                    out.add(NODES.booleanNode(true));
                }
                i += TRUE.length;
            } else if (matches(b, i, end, FALSE)) {
                if (out != null) {
                    out.add(NODES.booleanNode(false));
                }
                i += FALSE.length;
            } else {
                return -1; // a number, a nested value, a stray comma, anything else
            }
            count++;
            i = skipWs(b, i, end);
            if (i >= end) {
                return -1;
            }
            if (b[i] == ']') {
                return ((long) count << 32) | (i + 1);
            }
            if (b[i] != ',') {
                return -1;
            }
            i = skipWs(b, i + 1, end);
        }
        return -1;
    }

    /** After a member's key: the index of its value, past the colon and whitespace, or -1. */
    private static int colon(byte[] b, int i, int end) {
        i = skipWs(b, i, end);
        if (i >= end || b[i] != ':') {
            return -1;
        }
        i = skipWs(b, i + 1, end);
        return i < end ? i : -1;
    }

    /** The index after an id value (a plain string, null or a JSON number) at {@code i}, or -1. */
    private static int id(byte[] b, int i, int end) {
        byte c = b[i];
        if (c == '"') {
            return string(b, i, end);
        }
        if (c == 'n') {
            return matches(b, i, end, NULL) ? i + NULL.length : -1;
        }
        int next = number(b, i, end);
        return next < 0 || next - i > MAX_NUMBER_BYTES ? -1 : next;
    }

    /**
     * The index after a number in JSON's grammar ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}) at
     * {@code i}, or -1. What follows it is the caller's to check.
     */
    private static int number(byte[] b, int i, int end) {
        if (i < end && b[i] == '-') {
            i++;
        }
        if (i >= end || !digit(b[i])) {
            return -1;
        }
        if (b[i] == '0') {
            i++;
            if (i < end && digit(b[i])) {
                return -1; // a leading zero
            }
        } else {
            i = digits(b, i, end);
        }
        if (i < end && b[i] == '.') {
            int start = ++i;
            i = digits(b, i, end);
            if (i == start) {
                return -1;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int start = i;
            i = digits(b, i, end);
            if (i == start) {
                return -1;
            }
        }
        return i;
    }

    private static int digits(byte[] b, int i, int end) {
        while (i < end && digit(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The index after the closing quote of the string whose opening quote is at {@code i}, or -1 when the string
     * does not close, or has an escape, a control character or a byte outside ASCII (a negative byte).
     */
    private static int string(byte[] b, int i, int end) {
        for (int j = i + 1; j < end; j++) {
            byte c = b[j];
            if (c == '"') {
                return j + 1;
            }
            if (c < 0x20 || c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** Past JSON whitespace (the four characters Jackson skips: space, tab, CR, LF). */
    private static int skipWs(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * Whether {@code token} is at {@code i}, followed by the end or by a byte that cannot continue it (a JSON
     * delimiter or whitespace), so {@code nullx} or {@code "id"} as the start of {@code "idx"} never match.
     */
    private static boolean matches(byte[] b, int i, int end, byte[] token) {
        if (end - i < token.length) {
            return false;
        }
        for (int k = 0; k < token.length; k++) {
            if (b[i + k] != token[k]) {
                return false;
            }
        }
        int after = i + token.length;
        if (after == end || token[token.length - 1] == '"') {
            return true; // a closed key: what follows is checked by the caller (a colon)
        }
        byte c = b[after];
        return c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** The method name in {@code b[start..end)} (ASCII): a constant when it is a common one. */
    private static String method(byte[] b, int start, int end) {
        int length = end - start;
        for (int m = 0; m < KNOWN_METHOD_BYTES.length; m++) {
            byte[] known = KNOWN_METHOD_BYTES[m];
            if (known.length == length && Arrays.equals(b, start, end, known, 0, length)) {
                return KNOWN_METHODS[m];
            }
        }
        return ascii(b, start, end);
    }

    /** Bytes known to be ASCII as a String (ISO-8859-1 is a straight copy; UTF-8 would give the same chars). */
    private static String ascii(byte[] b, int start, int end) {
        return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] key(String name) {
        return ascii('"' + name + '"');
    }
}
