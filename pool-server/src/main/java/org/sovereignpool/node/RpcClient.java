package org.sovereignpool.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.sovereignpool.config.NodeAuth;

/**
 * A JSON-RPC 1.0 client for one bitcoind over HTTP, as Bitcoin Core speaks it: basic authentication with
 * rpcuser/rpcpassword or the cookie file (read at every call, since bitcoind writes a new cookie when it restarts),
 * errors as a JSON body with HTTP 500, and 401/403 with an empty body.
 *
 * <p>Transient failures (timeout, connection refused, node warming up) are retried with exponential backoff up to
 * {@code retries} times; everything else fails at once with a {@link NodeException} whose kind says why.
 * Thread-safe.
 */
public final class RpcClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI url;
    private final NodeAuth auth;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private final MeterRegistry registry;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param name how logs and metrics name this node (e.g. "node0")
     * @param url the RPC URL (http://host:port, optionally with a /wallet/... path)
     * @param auth user and password, or cookie file
     * @param timeout for each attempt of each call (connect and reply)
     * @param retries further attempts after a transient failure (0 = none)
     * @param backoff the wait before the first retry; doubled for each further one
     * @param registry where {@code node.rpc.latency} is recorded
     */
    public RpcClient(
            String name,
            URI url,
            NodeAuth auth,
            Duration timeout,
            int retries,
            Duration backoff,
            MeterRegistry registry) {
        this.name = Objects.requireNonNull(name, "name");
        this.url = Objects.requireNonNull(url, "url");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (retries < 0 || retries > 20) {
            throw new IllegalArgumentException("retries must be 0..20, got " + retries);
        }
        this.retries = retries;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public String name() {
        return name;
    }

    public URI url() {
        return url;
    }

    /** Calls {@code method} with positional params (Strings, numbers, booleans, Jackson nodes) and the default timeout. */
    public JsonNode call(String method, Object... params) throws NodeException {
        return call(method, timeout, params);
    }

    /** As {@link #call(String, Object...)} with a timeout for this call (e.g. a BIP 22 long poll). */
    public JsonNode call(String method, Duration callTimeout, Object... params) throws NodeException {
        NodeException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                pause(backoff.multipliedBy(1L << Math.min(attempt - 1, 10)));
            }
            try {
                return once(method, callTimeout, params);
            } catch (NodeException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private JsonNode once(String method, Duration callTimeout, Object[] params) throws NodeException {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "1.0");
        request.put("id", ids.incrementAndGet());
        request.put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object p : params) {
            array.add(JSON.valueToTree(p));
        }
        HttpRequest httpRequest = HttpRequest.newBuilder(url)
                .timeout(callTimeout)
                .header("Content-Type", "application/json")
                .header("Authorization", authorization())
                .POST(HttpRequest.BodyPublishers.ofString(request.toString(), StandardCharsets.UTF_8))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new NodeException(
                    NodeException.Kind.TIMEOUT, 0, name + ": " + method + ": no connection within " + timeout, e);
        } catch (HttpTimeoutException e) {
            throw new NodeException(
                    NodeException.Kind.TIMEOUT, 0, name + ": " + method + ": no reply within " + callTimeout, e);
        } catch (ConnectException e) {
            throw new NodeException(
                    NodeException.Kind.UNREACHABLE, 0, name + ": " + method + ": cannot connect to " + url, e);
        } catch (IOException e) {
            throw new NodeException(
                    NodeException.Kind.UNREACHABLE,
                    0,
                    name + ": " + method + ": connection failed: " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException(NodeException.Kind.TIMEOUT, 0, name + ": " + method + ": interrupted", e);
        } finally {
            Timer.builder("node.rpc.latency")
                    .description("bitcoind JSON-RPC round trip")
                    .tag("method", method)
                    .tag("node", name)
                    .register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        return parse(method, response.statusCode(), response.body());
    }

    private JsonNode parse(String method, int status, String body) throws NodeException {
        if (status == 401) {
            throw new NodeException(
                    NodeException.Kind.UNAUTHORIZED,
                    401,
                    name + ": HTTP 401 Unauthorized: check rpcUser/rpcPassword or the cookie file for " + url,
                    null);
        }
        if (status == 403) {
            throw new NodeException(
                    NodeException.Kind.FORBIDDEN,
                    403,
                    name + ": HTTP 403 Forbidden: the node's rpcallowip does not admit this host",
                    null);
        }
        JsonNode reply;
        try {
            reply = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            reply = null;
        }
        if (reply == null || !reply.isObject() || !reply.has("result")) {
            if (status != 200) {
                throw new NodeException(
                        NodeException.Kind.HTTP,
                        status,
                        name + ": " + method + ": HTTP " + status + " " + abbreviate(body),
                        null);
            }
            throw new NodeException(
                    NodeException.Kind.BAD_REPLY,
                    0,
                    name + ": " + method + ": not a JSON-RPC reply: " + abbreviate(body),
                    null);
        }
        JsonNode error = reply.get("error");
        if (error != null && !error.isNull()) {
            int code = error.path("code").asInt(0);
            String message = error.path("message").asText("");
            throw new NodeException(
                    NodeException.Kind.RPC_ERROR,
                    code,
                    name + ": " + method + ": error code: " + code + " error message: " + message,
                    null);
        }
        return reply.get("result");
    }

    /** The JSON-RPC error message of an RPC_ERROR exception, without the prefix this client adds. */
    public static String rpcMessage(NodeException e) {
        String m = e.getMessage();
        int i = m.indexOf("error message: ");
        return i < 0 ? m : m.substring(i + "error message: ".length());
    }

    private String authorization() throws NodeException {
        String credentials;
        if (auth instanceof NodeAuth.Password p) {
            credentials = p.user() + ":" + p.password();
        } else if (auth instanceof NodeAuth.Cookie c) {
            try {
                credentials = Files.readString(c.file(), StandardCharsets.UTF_8).strip();
            } catch (NoSuchFileException e) {
                // bitcoind writes the cookie when it starts and deletes it when it stops: a node that is down
                throw new NodeException(
                        NodeException.Kind.UNREACHABLE,
                        0,
                        name + ": no cookie file " + c.file() + " (bitcoind writes it when it starts: is it running?)",
                        e);
            } catch (IOException e) {
                throw new NodeException(
                        NodeException.Kind.UNAUTHORIZED,
                        0,
                        name + ": cannot read the cookie file " + c.file() + ": " + e,
                        e);
            }
        } else {
            throw new IllegalStateException("unknown auth " + auth);
        }
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "(no body)";
        }
        String s = body.strip();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static void pause(Duration d) throws NodeException {
        try {
            Thread.sleep(d); // backoff between retries in production; tests configure it in milliseconds
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException(NodeException.Kind.TIMEOUT, 0, "interrupted during backoff", e);
        }
    }

    @Override
    public String toString() {
        return name + " " + url;
    }
}
