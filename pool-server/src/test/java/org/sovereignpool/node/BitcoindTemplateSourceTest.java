package org.sovereignpool.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.NodeAuth;
import org.sovereignpool.config.NodeConfig;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.testing.node.FakeBitcoind;
import org.sovereignpool.testing.node.NodeFixtures;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class BitcoindTemplateSourceTest {
    private static final BitcoindTemplateSource.Options POLL_FAST = new BitcoindTemplateSource.Options(
            Duration.ofMillis(20), Duration.ofMillis(50), false, Duration.ofSeconds(2));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private FakeBitcoind node(String password) {
        FakeBitcoind n = new FakeBitcoind("pool", password);
        closing.add(n);
        return n;
    }

    private BitcoindTemplateSource source(
            Network network, BitcoindTemplateSource.Options options, FakeBitcoind... nodes) {
        List<NodeConfig> configs = new ArrayList<>();
        for (FakeBitcoind n : nodes) {
            configs.add(new NodeConfig(n.url(), new NodeAuth.Password("pool", "secret"), Optional.empty()));
        }
        BitcoindTemplateSource s = BitcoindTemplateSource.fromConfig(configs, network, options, registry);
        closing.add(s);
        return s;
    }

    private double healthy(int node) {
        return registry.get("node.healthy")
                .tag("node", Integer.toString(node))
                .gauge()
                .value();
    }

    private double unavailable(String reason) {
        var c = registry.find("node.unavailable").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aNodeOnAnotherChainGivesNoJobsAndSaysWhy() {
        FakeBitcoind n = node("secret");
        n.chain("main");
        BitcoindTemplateSource s = source(Network.REGTEST, POLL_FAST, n);
        assertThatThrownBy(s::template).isInstanceOfSatisfying(NodeException.class, e -> {
            assertThat(e.kind()).isEqualTo(NodeException.Kind.NO_HEALTHY_NODE);
            assertThat(e.getMessage()).contains("is on chain 'main' but the pool is configured for 'regtest'");
        });
        assertThat(n.count("getblocktemplate")).isZero();
        assertThat(healthy(0)).isZero();
        assertThat(unavailable("wrong-network")).isEqualTo(1);
        assertThat(s.lastProblem(0)).contains("chain 'main'");
    }

    @Test
    void aMainnetNodeInInitialBlockDownloadGivesNoJobsAndSaysWhy() throws Exception {
        FakeBitcoind n = node("secret");
        n.chain("main");
        n.initialBlockDownload(true);
        BitcoindTemplateSource s = source(Network.MAINNET, POLL_FAST, n);
        assertThatThrownBy(s::template).hasMessageContaining("is in initial block download (111 of 111 blocks)");
        assertThat(unavailable("initial-block-download")).isEqualTo(1);
        assertThat(n.count("getblocktemplate")).isZero();
        assertThat(healthy(0)).isZero();
        n.initialBlockDownload(false);
        assertThat(s.template().height()).isEqualTo(112);
        assertThat(healthy(0)).isEqualTo(1);
        assertThat(s.isHealthy(0)).isTrue();
    }

    @Test
    void aFreshRegtestNodeStillInInitialBlockDownloadGivesJobsAsCoreDoes() throws Exception {
        FakeBitcoind n = node("secret");
        n.initialBlockDownload(true); // a new regtest chain: only old blocks, so Core reports IBD
        BitcoindTemplateSource s = source(Network.REGTEST, POLL_FAST, n);
        assertThat(s.template().height()).isEqualTo(112);
        assertThat(unavailable("initial-block-download")).isZero();
        assertThat(s.isHealthy(0)).isTrue();
    }

    @Test
    void templatesComeFromTheFirstHealthyNodeAndFailOver() throws Exception {
        FakeBitcoind first = node("other-password"); // our credentials are wrong for it: 401
        FakeBitcoind second = node("secret");
        BitcoindTemplateSource s = source(Network.REGTEST, POLL_FAST, first, second);
        BlockTemplate t = s.template();
        assertThat(t.height()).isEqualTo(112);
        assertThat(second.count("getblocktemplate")).isEqualTo(1);
        assertThat(healthy(0)).isZero();
        assertThat(healthy(1)).isEqualTo(1);
        assertThat(unavailable("unauthorized")).isEqualTo(1);
        assertThat(s.lastProblem(0)).contains("401");

        // the second node goes away too: nothing left, and the error names both
        second.stop();
        assertThatThrownBy(s::template).hasMessageContaining("401").hasMessageContaining("cannot connect");
        // it comes back
        second.restart();
        assertThat(s.template().height()).isEqualTo(112);
    }

    @Test
    void aFoundBlockGoesToEveryNodeInParallel() {
        FakeBitcoind a = node("secret");
        FakeBitcoind b = node("secret");
        FakeBitcoind c = node("secret");
        c.stop(); // one node is down: the others still get the block
        b.hang("submitblock"); // one node does not answer: submitBlock waits for it only up to its timeout
        BitcoindTemplateSource quick = new BitcoindTemplateSource(
                List.of(
                        client("node0", a, Duration.ofSeconds(5)),
                        client("node1", b, Duration.ofMillis(300)),
                        client("node2", c, Duration.ofSeconds(5))),
                List.of(Optional.empty(), Optional.empty(), Optional.empty()),
                Network.REGTEST,
                POLL_FAST,
                new SimpleMeterRegistry());
        closing.add(quick);
        List<SubmitResult> results = quick.submitBlock(NodeFixtures.block112());
        assertThat(results)
                .extracting(SubmitResult::status)
                .containsExactly(
                        SubmitResult.Status.ACCEPTED, SubmitResult.Status.UNREACHABLE, SubmitResult.Status.UNREACHABLE);
        assertThat(results.get(1).reason()).contains("timeout");
        assertThat(results.get(2).reason()).contains("unreachable");
        assertThat(a.count("submitblock")).isEqualTo(1);
        assertThat(b.count("submitblock")).isEqualTo(1);
        assertThat(quick.nodes()).hasSize(3);
    }

    private BitcoindNode client(String name, FakeBitcoind n, Duration timeout) {
        return new BitcoindNode(new RpcClient(
                name, n.url(), new NodeAuth.Password("pool", "secret"), timeout, 0, Duration.ofMillis(1), registry));
    }

    @Test
    void onSignetTheTemplateRulesIncludeSignet() throws Exception {
        FakeBitcoind n = node("secret");
        n.chain("signet");
        BitcoindTemplateSource s = source(Network.SIGNET, POLL_FAST, n);
        assertThat(s.rules()).containsExactly("segwit", "signet");
        s.template();
        FakeBitcoind.Request gbt = n.requests().stream()
                .filter(r -> r.method().equals("getblocktemplate"))
                .findFirst()
                .orElseThrow();
        assertThat(gbt.params().get(0).get("rules").toString()).isEqualTo("[\"segwit\",\"signet\"]");
    }

    @Test
    void pollingSeesANewBlock() throws Exception {
        FakeBitcoind n = node("secret");
        BitcoindTemplateSource s = source(Network.REGTEST, POLL_FAST, n);
        List<Hash256> heard = new CopyOnWriteArrayList<>();
        s.addBlockListener(heard::add);
        s.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> NodeFixtures.BLOCK_111.equals(s.lastTip()));
        client("other", n, Duration.ofSeconds(5)).submitBlock(NodeFixtures.block112()); // a block from elsewhere
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains(NodeFixtures.BLOCK_112));
        assertThat(heard).containsExactly(NodeFixtures.BLOCK_112);
    }

    @Test
    void longPollingSeesANewBlock() throws Exception {
        FakeBitcoind n = node("secret");
        BitcoindTemplateSource s = source(
                Network.REGTEST,
                new BitcoindTemplateSource.Options(
                        Duration.ofMillis(500), Duration.ofMinutes(10), true, Duration.ofSeconds(20)),
                n);
        List<Hash256> heard = new CopyOnWriteArrayList<>();
        s.addBlockListener(heard::add);
        s.start();
        // the long poll is waiting with the recorded longpollid
        await().atMost(Duration.ofSeconds(5))
                .until(() -> n.requests().stream()
                        .anyMatch(r -> r.method().equals("getblocktemplate")
                                && r.params().get(0).has("longpollid")));
        client("other", n, Duration.ofSeconds(5)).submitBlock(NodeFixtures.block112());
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains(NodeFixtures.BLOCK_112));
    }

    @Test
    void zmqHashblockIsHeard() throws Exception {
        FakeBitcoind n = node("secret");
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Socket pub = ctx.createSocket(SocketType.PUB);
            int port = pub.bindToRandomPort("tcp://127.0.0.1");
            BitcoindTemplateSource s = new BitcoindTemplateSource(
                    List.of(client("node0", n, Duration.ofSeconds(5))),
                    List.of(Optional.of(URI.create("tcp://127.0.0.1:" + port))),
                    Network.REGTEST,
                    new BitcoindTemplateSource.Options(
                            Duration.ofMillis(500), Duration.ofMinutes(10), true, Duration.ofSeconds(2)),
                    registry);
            closing.add(s);
            List<Hash256> heard = new CopyOnWriteArrayList<>();
            s.addBlockListener(heard::add);
            s.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> NodeFixtures.BLOCK_111.equals(s.lastTip()));
            // Core's message: topic, the hash in display order, a 4-byte little-endian sequence number.
            // Published until heard: a SUB socket misses what is sent before its subscription arrives.
            byte[] body = Hex.decode(NodeFixtures.BLOCK_112.toDisplayHex());
            int[] seq = {0};
            // a deadline, not a delay: on a loaded 2-core CI machine the subscriber thread may start late. The PUB
            // socket is used on the thread that made it (ZMQ sockets are not thread-safe; Awaitility would otherwise
            // evaluate on a thread of its own, and a socket used across threads may never see its subscriber)
            await().atMost(Duration.ofSeconds(30))
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        pub.sendMore("hashblock");
                        pub.sendMore(body);
                        pub.send(new byte[] {(byte) seq[0]++, 0, 0, 0});
                        return heard.contains(NodeFixtures.BLOCK_112);
                    });
            assertThat(heard).containsOnly(NodeFixtures.BLOCK_112);
            // no getbestblockhash poll was needed: the safety poll is 10 minutes away
            assertThat(n.count("getbestblockhash")).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void malformedZmqMessagesAreIgnored() {
        org.zeromq.ZMsg msg = new org.zeromq.ZMsg();
        msg.add("hashblock");
        msg.add(new byte[31]);
        assertThat(ZmqBlockSubscriber.parse(msg)).isNull();
        org.zeromq.ZMsg other = new org.zeromq.ZMsg();
        other.add("rawtx");
        other.add(new byte[32]);
        assertThat(ZmqBlockSubscriber.parse(other)).isNull();
        org.zeromq.ZMsg good = new org.zeromq.ZMsg();
        good.add("hashblock");
        good.add(Hex.decode(NodeFixtures.BLOCK_112.toDisplayHex()));
        good.add(new byte[4]);
        assertThat(ZmqBlockSubscriber.parse(good)).isEqualTo(NodeFixtures.BLOCK_112);
    }

    @Test
    void optionsRefuseSlowLastResortPolling() {
        assertThatThrownBy(() -> new BitcoindTemplateSource.Options(
                        Duration.ofMillis(501), Duration.ofSeconds(5), true, Duration.ofMinutes(1)))
                .hasMessageContaining("pollInterval must be 1..500 ms");
        assertThat(BitcoindTemplateSource.coreChainName(Network.MAINNET)).isEqualTo("main");
        assertThat(BitcoindTemplateSource.coreChainName(Network.TESTNET4)).isEqualTo("testnet4");
    }
}
