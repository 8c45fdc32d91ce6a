package org.sovereignpool.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.NodeAuth;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.testing.node.FakeBitcoind;
import org.sovereignpool.testing.node.NodeFixtures;

/** The node client against a local HTTP server replaying Bitcoin Core's recorded bodies. */
class RpcClientTest {
    private final FakeBitcoind node = new FakeBitcoind("pool", "secret");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        node.close();
    }

    private BitcoindNode client(NodeAuth auth, Duration timeout, int retries) {
        return new BitcoindNode(
                new RpcClient("node0", node.url(), auth, timeout, retries, Duration.ofMillis(1), registry));
    }

    private BitcoindNode client() {
        return client(new NodeAuth.Password("pool", "secret"), Duration.ofSeconds(5), 0);
    }

    @Test
    void theRecordedTemplateReplyParsesIntoTheRecordedTemplate() throws Exception {
        BlockTemplate t = BlockTemplate.parse(client().blockTemplate(List.of("segwit")));
        BlockTemplate recorded = NodeFixtures.template112();
        assertThat(t.height()).isEqualTo(112);
        assertThat(t.previousBlockHash()).isEqualTo(NodeFixtures.BLOCK_111);
        assertThat(t.txids()).isEqualTo(recorded.txids());
        assertThat(t.coinbaseValue()).isEqualTo(5_000_032_000L);
        assertThat(t.bits().toHex()).isEqualTo("207fffff");
        assertThat(t.minTime()).isEqualTo(1795540192L);
        assertThat(t.longPollId()).isEqualTo(NodeFixtures.BLOCK_111.toDisplayHex() + "119");
        assertThat(org.sovereignpool.share.model.Hex.encode(
                        t.defaultWitnessCommitment().orElseThrow()))
                .isEqualTo("6a24aa21a9edff5cc59a6930d75406b6a90f8c5b4e946d324fe40d0557bea4806e8f47460b47");
        // the request Bitcoin Core needs: rules with segwit, JSON-RPC 1.0, basic auth
        FakeBitcoind.Request request = node.requests().get(0);
        assertThat(request.params().get(0).get("rules").get(0).asText()).isEqualTo("segwit");
    }

    @Test
    void getblocktemplateWithoutSegwitGetsCoresErrorVerbatim() {
        assertThatThrownBy(() -> client().blockTemplate(List.of("csv")))
                .isInstanceOfSatisfying(NodeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(NodeException.Kind.RPC_ERROR);
                    assertThat(e.rpcCode()).isEqualTo(-8);
                    assertThat(RpcClient.rpcMessage(e))
                            .isEqualTo(NodeFixtures.json("rpc-raw-gbt-no-segwit-error.json")
                                    .get("error")
                                    .get("message")
                                    .asText());
                    assertThat(e.isTransient()).isFalse();
                });
    }

    @Test
    void undecodableBlockHexGetsTheRecordedErrorAsBitcoinCliWordsIt() {
        SubmitResult r = client().submitBlock(new byte[] {1, 2, 3});
        assertThat(r.status()).isEqualTo(SubmitResult.Status.ERROR);
        assertThat(r.reason()).isEqualTo(NodeFixtures.submitblockReplies().get("truncated-hex"));
    }

    @Test
    void submitblockAnswersNullThenDuplicateForBlock112() {
        BitcoindNode c = client();
        SubmitResult first = c.submitBlock(NodeFixtures.block112());
        assertThat(first.status()).isEqualTo(SubmitResult.Status.ACCEPTED);
        assertThat(first.reply()).isNull();
        SubmitResult again = c.submitBlock(NodeFixtures.block112());
        assertThat(again.reply()).isEqualTo(NodeFixtures.submitblockReplies().get("resubmit-accepted-block"));
        assertThat(again.status()).isEqualTo(SubmitResult.Status.DUPLICATE);
        assertThat(again.nodeHasBlock()).isTrue();
    }

    @Test
    void registeredRejectReasonsComeBackAsRejections() {
        byte[] variant = NodeFixtures.block112().clone();
        variant[40] ^= 1;
        node.replyTo(variant, "bad-txnmrklroot");
        SubmitResult r = client().submitBlock(variant);
        assertThat(r.status()).isEqualTo(SubmitResult.Status.REJECTED);
        assertThat(r.reason()).isEqualTo("bad-txnmrklroot");
    }

    @Test
    void typedCallsReadTheRecordedReplies() throws Exception {
        BitcoindNode c = client();
        ChainInfo info = c.blockchainInfo();
        assertThat(info.chain()).isEqualTo("regtest");
        assertThat(info.blocks()).isEqualTo(111);
        assertThat(info.bestBlockHash()).isEqualTo(NodeFixtures.BLOCK_111);
        assertThat(info.initialBlockDownload()).isFalse();
        assertThat(c.bestBlockHash()).isEqualTo(NodeFixtures.BLOCK_111);
        assertThat(c.blockHash(111)).isEqualTo(NodeFixtures.BLOCK_111);
        assertThat(c.blockHeader(NodeFixtures.BLOCK_112)).isEmpty(); // -5 Block not found
        c.submitBlock(NodeFixtures.block112());
        HeaderInfo h = c.blockHeader(NodeFixtures.BLOCK_112).orElseThrow();
        assertThat(h.height()).isEqualTo(112);
        assertThat(h.previousBlockHash()).isEqualTo(NodeFixtures.BLOCK_111);
        assertThat(h.onBestChain()).isTrue();
        c.preciousBlock(NodeFixtures.BLOCK_112);
        assertThat(node.count("preciousblock")).isEqualTo(1);
        assertThatThrownBy(() -> c.blockHash(5000))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.rpcCode()).isEqualTo(-8));
    }

    @Test
    void wrongPasswordIs401AndNotRetried() {
        BitcoindNode c = client(new NodeAuth.Password("pool", "wrong"), Duration.ofSeconds(5), 3);
        assertThatThrownBy(c::bestBlockHash).isInstanceOfSatisfying(NodeException.class, e -> {
            assertThat(e.kind()).isEqualTo(NodeException.Kind.UNAUTHORIZED);
            assertThat(e.getMessage()).contains("HTTP 401").contains("rpcUser/rpcPassword or the cookie file");
        });
        assertThat(node.count("getbestblockhash")).isEqualTo(1);
    }

    @Test
    void cookieFileIsReadAtEachCall(@TempDir Path dir) throws Exception {
        Path cookie = dir.resolve(".cookie");
        NodeAuth auth = new NodeAuth.Cookie(cookie);
        BitcoindNode c = client(auth, Duration.ofSeconds(5), 0);
        // no cookie file: bitcoind is not running (it writes the file when it starts), a transient failure
        assertThatThrownBy(c::bestBlockHash).isInstanceOfSatisfying(NodeException.class, e -> {
            assertThat(e.kind()).isEqualTo(NodeException.Kind.UNREACHABLE);
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage())
                    .contains("no cookie file")
                    .contains(".cookie")
                    .contains("is it running?");
        });
        assertThat(node.requests()).isEmpty();
        try (FakeBitcoind cookieNode = new FakeBitcoind("__cookie__", "c0ffee")) {
            BitcoindNode cc = new BitcoindNode(new RpcClient(
                    "n", cookieNode.url(), auth, Duration.ofSeconds(5), 0, Duration.ofMillis(1), registry));
            Files.writeString(cookie, "__cookie__:stale\n");
            assertThatThrownBy(cc::bestBlockHash)
                    .isInstanceOfSatisfying(
                            NodeException.class, e -> assertThat(e.kind()).isEqualTo(NodeException.Kind.UNAUTHORIZED));
            Files.writeString(cookie, "__cookie__:c0ffee\n"); // bitcoind restarted and wrote a new cookie
            assertThat(cc.bestBlockHash()).isEqualTo(NodeFixtures.BLOCK_111);
        }
    }

    @Test
    void aNodeThatDoesNotAnswerTimesOutAfterTheRetries() {
        node.hang("getbestblockhash");
        BitcoindNode c = client(new NodeAuth.Password("pool", "secret"), Duration.ofMillis(300), 1);
        assertThatThrownBy(c::bestBlockHash).isInstanceOfSatisfying(NodeException.class, e -> {
            assertThat(e.kind()).isEqualTo(NodeException.Kind.TIMEOUT);
            assertThat(e.getMessage()).contains("no reply within");
            assertThat(e.isTransient()).isTrue();
        });
        assertThat(node.count("getbestblockhash")).isEqualTo(2);
    }

    @Test
    void aNodeThatGoesAwayAndComesBack() throws Exception {
        BitcoindNode c = client(new NodeAuth.Password("pool", "secret"), Duration.ofSeconds(2), 0);
        assertThat(c.bestBlockHash()).isEqualTo(NodeFixtures.BLOCK_111);
        node.stop();
        assertThatThrownBy(c::bestBlockHash).isInstanceOfSatisfying(NodeException.class, e -> {
            assertThat(e.kind()).isEqualTo(NodeException.Kind.UNREACHABLE);
            assertThat(e.isTransient()).isTrue();
        });
        SubmitResult whileDown = c.submitBlock(NodeFixtures.block112());
        assertThat(whileDown.status()).isEqualTo(SubmitResult.Status.UNREACHABLE);
        node.restart();
        assertThat(c.bestBlockHash()).isEqualTo(NodeFixtures.BLOCK_111);
        assertThat(c.submitBlock(NodeFixtures.block112()).status()).isEqualTo(SubmitResult.Status.ACCEPTED);
    }

    @Test
    void aNodeWarmingUpIsRetriedWithBackoff() throws Exception {
        node.scriptErrors(
                "getbestblockhash",
                "{\"result\":null,\"error\":{\"code\":-28,\"message\":\"Loading block index…\"},\"id\":1}",
                "{\"result\":null,\"error\":{\"code\":-28,\"message\":\"Verifying blocks…\"},\"id\":2}");
        BitcoindNode c = client(new NodeAuth.Password("pool", "secret"), Duration.ofSeconds(5), 2);
        assertThat(c.bestBlockHash()).isEqualTo(NodeFixtures.BLOCK_111);
        assertThat(node.count("getbestblockhash")).isEqualTo(3);
    }

    @Test
    void nonJsonRepliesAreNamed() {
        node.scriptErrors("getbestblockhash", "<html>proxy error</html>");
        assertThatThrownBy(() -> client().bestBlockHash()).isInstanceOfSatisfying(NodeException.class, e -> {
            assertThat(e.kind()).isEqualTo(NodeException.Kind.HTTP);
            assertThat(e.rpcCode()).isEqualTo(500);
            assertThat(e.getMessage()).contains("proxy error");
        });
        assertThatThrownBy(() -> client().rpc().call("nosuchmethod"))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.rpcCode()).isEqualTo(-32601));
    }

    @Test
    void latencyIsTimedPerMethod() throws Exception {
        client().bestBlockHash();
        client().blockchainInfo();
        assertThat(registry.get("node.rpc.latency")
                        .tag("method", "getbestblockhash")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("node.rpc.latency")
                        .tag("method", "getblockchaininfo")
                        .timer()
                        .count())
                .isEqualTo(1);
    }
}
