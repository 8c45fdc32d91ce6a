package org.sovereignpool.sim.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.stratum.testing.MutableClock;

/**
 * The stand-in answers as the recorded Bitcoin Core v29.99 did (src/test/resources/fixtures/core-2026-11-29): each
 * recorded request is sent again, in the recorded chain situation, and the reply compared with the recording — the
 * exact bytes where the stand-in reproduces the chain exactly, else the JSON shape and types and every field the
 * pool reads. ZMQ messages are compared frame by frame.
 */
class CoreFidelityTest {
    /** The second the recorded node1 mined its first 101 blocks in (its first ZMQ message, 17:48:17 UTC). */
    static final Clock SESSION_START = Clock.fixed(Instant.ofEpochSecond(1795974497L), ZoneOffset.UTC);

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private RegtestNode start(SimulatedChain chain, RegtestNode.Options options) {
        RegtestNode node = RegtestNode.start(chain, options);
        closing.add(node);
        return node;
    }

    private static RegtestNode.Options quick() {
        return RegtestNode.Options.defaults().withWarmup(Duration.ZERO).withAuthFailureDelay(Duration.ZERO);
    }

    private static List<String> recordedJson(String prefix) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : Recordings.json("index.json")) {
            String f = e.get("file").asText();
            if (f.startsWith(prefix) && f.endsWith(".json")) {
                out.add(f);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- 1a, 1b, 3: reorganisations and ZMQ

    /**
     * Sections 1a and 1b, replayed from the regtest genesis block at the recording's clock: generatetoaddress mines
     * byte-identical blocks (the same 101 hashes, then A and B), invalidateblock and reconsiderblock move the tip as
     * Core did (A, received first, takes the tip back from B), the pool-style reorganisation D → E1,E2 → D,D2,D3
     * follows, and every reply is the recorded one byte for byte; ZMQ announced exactly the recorded 108 messages.
     */
    @Test
    void theReorganisationSessionIsReplayedByteForByte() throws Exception {
        SimulatedChain chain = SimulatedChain.create(SimulatedChain.Settings.coreRegtest(1), SESSION_START);
        RegtestNode node = start(chain, quick());
        RawRpc rpc = new RawRpc(node.rpcUrl());
        ZmqListener zmq = subscribed(node);

        List<String> files = new ArrayList<>(recordedJson("reorg-"));
        files.addAll(recordedJson("reorg2-"));
        for (String file : files) {
            RawRpc.Reply reply = rpc.post(Recordings.request(file));
            assertThat(reply.status()).as(file).isEqualTo(Recordings.status(file));
            if (file.contains("getchaintips")) {
                assertThat(sortedTips(reply.json())).as(file).isEqualTo(sortedTips(Recordings.json(file)));
            } else if (file.contains("getblockchaininfo")) {
                assertSameChainInfo(file, reply.json());
            } else {
                assertThat(reply.text()).as(file).isEqualTo(Recordings.text(file));
            }
        }

        List<String> transcript =
                Recordings.text("zmq-hashblock-node1-transcript.jsonl").lines().toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> zmq.messages().size() >= 108);
        List<List<byte[]>> messages = zmq.messages();
        assertThat(messages).hasSize(108);
        for (int i = 0; i < 108; i++) {
            JsonNode recorded = Recordings.JSON.readTree(transcript.get(i));
            List<String> frames = messages.get(i).stream().map(Hex::encode).toList();
            assertThat(frames)
                    .as("ZMQ message %d (%s)", i, recorded.path("label").asText(""))
                    .containsExactly(
                            StreamSupport.stream(recorded.get("frames_hex").spliterator(), false)
                                    .map(JsonNode::asText)
                                    .toArray(String[]::new));
        }
    }

    // ---------------------------------------------------------------- 1c: every submitblock answer

    /**
     * Section 1c on a chain seeded where submitblock-00-template.json was made (tip 211, its 50 transactions in the
     * mempool): each broken block gets Core's exact reply, the valid one is accepted, a late solution for the old
     * template is "inconclusive", a block without the coinbase witness is repaired (getblock shows what the node
     * stored), rejected blocks leave what Core leaves (getchaintips), and JSON-RPC 2.0 and batch replies at height
     * 213 are Core's bytes.
     */
    @Test
    void everySubmitblockAnswerIsCores() throws Exception {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1795974774L));
        SimulatedChain chain = SimulatedChain.fromTemplate(
                Recordings.template("submitblock-00-template.json"), SimulatedChain.Settings.coreRegtest(1), clock);
        RegtestNode node = start(chain, quick());
        RawRpc rpc = new RawRpc(node.rpcUrl());
        for (String file : recordedJson("submitblock-")) {
            if (file.equals("submitblock-20-template.json")) {
                // its ten transactions were broadcast after block 212: they arrive as they did
                chain.addMempoolTransactions(Recordings.template(file));
                clock.advance(Duration.ofSeconds(1));
            }
            RawRpc.Reply reply = rpc.post(Recordings.request(file));
            assertThat(reply.status()).as(file).isEqualTo(Recordings.status(file));
            if (isTemplateRequest(file)) {
                assertSameTemplate(file, reply.json(), Recordings.json(file));
            } else if (file.contains("getchaintips")) {
                // the recorded node also holds the reorganisation blocks and a first pass at height 211
                List<JsonNode> recorded = sortedTips(Recordings.json(file)).stream()
                        .filter(t -> t.get("height").asInt() >= 212)
                        .toList();
                assertThat(sortedTips(reply.json())).as(file).isEqualTo(recorded);
            } else {
                assertThat(reply.text()).as(file).isEqualTo(Recordings.text(file));
            }
        }
        for (String file : List.of("rpc-ok-05-getblockcount-jsonrpc2.json", "rpc-ok-18-batch.json")) {
            RawRpc.Reply reply = rpc.post(Recordings.request(file));
            assertThat(reply.status()).as(file).isEqualTo(200);
            assertThat(reply.text()).as(file).isEqualTo(Recordings.text(file));
        }
    }

    /**
     * A template equals the recorded one field for field, but for the longpollid's mempool counter (Core's counts
     * every mempool change since the node started) and, when the clock is not the recorded one, curtime.
     */
    static void assertSameTemplate(String file, JsonNode reply, JsonNode recorded) {
        assertSameShape(file, reply, recorded);
        ObjectNode ours = reply.get("result").deepCopy();
        ObjectNode theirs = recorded.get("result").deepCopy();
        assertThat(ours.get("longpollid").asText())
                .as(file + " longpollid")
                .startsWith(ours.get("previousblockhash").asText())
                .matches("[0-9a-f]{64}[0-9]+");
        ours.remove("longpollid");
        theirs.remove("longpollid");
        assertThat(ours).as(file).isEqualTo(theirs);
    }

    // ---------------------------------------------------------------- 2a, 2b: templates and long polls

    /**
     * Sections 2a and 2b on a chain seeded at gbt-01's tip (209) with its 50 transactions: the template is Core's;
     * a long poll returns as soon as a block is mined (generateblock with no transactions: the very block Core mined,
     * its hash is the recorded one), with a whole new template; a stale longpollid returns at once; new transactions
     * wake a long poll only at the first mempool check and then at each later one (Core: 60 s, then every 10 s; here
     * 1.5 s and 0.5 s).
     */
    @Test
    void longPollsReturnWhenCoreReturns() throws Exception {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1795974592L));
        SimulatedChain chain = SimulatedChain.fromTemplate(
                Recordings.template("gbt-01-segwit-50-mempool-txs.json"),
                SimulatedChain.Settings.coreRegtest(1),
                clock);
        Duration first = Duration.ofMillis(1500);
        Duration every = Duration.ofMillis(500);
        RegtestNode node = start(chain, quick().withLongPollChecks(first, every));
        RawRpc rpc = new RawRpc(node.rpcUrl());
        ScheduledExecutorService script = Executors.newSingleThreadScheduledExecutor();
        closing.add(script::shutdownNow);

        RawRpc.Reply gbt = rpc.post(Recordings.request("gbt-01-segwit-50-mempool-txs.json"));
        assertSameTemplate("gbt-01", gbt.json(), Recordings.json("gbt-01-segwit-50-mempool-txs.json"));
        String longPollId = gbt.json().get("result").get("longpollid").asText();

        // 01: returns on the new block
        long calls = node.calls("getblocktemplate");
        CompletableFuture<RawRpc.Reply> poll =
                CompletableFuture.supplyAsync(() -> post(rpc, longPollRequest(longPollId)));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.calls("getblocktemplate") > calls);
        assertThat(poll).isNotDone();
        clock.advance(Duration.ofSeconds(3));
        RawRpc.Reply trigger = rpc.post(Recordings.request("gbt-longpoll-01-trigger-generateblock-empty.json"));
        assertThat(trigger.text()).isEqualTo(Recordings.text("gbt-longpoll-01-trigger-generateblock-empty.json"));
        JsonNode returned = poll.get(10, TimeUnit.SECONDS).json();
        assertSameTemplate("gbt-longpoll-01", returned, Recordings.json("gbt-longpoll-01-returns-on-new-block.json"));

        // 02: a stale longpollid returns at once
        RawRpc.Reply stale = rpc.post(Recordings.request("gbt-longpoll-02-stale-longpollid-returns-at-once.json"));
        assertSameTemplate(
                "gbt-longpoll-02",
                stale.json(),
                Recordings.json("gbt-longpoll-02-stale-longpollid-returns-at-once.json"));

        // 03: five transactions at 0.2 s: the reply comes at the first check, not before
        String id3 = stale.json().get("result").get("longpollid").asText();
        long sent3 = System.nanoTime();
        CompletableFuture<RawRpc.Reply> poll3 = CompletableFuture.supplyAsync(() -> post(rpc, longPollRequest(id3)));
        script.schedule(() -> chain.addTransactions(5), 200, TimeUnit.MILLISECONDS);
        JsonNode reply3 = poll3.get(20, TimeUnit.SECONDS).json().get("result");
        assertThat(Duration.ofNanos(System.nanoTime() - sent3)).isGreaterThanOrEqualTo(first);
        assertThat(reply3.get("transactions")).hasSize(55);
        assertThat(counter(reply3)).isEqualTo(counter(id3) + 5);

        // 04: one transaction after the first check: the reply comes at the next one
        String id4 = reply3.get("longpollid").asText();
        long sent4 = System.nanoTime();
        CompletableFuture<RawRpc.Reply> poll4 = CompletableFuture.supplyAsync(() -> post(rpc, longPollRequest(id4)));
        script.schedule(() -> chain.addTransactions(1), first.toMillis() + 200, TimeUnit.MILLISECONDS);
        JsonNode reply4 = poll4.get(20, TimeUnit.SECONDS).json().get("result");
        assertThat(Duration.ofNanos(System.nanoTime() - sent4)).isGreaterThanOrEqualTo(first.plus(every));
        assertThat(reply4.get("transactions")).hasSize(56);
        for (String file :
                List.of("gbt-longpoll-03-mempool-change-at-5s.json", "gbt-longpoll-04-mempool-change-at-62s.json")) {
            assertSameShape(
                    file,
                    file.contains("03") ? reply3 : reply4,
                    Recordings.json(file).get("result"));
        }
    }

    private static boolean isTemplateRequest(String file) {
        return Recordings.request(file).contains("\"method\":\"getblocktemplate\",\"params\":[{\"rules\"");
    }

    private static String longPollRequest(String id) {
        return "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"getblocktemplate\",\"params\":[{\"rules\":[\"segwit\"],"
                + "\"longpollid\":\"" + id + "\"}]}";
    }

    private static long counter(JsonNode template) {
        return counter(template.get("longpollid").asText());
    }

    private static long counter(String longPollId) {
        return Long.parseLong(longPollId.substring(64));
    }

    private static RawRpc.Reply post(RawRpc rpc, String body) {
        try {
            return rpc.post(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- 2c: proposals

    /** Section 2c: BIP 23 proposals on the recorded tip 213 get Core's exact verdicts, and the template is Core's. */
    @Test
    void proposalsAreJudgedAsCoreJudgesThem() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1795974806L), ZoneOffset.UTC);
        SimulatedChain chain = SimulatedChain.fromTemplate(
                Recordings.template("gbt-proposal-00-template.json"), SimulatedChain.Settings.coreRegtest(1), clock);
        RawRpc rpc = new RawRpc(start(chain, quick()).rpcUrl());
        for (String file : recordedJson("gbt-proposal-")) {
            RawRpc.Reply reply = rpc.post(Recordings.request(file));
            assertThat(reply.status()).as(file).isEqualTo(Recordings.status(file));
            if (isTemplateRequest(file)) {
                assertSameTemplate(file, reply.json(), Recordings.json(file));
            } else {
                assertThat(reply.text()).as(file).isEqualTo(Recordings.text(file));
            }
        }
    }

    // ---------------------------------------------------------------- 4: RPC errors, warm-up, stopping

    /**
     * Section 4b: authentication (401 with an empty body and the Basic challenge, with or without wrong
     * credentials), unknown methods (404 in JSON-RPC 1.0, 200 in 2.0), every getblocktemplate parameter error with
     * Core's code and message (the help texts included), a body that is not JSON, GET, unknown and malformed hashes,
     * submitblock's type errors: status and body byte for byte.
     */
    @Test
    void rpcErrorsAreCoresByteForByte() throws Exception {
        SimulatedChain chain = SimulatedChain.create(SimulatedChain.Settings.coreRegtest(1), SESSION_START);
        RegtestNode node = start(chain, quick());
        RawRpc rpc = new RawRpc(node.rpcUrl());
        for (String file : RPC_ERRORS) {
            RawRpc.Reply reply = switch (file) {
                case "rpc-err-01-wrong-password.body" ->
                    rpc.post(Recordings.request(file), RawRpc.basic("pool", "wrong"));
                case "rpc-err-02-no-auth-header.body" -> rpc.post(Recordings.request(file), null);
                case "rpc-err-17-http-get.body" -> rpc.get(RawRpc.POOL_POOL);
                default -> rpc.post(Recordings.request(file));
            };
            assertThat(reply.status()).as(file).isEqualTo(Recordings.status(file));
            assertThat(reply.body()).as(file).isEqualTo(Recordings.bytes(file));
            String headers = Recordings.entry(file).path("response_headers").asText("");
            for (String line : headers.lines().toList()) {
                if (line.startsWith("Content-Type: ")) {
                    assertThat(reply.contentType()).as(file).isEqualTo(line.substring("Content-Type: ".length()));
                }
                if (line.startsWith("WWW-Authenticate: ")) {
                    assertThat(reply.wwwAuthenticate())
                            .as(file)
                            .contains(line.substring("WWW-Authenticate: ".length()));
                }
            }
        }
    }

    static final List<String> RPC_ERRORS = List.of(
            "rpc-err-01-wrong-password.body",
            "rpc-err-02-no-auth-header.body",
            "rpc-err-03-unknown-method.json",
            "rpc-err-04-unknown-method-jsonrpc2.json",
            "rpc-err-06-gbt-param-is-string.json",
            "rpc-err-07-gbt-rules-is-string.json",
            "rpc-err-08-gbt-param-is-number.json",
            "rpc-err-09-gbt-no-params.json",
            "rpc-err-10-gbt-empty-rules.json",
            "rpc-err-11-gbt-rules-without-segwit.json",
            "rpc-err-12-gbt-too-many-params.json",
            "rpc-err-13-gbt-bad-longpollid.json",
            "rpc-err-14-gbt-bad-mode.json",
            "rpc-err-15-gbt-proposal-without-data.json",
            "rpc-err-16-parse-error.json",
            "rpc-err-17-http-get.body",
            "rpc-err-19-getblockheader-unknown-hash.json",
            "rpc-err-20-getblock-unknown-hash.json",
            "rpc-err-21-getblockheader-bad-hash.json",
            "rpc-err-22-submitblock-param-number.json",
            "rpc-err-23-submitblock-no-params.json",
            "rpc-err-24-generatetoaddress-bad-address.json");

    /**
     * Sections 4a, 4a' and 3: a fresh node answers -28 with Core's stage texts (each body exactly a recorded one,
     * HTTP 500, in Core's order), then getblockchaininfo as a fresh Core node (height 0, in initial block download,
     * the genesis block's 293 bytes on disk); a restart warms up again and its ZMQ sequence starts at 0, in frames
     * laid out as the recorded ones.
     */
    @Test
    void warmUpAndRestartAreCores() throws Exception {
        Map<String, String> stages = new LinkedHashMap<>();
        for (JsonNode e : Recordings.json("index.json")) {
            String f = e.get("file").asText();
            if (f.startsWith("rpc-warmup-fresh-28-")) {
                stages.put(Recordings.text(f), f);
            }
        }
        SimulatedChain chain = SimulatedChain.create(SimulatedChain.Settings.coreRegtest(1), SESSION_START);
        RegtestNode node = start(chain, quick().withWarmup(Duration.ofMillis(600)));
        RawRpc rpc = new RawRpc(node.rpcUrl());
        String request = Recordings.request("rpc-warmup-fresh-28-1-rpc-server-started.json");
        List<String> seen = warmUp(rpc, request);
        assertThat(seen).isNotEmpty().allSatisfy(body -> assertThat(stages).containsKey(body));
        List<String> order = new ArrayList<>(stages.keySet());
        assertThat(seen).isSortedAccordingTo(Comparator.comparingInt(order::indexOf));

        JsonNode fresh = Recordings.JSON.readTree(
                last(Recordings.json("warmup-fresh-node-sequence.json").get("sequence"))
                        .get("body")
                        .asText());
        JsonNode ours = rpc.post(request).json();
        assertSameShape("fresh getblockchaininfo", ours, fresh);
        for (String field : List.of(
                "chain",
                "blocks",
                "headers",
                "bestblockhash",
                "bits",
                "target",
                "difficulty",
                "time",
                "mediantime",
                "initialblockdownload",
                "chainwork",
                "size_on_disk",
                "pruned")) {
            assertThat(ours.get("result").get(field))
                    .as(field)
                    .isEqualTo(fresh.get("result").get(field));
        }

        // a restart: warm-up again, then the ZMQ sequence from 0
        node.restart();
        assertThat(warmUp(rpc, request)).isNotEmpty();
        ZmqListener zmq = subscribed(node);
        JsonNode hashes = rpc.call("generatetoaddress", "[2,\"bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c\"]");
        await().atMost(Duration.ofSeconds(10)).until(() -> zmq.messages().size() >= 2);
        for (int i = 0; i < 2; i++) {
            List<byte[]> frames = zmq.messages().get(i);
            assertThat(frames).hasSize(3);
            assertThat(frames.get(0)).isEqualTo(Recordings.bytes("zmq-hashblock-frame0-topic.bin"));
            assertThat(frames.get(1)).hasSameSizeAs(Recordings.bytes("zmq-hashblock-frame1-body.bin"));
            assertThat(Hex.encode(frames.get(1)))
                    .isEqualTo(hashes.get("result").get(i).asText());
            assertThat(frames.get(2)).hasSameSizeAs(Recordings.bytes("zmq-hashblock-frame2-sequence.bin"));
            assertThat(Hex.encode(frames.get(2))).isEqualTo(i == 0 ? "00000000" : "01000000");
        }
        JsonNode one = Recordings.json("zmq-hashblock-one-notification.json");
        assertThat(Hex.encode(Recordings.bytes("zmq-hashblock-frame2-sequence.bin")))
                .isEqualTo(one.get("frames").get(2).get("hex").asText());
    }

    /** Calls until HTTP 200; the distinct -28 bodies seen on the way, in order. */
    private static List<String> warmUp(RawRpc rpc, String request) throws Exception {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            RawRpc.Reply r = rpc.post(request);
            if (r.status() == 200) {
                return seen;
            }
            assertThat(r.status()).isEqualTo(500);
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(r.text())) {
                seen.add(r.text());
            }
        }
        throw new AssertionError("no HTTP 200 within 20 s; saw " + seen);
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    /**
     * Section 4c: {@code stop} answers "Bitcoin Core stopping" and hangs up; a long poll waiting then returns an
     * ordinary template for the same tip (HTTP 200); calls are answered a little while, then get 503 with Core's
     * HTML body, then the port refuses connections.
     */
    @Test
    void aStoppingNodeAnswersAsCoreDoes() throws Exception {
        // the recorded node2 was at height 229 with an empty mempool; the tip 213 of gbt-proposal-00 is alike
        SimulatedChain chain = SimulatedChain.fromTemplate(
                Recordings.template("gbt-proposal-00-template.json"),
                SimulatedChain.Settings.coreRegtest(1),
                Clock.fixed(Instant.ofEpochSecond(1795974910L), ZoneOffset.UTC));
        RegtestNode node = start(chain, quick().withStopTimings(Duration.ofMillis(100), Duration.ofMillis(400)));
        RawRpc rpc = new RawRpc(node.rpcUrl());
        JsonNode template =
                rpc.call("getblocktemplate", "[{\"rules\":[\"segwit\"]}]").get("result");
        String id = template.get("longpollid").asText();
        long calls = node.calls("getblocktemplate");
        CompletableFuture<RawRpc.Reply> poll = CompletableFuture.supplyAsync(() -> post(rpc, longPollRequest(id)));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.calls("getblocktemplate") > calls);

        RawRpc.Reply stop = rpc.post(Recordings.request("rpc-stopping-node1-stop-reply.json"));
        assertThat(stop.status()).isEqualTo(200);
        assertThat(stop.text())
                .isEqualTo(Recordings.text("rpc-stopping-node1-stop-reply.json"))
                .isEqualTo(Recordings.text("rpc-stopping-node2-stop-reply.json"));
        assertThat(stop.connection()).contains("close");

        RawRpc.Reply inFlight = poll.get(10, TimeUnit.SECONDS);
        assertThat(inFlight.status()).isEqualTo(200);
        assertSameShape(
                "longpoll in flight",
                inFlight.json(),
                Recordings.json("rpc-stopping-node2-longpoll-in-flight-reply.json"));
        assertThat(inFlight.json().get("result").get("longpollid").asText()).isEqualTo(id);

        String request = Recordings.request("rpc-stopping-node2-503.body");
        RawRpc.Reply unavailable = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (unavailable == null && System.nanoTime() < deadline) {
            RawRpc.Reply r = rpc.post(request);
            if (r.status() == 503) {
                unavailable = r;
            } else {
                assertThat(r.status()).isEqualTo(200);
            }
        }
        assertThat(unavailable).as("a 503 while stopping").isNotNull();
        assertThat(unavailable.body()).isEqualTo(Recordings.bytes("rpc-stopping-node2-503.body"));
        assertThat(unavailable.contentType()).isEqualTo("text/html");
        String raw = Recordings.text("rpc-stopping-node1-503.http");
        assertThat(raw).endsWith("\r\n\r\n" + unavailable.text());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThatThrownBy(() -> rpc.post(request)).isInstanceOf(ConnectException.class));
        assertThat(node.isRunning()).isFalse();
    }

    // ---------------------------------------------------------------- 5: two nodes

    /**
     * Section 5: two nodes seeded at the recorded tip 213 and connected; the recorded trial blocks submitted to node2
     * only are accepted (null, as recorded) and each reaches node1; the sixth carries 20 transactions that reached
     * node1 first and were relayed.
     */
    @Test
    void blocksSubmittedToOneNodeReachTheOther() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1795974848L), ZoneOffset.UTC);
        SimulatedChain chain1 = SimulatedChain.fromTemplate(
                Recordings.template("gbt-proposal-00-template.json"), SimulatedChain.Settings.coreRegtest(1), clock);
        SimulatedChain chain2 = SimulatedChain.fromTemplate(
                Recordings.template("gbt-proposal-00-template.json"), SimulatedChain.Settings.coreRegtest(2), clock);
        RegtestNode node1 = start(chain1, quick().withName("node1"));
        RegtestNode node2 = start(chain2, quick().withName("node2"));
        RegtestNode.connect(node1, node2, Duration.ofMillis(2));
        RawRpc rpc1 = new RawRpc(node1.rpcUrl());
        RawRpc rpc2 = new RawRpc(node2.rpcUrl());
        for (String file : recordedJson("twonode-1")) {
            String hexFile = file.replace(".json", ".hex");
            org.sovereignpool.sim.chain.ParsedBlock block =
                    org.sovereignpool.sim.chain.ParsedBlock.decode(Recordings.block(hexFile));
            if (block.transactions().size() > 1) {
                chain1.addMempoolTransactions(transactionsOf(block, 25 * 100_000_000L));
                await().atMost(Duration.ofSeconds(10))
                        .until(() ->
                                chain2.mempoolSize() == block.transactions().size() - 1);
            }
            RawRpc.Reply reply = rpc2.post(Recordings.request(file));
            assertThat(reply.text()).as(file).isEqualTo(Recordings.text(file));
            String hash = block.hash().toDisplayHex();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> rpc1.call("getbestblockhash", "[]")
                            .get("result")
                            .asText()
                            .equals(hash));
        }
        assertThat(rpc1.call("getconnectioncount", "[]").get("result").asInt()).isEqualTo(1);
    }

    /** A block's non-coinbase transactions, their fees summing to what its coinbase claims above the subsidy. */
    private static List<SimulatedChain.MempoolTx> transactionsOf(
            org.sovereignpool.sim.chain.ParsedBlock block, long subsidy) {
        List<org.sovereignpool.sim.chain.RawTransaction> txs =
                block.transactions().subList(1, block.transactions().size());
        long fees = block.transactions().get(0).outputValue() - subsidy;
        List<SimulatedChain.MempoolTx> out = new ArrayList<>();
        for (int i = 0; i < txs.size(); i++) {
            org.sovereignpool.sim.chain.RawTransaction t = txs.get(i);
            long fee = fees / txs.size() + (i == 0 ? fees % txs.size() : 0);
            out.add(new SimulatedChain.MempoolTx(t.raw(), t.txid(), t.wtxid(), fee, t.weight()));
        }
        return out;
    }

    // ---------------------------------------------------------------- coverage

    /** Recordings the pool has no use for: the descriptor vectors are not copied; these are and are not replayed. */
    static final Set<String> NOT_REPLAYED = Set.of(
            // raw captures whose content the single-reply files above repeat (503 body, stop reply, warm-up bodies)
            "rpc-stopping-node1-sequence.json",
            "rpc-stopping-node2-sequence.json",
            "warmup-restart-node-sequence.json");

    /** Every recorded reply in the copied set is replayed by one of the tests above (or listed as not used). */
    @Test
    void everyRecordingThePoolHasAUseForIsReplayed() throws Exception {
        Set<String> replayed = new HashSet<>();
        replayed.addAll(recordedJson("reorg-"));
        replayed.addAll(recordedJson("reorg2-"));
        replayed.addAll(recordedJson("submitblock-"));
        replayed.addAll(recordedJson("gbt-"));
        replayed.addAll(recordedJson("twonode-1"));
        replayed.addAll(RPC_ERRORS);
        replayed.addAll(List.of(
                "rpc-ok-05-getblockcount-jsonrpc2.json",
                "rpc-ok-18-batch.json",
                "rpc-stopping-node1-503.http",
                "rpc-stopping-node1-stop-reply.json",
                "rpc-stopping-node2-503.body",
                "rpc-stopping-node2-longpoll-in-flight-reply.json",
                "rpc-stopping-node2-stop-reply.json",
                "warmup-fresh-node-sequence.json",
                "zmq-hashblock-frame0-topic.bin",
                "zmq-hashblock-frame1-body.bin",
                "zmq-hashblock-frame2-sequence.bin",
                "zmq-hashblock-node1-transcript.jsonl",
                "zmq-hashblock-one-notification.json"));
        for (JsonNode e : Recordings.json("index.json")) {
            String f = e.get("file").asText();
            if (f.startsWith("rpc-warmup-fresh-28-")) {
                replayed.add(f);
            }
        }
        List<String> copied = new ArrayList<>();
        for (JsonNode e : Recordings.json("index.json")) {
            String f = e.get("file").asText();
            if (!f.endsWith(".hex") && !f.startsWith("desc-") && !f.matches("twonode-0[1-5].*")) {
                copied.add(f);
            }
        }
        assertThat(copied)
                .as("recorded replies neither replayed nor listed as unused")
                .allSatisfy(f -> assertThat(replayed.contains(f) || NOT_REPLAYED.contains(f))
                        .as(f)
                        .isTrue());
    }

    /**
     * A listener whose subscription the node has seen. JeroMQ now and then leaves a fresh connect without reading the
     * publisher's greeting (about one in 30 here; the cause of this test's failures until 2026-11-30); the listener,
     * like the pool's subscriber, then drops it and connects again after its 1 s handshake interval.
     */
    private ZmqListener subscribed(RegtestNode node) {
        ZmqListener zmq = new ZmqListener(node.zmqUrl().orElseThrow());
        closing.add(zmq);
        await().alias("the listener subscribed (subscriptions counted: see node.zmqSubscriptions())")
                .atMost(Duration.ofSeconds(10))
                .until(node::zmqSubscriptions, n -> n >= 1);
        return zmq;
    }

    /** getchaintips lists tips of equal height in pointer order in Core; compared by height, then hash. */
    private static List<JsonNode> sortedTips(JsonNode reply) {
        List<JsonNode> tips = new ArrayList<>();
        reply.get("result").forEach(tips::add);
        tips.sort(Comparator.<JsonNode>comparingInt(t -> -t.get("height").asInt())
                .thenComparing(t -> t.get("hash").asText()));
        return tips;
    }

    /** getblockchaininfo: every field as recorded but the disk size and the warning text (types still equal). */
    private static void assertSameChainInfo(String file, JsonNode reply) {
        JsonNode recorded = Recordings.json(file);
        assertSameShape(file, reply, recorded);
        ObjectNode ours = reply.get("result").deepCopy();
        ObjectNode theirs = recorded.get("result").deepCopy();
        for (String field : List.of("size_on_disk", "warnings")) {
            ours.remove(field);
            theirs.remove(field);
        }
        assertThat(ours).as(file).isEqualTo(theirs);
    }

    /** The same field names in the same order and the same JSON types, recursively (arrays: their first element). */
    static void assertSameShape(String where, JsonNode ours, JsonNode recorded) {
        assertThat(ours.getNodeType()).as(where).isEqualTo(recorded.getNodeType());
        if (recorded.isObject()) {
            List<String> names = new ArrayList<>();
            recorded.fieldNames().forEachRemaining(names::add);
            List<String> ourNames = new ArrayList<>();
            ours.fieldNames().forEachRemaining(ourNames::add);
            assertThat(ourNames).as(where).isEqualTo(names);
            for (String n : names) {
                assertSameShape(where + "." + n, ours.get(n), recorded.get(n));
            }
        } else if (recorded.isArray() && !recorded.isEmpty() && !ours.isEmpty()) {
            assertSameShape(where + "[0]", ours.get(0), recorded.get(0));
        }
    }

    static ArrayNode array(JsonNode n) {
        return (ArrayNode) n;
    }
}
