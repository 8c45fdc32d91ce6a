package org.sovereignpool.sim.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** Sends exact request bodies to a node and keeps the exact reply (status, headers, bytes), as curl did. */
final class RawRpc {
    static final String POOL_POOL = basic("pool", "pool");

    private final URI url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RawRpc(URI url) {
        this.url = url;
    }

    record Reply(
            int status,
            String contentType,
            Optional<String> wwwAuthenticate,
            Optional<String> connection,
            byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return Recordings.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text(), e);
            }
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** POST {@code body} with pool:pool credentials. */
    Reply post(String body) throws IOException, InterruptedException {
        return post(body, POOL_POOL);
    }

    /** POST {@code body}; {@code authorization} null sends no Authorization header. */
    Reply post(String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "text/plain;")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build());
    }

    Reply get(String authorization) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization)
                .GET()
                .build());
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(
                r.statusCode(),
                r.headers().firstValue("Content-Type").orElse(null),
                r.headers().firstValue("WWW-Authenticate"),
                r.headers().firstValue("Connection"),
                r.body());
    }

    /** A JSON-RPC 1.0 call with params given as JSON text; the reply's parsed body. */
    JsonNode call(String method, String paramsJson) throws IOException, InterruptedException {
        return post("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + paramsJson + "}")
                .json();
    }
}
