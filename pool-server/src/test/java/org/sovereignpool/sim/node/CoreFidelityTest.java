package org.sovereignpool.sim.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.sim.chain.SimulatedChain;

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
        ZmqListener zmq = new ZmqListener(node.zmqUrl().orElseThrow());
        closing.add(zmq);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.zmqSubscriptions() == 1);

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
