package org.sovereignpool.testing.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.sovereignpool.share.model.Hex;

/**
 * A throwaway stand-in for the two Bitcoin Core calls {@code verify-ledger --node} makes, {@code getblockheader <hash>
 * true} and {@code getblock <hash> 2}, until the node stand-in of issue 9 is merged. Its answers are the recorded
 * replies of block A ({@code fixtures/audit/}) with hash, height, confirmations and the coinbase's {@code hex}
 * replaced; the coinbase's decoded fields (vin, vout, ...) are dropped rather than left stale, since the audit reads
 * only {@code hex}. Unknown blocks get the recorded -5 "Block not found" (HTTP 500); wrong credentials a 401 with an
 * empty body, as Core answers.
 */
public final class ChainShim implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Block(long height, long confirmations, byte[] coinbase) {}

    private final String user;
    private final String password;
    private final Map<String, Block> blocks = new ConcurrentHashMap<>();
    private final Map<String, String> verbatim = new ConcurrentHashMap<>();
    private final HttpServer server;

    public ChainShim(String user, String password) {
        this.user = user;
        this.password = password;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /**
     * A block the node has: {@code confirmations} as getblockheader reports them (-1: not in the main chain), and
     * its coinbase as the block holds it (witness serialization for a segwit block), or null for a block whose data
     * the node does not have (getblock then answers -1 "Block not available (pruned data)").
     */
    public void put(String hash, long height, long confirmations, byte[] coinbase) {
        blocks.put(hash, new Block(height, confirmations, coinbase == null ? null : coinbase.clone()));
    }

    /** Answers {@code method} for {@code hash} with a recorded body from {@code fixtures/}, unchanged (HTTP 200). */
    public void replay(String method, String hash, String fixture) {
        verbatim.put(method + " " + hash, NodeFixtures.text(fixture));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String expected = "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"jsonrpc\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String method = request.path("method").asText();
            String hash = request.path("params").path(0).asText();
            Block b = blocks.get(hash);
            String recorded = verbatim.get(method + " " + hash);
            if (recorded != null) {
                send(exchange, 200, recorded);
                return;
            }
            switch (method) {
                case "getblockheader" -> {
                    if (b == null) {
                        send(exchange, 500, NodeFixtures.text("audit/rpc-err-19-getblockheader-unknown-hash.json"));
                    } else {
                        ObjectNode reply = (ObjectNode) NodeFixtures.json("audit/reorg-02-getblockheader-A.json");
                        fill((ObjectNode) reply.get("result"), hash, b);
                        send(exchange, 200, reply.toString());
                    }
                }
                case "getblock" -> {
                    if (b == null) {
                        send(exchange, 500, NodeFixtures.text("audit/rpc-err-20-getblock-unknown-hash.json"));
                    } else if (b.coinbase() == null) {
                        send(
                                exchange,
                                500,
                                "{\"result\":null,\"error\":{\"code\":-1,\"message\":\"Block not available (pruned"
                                        + " data)\"},\"id\":1}\n");
                    } else {
                        ObjectNode reply = (ObjectNode) NodeFixtures.json("audit/reorg-03-getblock-A-verbosity2.json");
                        ObjectNode result = (ObjectNode) reply.get("result");
                        fill(result, hash, b);
                        ArrayNode txs = result.putArray("tx");
                        txs.addObject().put("hex", Hex.encode(b.coinbase()));
                        result.put("nTx", 1);
                        send(exchange, 200, reply.toString());
                    }
                }
                default ->
                    send(
                            exchange,
                            404,
                            "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":1}\n");
            }
        }
    }

    private static void fill(ObjectNode result, String hash, Block b) {
        result.put("hash", hash);
        result.put("height", b.height());
        result.put("confirmations", b.confirmations());
        result.remove("nextblockhash");
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
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
