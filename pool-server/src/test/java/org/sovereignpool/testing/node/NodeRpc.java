package org.sovereignpool.testing.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A test's own JSON-RPC client for a node (independent of the pool's {@code RpcClient}, so that a test checks the
 * node, not the pool's view of it): {@link #call} returns the result or throws {@link RpcError}.
 */
public final class NodeRpc {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI url;
    private final String authorization;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public NodeRpc(URI url, String user, String password) {
        this.url = url;
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON-RPC error reply. */
    public static final class RpcError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        RpcError(int code, String message) {
            super(code + ": " + message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** Calls {@code method} with positional params (strings, numbers, booleans, JSON nodes). */
    public JsonNode call(String method, Object... params) {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "1.0");
        request.put("id", 1);
        request.put("method", method);
        ArrayNode p = request.putArray("params");
        for (Object o : params) {
            p.add(JSON.valueToTree(o));
        }
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(url)
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", authorization)
                            .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode reply = JSON.readTree(r.body());
            JsonNode error = reply.get("error");
            if (error != null && !error.isNull()) {
                throw new RpcError(
                        error.get("code").asInt(), error.get("message").asText());
            }
            return reply.get("result");
        } catch (IOException e) {
            throw new UncheckedIOException(method + " to " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String bestBlockHash() {
        return call("getbestblockhash").asText();
    }

    public int confirmations(String hash) {
        return call("getblockheader", hash, true).get("confirmations").asInt();
    }
}
