package org.sovereignpool.loadtest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * One line from a pool, read with a streaming parser: the fields a load client needs and nothing more. A reply to a
 * submit ({@code {"id":7,"result":true,"error":null}}) builds no tree; a notification's params and a non-scalar result
 * or error are kept as trees. Pools differ in what they put in a reply: this one sends {@code error: [code, message,
 * null]}; ckpool answers a rejected share {@code result: false, error: null} with a {@code reject-reason} beside them
 * and some errors as a bare string.
 *
 * @param method the method of a notification or request from the pool; null for a reply
 * @param params its params (an array); null when absent
 * @param id the numeric id; {@link #NO_ID} when absent, null or not a number
 * @param result the result when it is not a boolean (e.g. subscribe's array); null when absent, JSON null or boolean
 * @param resultFlag {@code true}/{@code false} when the result is a boolean; null otherwise
 * @param error the error when present and not JSON null
 * @param rejectReason ckpool's {@code reject-reason}; null when absent
 */
record InboundLine(
        String method,
        JsonNode params,
        long id,
        JsonNode result,
        Boolean resultFlag,
        JsonNode error,
        String rejectReason) {
    static final long NO_ID = Long.MIN_VALUE;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether this is a reply (no method). */
    boolean isReply() {
        return method == null;
    }

    /** Parses one line (without its newline); throws {@link IOException} when it is not a JSON object. */
    static InboundLine parse(byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser p = JSON.getFactory().createParser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            String method = null;
            JsonNode params = null;
            long id = NO_ID;
            JsonNode result = null;
            Boolean resultFlag = null;
            JsonNode error = null;
            String rejectReason = null;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    throw new IOException("malformed object");
                }
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (v == null) {
                    throw new IOException("truncated object");
                }
                switch (field) {
                    case "id" -> id = idOf(p, v);
                    case "method" -> method = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "params" -> params = v == JsonToken.VALUE_NULL ? null : JSON.readTree(p);
                    case "result" -> {
                        if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                            resultFlag = v == JsonToken.VALUE_TRUE;
                        } else if (v != JsonToken.VALUE_NULL) {
                            result = JSON.readTree(p);
                        }
                    }
                    case "error" -> error = v == JsonToken.VALUE_NULL ? null : JSON.readTree(p);
                    case "reject-reason" -> rejectReason = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IOException("more after the object");
            }
            return new InboundLine(method, params, id, result, resultFlag, error, rejectReason);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(e.getOriginalMessage(), e);
        }
    }

    private static long idOf(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (v == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(p.getText());
            } catch (NumberFormatException e) {
                return NO_ID;
            }
        }
        p.skipChildren();
        return NO_ID;
    }
}
