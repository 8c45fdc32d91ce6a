package org.sovereignpool.testing.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;

/**
 * A bitcoind stand-in on 127.0.0.1 (ephemeral port) that replays the recorded Bitcoin Core bodies: the height-112
 * template (rpc-raw-gbt-response.json, verbatim), the no-segwit error and the undecodable-block error (verbatim,
 * with HTTP 500 as Core sends JSON-RPC 1.0 errors), getblockchaininfo, getblockheader of block 112, and submitblock's
 * answers for block 112 (null, then "duplicate") and for blocks registered with {@link #replyTo}. Its state moves
 * as the recorded node's did: after block 112 is accepted the tip is block 112.
 *
 * <p>Controls for failure tests: credentials (401 otherwise), the chain name and IBD flag, a method that hangs (until
 * {@link #close}), scripted error replies, and {@link #stop}/{@link #restart} on the same port.
 */
public final class FakeBitcoind implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    public record Request(String method, JsonNode params, String authorization) {}

    private final String user;
    private final String password;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> submitReplies = new ConcurrentHashMap<>();
    private final Set<String> hanging = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> scripted = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Object tipMonitor = new Object();
    private volatile String chain = "regtest";
    private volatile boolean ibd;
    private volatile boolean block112Accepted;
    private HttpServer server;
    private int port;

    public FakeBitcoind(String user, String password) {
        this.user = user;
        this.password = password;
        start(0);
    }

    private void start(int bindPort) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", bindPort), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public int port() {
        return port;
    }

    /** Every request received, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public long count(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).count();
    }

    public void chain(String chain) {
        this.chain = chain;
    }

    public void initialBlockDownload(boolean ibd) {
        this.ibd = ibd;
    }

    /** Makes {@code method} never answer (until close). */
    public void hang(String method) {
        hanging.add(method);
    }

    /**
     * The next calls of {@code method} get these raw bodies with HTTP 500, one per call, before normal replies resume.
     */
    public void scriptErrors(String method, String... bodies) {
        scripted.put(method, new CopyOnWriteArrayList<>(List.of(bodies)));
    }

    /** What submitblock answers for this block (null = accepted). */
    public void replyTo(byte[] block, String reply) {
        submitReplies.put(Hex.encode(block), reply == null ? "null" : reply);
    }

    /** The node "goes away": the port stops answering. */
    public void stop() {
        server.stop(0);
    }

    /** The node comes back on the same port. */
    public void restart() {
        start(port);
    }

    public Hash256 tip() {
        return block112Accepted ? NodeFixtures.BLOCK_112 : NodeFixtures.BLOCK_111;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String method = request.path("method").asText();
            JsonNode params = request.path("params");
            requests.add(new Request(method, params, auth));
            String expected = "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"jsonrpc\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (hanging.contains(method)) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            List<String> script = scripted.get(method);
            if (script != null && !script.isEmpty()) {
                send(exchange, 500, script.remove(0));
                return;
            }
            Reply reply = answer(method, params, request.get("id"));
            send(exchange, reply.status, reply.body);
        }
    }

    private record Reply(int status, String body) {}

    private Reply answer(String method, JsonNode params, JsonNode id) {
        switch (method) {
            case "getblocktemplate" -> {
                JsonNode rules = params.path(0).path("rules");
                boolean segwit = false;
                for (JsonNode r : rules) {
                    segwit |= r.asText().equals("segwit");
                }
                if (!segwit) {
                    return new Reply(500, NodeFixtures.text("rpc-raw-gbt-no-segwit-error.json"));
                }
                String longPollId = params.path(0).path("longpollid").asText(null);
                if (longPollId != null) {
                    awaitTipOtherThan(longPollId);
                }
                if (!block112Accepted) {
                    return new Reply(200, NodeFixtures.text("rpc-raw-gbt-response.json"));
                }
                return ok(id, templateAfter112());
            }
            case "getblockchaininfo" -> {
                ObjectNode info = (ObjectNode) NodeFixtures.json("getblockchaininfo.json");
                info.put("chain", chain);
                info.put("initialblockdownload", ibd);
                if (block112Accepted) {
                    info.put("blocks", 112);
                    info.put("headers", 112);
                    info.put("bestblockhash", NodeFixtures.BLOCK_112.toDisplayHex());
                }
                return ok(id, info);
            }
            case "getbestblockhash" -> {
                return ok(id, JSON.getNodeFactory().textNode(tip().toDisplayHex()));
            }
            case "getblockhash" -> {
                long height = params.path(0).asLong();
                if (height == 112 && block112Accepted) {
                    return ok(id, JSON.getNodeFactory().textNode(NodeFixtures.BLOCK_112.toDisplayHex()));
                }
                if (height == 111) {
                    return ok(id, JSON.getNodeFactory().textNode(NodeFixtures.BLOCK_111.toDisplayHex()));
                }
                return error(id, -8, "Block height out of range");
            }
            case "getblockheader" -> {
                if (block112Accepted && params.path(0).asText().equals(NodeFixtures.BLOCK_112.toDisplayHex())) {
                    ObjectNode header = (ObjectNode) NodeFixtures.json("blockheader-112-regtest.json");
                    header.put("confirmations", 1);
                    header.remove("nextblockhash");
                    return ok(id, header);
                }
                return error(id, -5, "Block not found");
            }
            case "preciousblock" -> {
                return ok(id, JSON.getNodeFactory().nullNode());
            }
            case "submitblock" -> {
                return submit(params.path(0).asText(), id);
            }
            default -> {
                return error(id, -32601, "Method not found");
            }
        }
    }

    private Reply submit(String hex, JsonNode id) {
        byte[] block;
        try {
            block = Hex.decode(hex);
        } catch (IllegalArgumentException e) {
            block = null;
        }
        if (block == null || block.length < 81) {
            return new Reply(500, NodeFixtures.text("rpc-raw-submitblock-garbage.json"));
        }
        if (hex.equals(Hex.encode(NodeFixtures.block112()))) {
            if (block112Accepted) {
                return ok(id, JSON.getNodeFactory().textNode("duplicate"));
            }
            synchronized (tipMonitor) {
                block112Accepted = true;
                tipMonitor.notifyAll();
            }
            return ok(id, JSON.getNodeFactory().nullNode());
        }
        String reply = submitReplies.get(hex);
        if (reply == null) {
            return error(id, -1, "fake node: no recorded reply for this block");
        }
        return ok(
                id,
                reply.equals("null")
                        ? JSON.getNodeFactory().nullNode()
                        : JSON.getNodeFactory().textNode(reply));
    }

    /** gbt-empty.json moved onto block 112: its parent and height changed, every other field as recorded. */
    private static JsonNode templateAfter112() {
        ObjectNode t = (ObjectNode) NodeFixtures.json("gbt-empty.json");
        t.put("previousblockhash", NodeFixtures.BLOCK_112.toDisplayHex());
        t.put("height", 113);
        t.put("longpollid", NodeFixtures.BLOCK_112.toDisplayHex() + "113");
        t.put("mintime", NodeFixtures.BLOCK_112_TIME - 78);
        t.put("curtime", NodeFixtures.BLOCK_112_TIME);
        return t;
    }

    private void awaitTipOtherThan(String longPollId) {
        synchronized (tipMonitor) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (longPollId.startsWith(tip().toDisplayHex())
                    && System.nanoTime() < deadline
                    && release.getCount() > 0) {
                try {
                    tipMonitor.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static Reply ok(JsonNode id, JsonNode result) {
        ObjectNode o = JSON.createObjectNode();
        o.set("result", result);
        o.putNull("error");
        o.set("id", id);
        return new Reply(200, o.toString());
    }

    private static Reply error(JsonNode id, int code, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.putNull("result");
        ObjectNode e = o.putObject("error");
        e.put("code", code);
        e.put("message", message);
        o.set("id", id);
        return new Reply(500, o.toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }

    /** For tests that want to see what was asked: method → count. */
    public Map<String, Long> counts() {
        Map<String, Long> m = new HashMap<>();
        for (Request r : new ArrayList<>(requests)) {
            m.merge(r.method(), 1L, Long::sum);
        }
        return m;
    }
}
