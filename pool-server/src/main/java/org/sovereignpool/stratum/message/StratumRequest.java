package org.sovereignpool.stratum.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One decoded JSON-RPC request line.
 *
 * @param rawId the request's id exactly as the miner wrote it (JSON text: {@code 4}, {@code "a"}, {@code null}); it
 *     is echoed byte for byte, whatever its type, because firmware matches replies on it
 * @param method the method name
 * @param params the params array (empty when absent)
 */
public record StratumRequest(String rawId, String method, JsonNode params) {
    public StratumRequest {
        Objects.requireNonNull(rawId, "rawId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(params, "params");
    }
}
