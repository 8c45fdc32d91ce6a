package org.sovereignpool.sim.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.sim.chain.SimulatedChain;

/**
 * What the recordings do not show but a pool, ckpool or an operator relies on: cookie authentication (a new cookie
 * at each start, none while stopped), ckpool's requests (no id, no params, LF line ends, keep-alive, the calls it
 * makes at start and per block), JSON-RPC 2.0 notifications and named parameters, and relay between two nodes after
 * the configured delay.
 */
class RegtestNodeTest {
    private static final String TREASURY = "bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c";
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private RegtestNode start(RegtestNode.Options options) {
        SimulatedChain chain =
                SimulatedChain.create(SimulatedChain.Settings.regtest(Difficulty.of(1e-5), 3), Clock.systemUTC());
        RegtestNode node =
                RegtestNode.start(chain, options.withWarmup(Duration.ZERO).withAuthFailureDelay(Duration.ZERO));
        closing.add(node);
        return node;
    }

    @Test
    void theCookieIsWrittenAtEachStartAndRemovedAtStop(@TempDir Path dir) throws Exception {
        RegtestNode node =
                start(RegtestNode.Options.defaults().withCookieDir(dir).withCredentials(null, null));
        Path cookieFile = node.cookieFile().orElseThrow();
        String cookie = Files.readString(cookieFile);
        assertThat(cookie).matches("__cookie__:[0-9a-f]{64}");
        RawRpc rpc = new RawRpc(node.rpcUrl());
        String request = "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"getblockcount\",\"params\":[]}";
        assertThat(rpc.post(request, basic(cookie)).text()).isEqualTo("{\"result\":0,\"error\":null,\"id\":1}\n");
        assertThat(rpc.post(request, RawRpc.POOL_POOL).status()).isEqualTo(401);

        node.stop();
        assertThat(cookieFile).doesNotExist();
        node.startAgain();
        String again = Files.readString(cookieFile);
        assertThat(again).isNotEqualTo(cookie);
        assertThat(rpc.post(request, basic(cookie)).status())
                .as("the old cookie")
                .isEqualTo(401);
        assertThat(rpc.post(request, basic(again)).status()).isEqualTo(200);
    }

    private static String basic(String cookie) {
        int colon = cookie.indexOf(':');
        return RawRpc.basic(cookie.substring(0, colon), cookie.substring(colon + 1));
    }

    /** ckpool 0.9.9 (src/bitcoin.c) sends requests without id or params, its lines ending in LF, on one connection. */
    @Test
    void ckpoolsRequestsAreAnsweredOnOneKeepAliveConnection() throws Exception {
        RegtestNode node = start(RegtestNode.Options.defaults());
        try (Socket s = new Socket(node.rpcUrl().getHost(), node.rpcUrl().getPort())) {
            JsonNode valid = ckpool(s, "{\"method\": \"validateaddress\", \"params\": [\"" + TREASURY + "\"]}\n");
            assertThat(valid.has("id")).as("no id asked, none answered").isFalse();
            JsonNode v = valid.get("result");
            assertThat(v.get("isvalid").asBoolean()).isTrue();
            assertThat(v.get("isscript").asBoolean()).isFalse();
            assertThat(v.get("iswitness").asBoolean()).isTrue();
            assertThat(v.get("scriptPubKey").asText()).isEqualTo("00145718787757d6de1735a1b4e47126f98fdaf3941e");
            assertThat(ckpool(s, "{\"method\": \"getblockcount\"}\n")
                            .get("result")
                            .asInt())
                    .isZero();

            JsonNode gbt = ckpool(
                            s,
                            "{\"method\": \"getblocktemplate\", \"params\": [{\"capabilities\": [\"coinbasetxn\","
                                    + " \"workid\", \"coinbase/append\"], \"rules\" : [\"segwit\"]}]}\n")
                    .get("result");
            assertThat(gbt.get("height").asInt()).isEqualTo(1);
            assertThat(gbt.get("coinbaseaux").isObject()).isTrue();
            String hash = ckpool(s, "{\"method\": \"getbestblockhash\"}\n")
                    .get("result")
                    .asText();
            assertThat(ckpool(s, "{\"method\": \"getblockhash\", \"params\": [0]}\n")
                            .get("result")
                            .asText())
                    .isEqualTo(hash)
                    .isEqualTo(SimulatedChain.REGTEST_GENESIS.toDisplayHex());
            JsonNode bad = ckpool(s, "{\"method\": \"validateaddress\", \"params\": [\"1notanaddress\"]}\n");
            assertThat(bad.get("result").get("isvalid").asBoolean()).isFalse();
            JsonNode precious = ckpool(s, "{\"method\": \"preciousblock\", \"params\": [\"" + hash + "\"]}\n");
            assertThat(precious.get("result").isNull()).isTrue();
        }
    }

    /** One request over a raw socket as ckpool's json_rpc_call writes it; the JSON reply body. */
    private static JsonNode ckpool(Socket s, String body) throws Exception {
        OutputStream out = s.getOutputStream();
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        out.write(("POST / HTTP/1.1\nAuthorization: " + RawRpc.POOL_POOL + "\nHost: 127.0.0.1\nContent-type:"
                        + " application/json\nContent-Length: " + b.length + "\n\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            assertThat(c).as("the connection stays open").isNotNegative();
            head.write(c);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        assertThat(headers).startsWith("HTTP/1.1 200 OK").doesNotContain("Connection: close");
        int length = Integer.parseInt(headers.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
        return Recordings.JSON.readTree(in.readNBytes(length));
    }

    @Test
    void jsonRpc2NotificationsGetNoContentAndNamedParametersWork() throws Exception {
        RegtestNode node = start(RegtestNode.Options.defaults());
        RawRpc rpc = new RawRpc(node.rpcUrl());
        RawRpc.Reply note = rpc.post("{\"jsonrpc\":\"2.0\",\"method\":\"getblockcount\",\"params\":[]}");
        assertThat(note.status()).isEqualTo(204);
        assertThat(note.body()).isEmpty();
        RawRpc.Reply named =
                rpc.post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"getblockhash\"," + "\"params\":{\"height\":0}}");
        assertThat(named.text())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"" + SimulatedChain.REGTEST_GENESIS.toDisplayHex()
                        + "\",\"id\":7}\n");
        RawRpc.Reply unknownName =
                rpc.post("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"getblockhash\",\"params\":{\"h\":0}}");
        assertThat(unknownName.status()).isEqualTo(500);
        assertThat(unknownName.json().get("error").get("message").asText()).isEqualTo("Unknown named parameter h");
        RawRpc.Reply missingMethod = rpc.post("{\"jsonrpc\":\"1.0\",\"id\":1}");
        assertThat(missingMethod.status()).isEqualTo(400);
        assertThat(missingMethod.json().get("error").get("code").asInt()).isEqualTo(-32600);
    }

    @Test
    void blocksReachAPeerAfterTheRelayDelay() throws Exception {
        RegtestNode a = start(RegtestNode.Options.defaults().withName("a"));
        RegtestNode b = start(RegtestNode.Options.defaults().withName("b"));
        Duration delay = Duration.ofMillis(300);
        RegtestNode.connect(a, b, delay);
        RawRpc rpcA = new RawRpc(a.rpcUrl());
        RawRpc rpcB = new RawRpc(b.rpcUrl());
        long mined = System.nanoTime();
        String hash = rpcA.call("generatetoaddress", "[1,\"" + TREASURY + "\"]")
                .get("result")
                .get(0)
                .asText();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> rpcB.call("getbestblockhash", "[]")
                        .get("result")
                        .asText()
                        .equals(hash));
        assertThat(Duration.ofNanos(System.nanoTime() - mined)).isGreaterThanOrEqualTo(delay);
        assertThat(rpcB.call("getconnectioncount", "[]").get("result").asInt()).isEqualTo(1);
        // a node that was away catches up when it starts again
        b.stop();
        String later = rpcA.call("generatetoaddress", "[2,\"" + TREASURY + "\"]")
                .get("result")
                .get(1)
                .asText();
        b.startAgain();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rpcB.call("getbestblockhash", "[]")
                        .get("result")
                        .asText()
                        .equals(later));
    }
}
