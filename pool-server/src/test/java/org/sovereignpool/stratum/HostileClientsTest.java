package org.sovereignpool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.ConfigLoader;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.share.model.Target;
import org.sovereignpool.share.testing.MessageDigestSha256;
import org.sovereignpool.sim.miner.ShareSearch;
import org.sovereignpool.stratum.testing.LineClient;
import org.sovereignpool.stratum.testing.MutableClock;
import org.sovereignpool.stratum.testing.TestPools;
import org.sovereignpool.stratum.testing.TestServer;

/**
 * The server against the hostile and the merely odd clients of issue 11's "Why", over real sockets, each with the
 * configuration's defaults for the edge (no test-only limits): a client that never reads, one address taking every
 * descriptor, thousands of authorizes, a worker name with a trailing space, suggest_difficulty after authorize,
 * Unicode digits in hex fields and a flood of unknown methods.
 */
class HostileClientsTest {
    private static final double DIFF = 1e-5;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ShareSearch search = new ShareSearch(new MessageDigestSha256());
    private Job job;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private TestServer pool(String yaml) throws Exception {
        job = TestPools.hardJob(1, 0x6b05c52e);
        PoolConfig config = ConfigLoader.parse(yaml, "<test>");
        TestServer pool = new TestServer(
                config, new MutableClock(Instant.ofEpochSecond(Integer.toUnsignedLong(job.ntime()) + 60)), 2);
        open.add(pool);
        pool.server.newJob(job);
        return pool;
    }

    private static String defaults() {
        return TestPools.yaml(TestPools.Knobs.regtest(DIFF));
    }

    private LineClient client(InetSocketAddress address) {
        LineClient c = new LineClient(address);
        open.add(c);
        return c;
    }

    /** Subscribed and authorized as {@code user}, past the first set_difficulty and notify; returns extranonce1. */
    private static byte[] handshake(LineClient c, String user) {
        c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
        c.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + user + "\",\"x\"]}");
        JsonNode sub = c.reply("1");
        assertThat(c.reply("2").get("result").asBoolean()).isTrue();
        c.notification("mining.set_difficulty");
        c.notification("mining.notify");
        return Hex.decode(sub.get("result").get(1).asText());
    }

    private static String submit(String id, String user, Job j, long en2, long nonce) {
        return "{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[\"" + user + "\",\"" + j.idHex() + "\",\""
                + Extranonce.fromLong(en2, 4).toHex() + "\",\"" + Hex.uint32(j.ntime()) + "\",\""
                + Hex.uint32((int) nonce) + "\"]}";
    }

    // ---- Why 1: a client that never reads

    @Test
    void aClientSendingHugeUnknownMethodsWithoutReadingIsClosedWithLittleQueuedForIt() throws Exception {
        TestServer pool = pool(defaults());
        LineClient c = new LineClient(pool.address, null, 4096);
        open.add(c);
        String line = "{\"id\":1,\"method\":\"" + "x".repeat(16_000) + "\",\"params\":[]}";
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            try {
                for (int i = 0; i < 2000; i++) {
                    c.send(line); // 32 MB of requests, each answered with its method name on today's main
                }
            } catch (RuntimeException closedByServer) {
                // expected once the server closes
            }
        });
        // what the server had queued for it is all it can still read before the server closes the connection
        long queued = c.bytesUntilClosed(30_000, 8_000_000);
        writer.join(10_000);
        assertThat(queued)
                .as("bytes queued for a client that did not read, before it was closed (-1: never closed)")
                .isBetween(0L, 1_000_000L);
    }

    @Test
    void theIdleTimerClosesAMinerThatReadsNothingWhileJobsPileUp() throws Exception {
        TestServer pool = pool(TestPools.yaml(TestPools.Knobs.regtest(DIFF).withLimits(0, 30, 10)));
        LineClient c = new LineClient(pool.address, null, 4096);
        open.add(c);
        handshake(c, "demo.sleepy");
        // it stops reading; a few megabytes of jobs fill the sockets and then the server's buffer for it
        for (int i = 0; i < 20_000; i++) {
            pool.server.newJob(TestPools.hardJob(100 + i, job.ntime()));
        }
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(25)).until(() -> pool.server.connectionCount() == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
    }

    // ---- Why 2: one address took every descriptor

    @Test
    void oneAddressGetsAtMostTheDefaultCapAndAnotherMinerIsServedAtOnce() throws Exception {
        TestServer pool = pool(TestPools.withoutStratumKey(defaults(), "maxConnectionsPerIp"));
        List<LineClient> flood = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            LineClient c = new LineClient(pool.address, "127.0.0.1", 0);
            open.add(c);
            flood.add(c);
        }
        // the server's count is <= 64 before it has accepted anything too: wait for the refusals to reach the clients
        await().atMost(Duration.ofSeconds(10))
                .until(() -> flood.stream().filter(LineClient::isClosedByServer).count() >= 36);
        assertThat(pool.server.connectionCount()).isLessThanOrEqualTo(64);
        LineClient miner = new LineClient(pool.address, "127.0.0.2", 0);
        open.add(miner);
        long start = System.nanoTime();
        miner.send("{\"id\":9,\"method\":\"mining.subscribe\",\"params\":[]}");
        assertThat(miner.replyLine("9")).startsWith("{\"id\":9,\"result\":[[[");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    // ---- Why 3: thousands of authorizes on one connection

    @Test
    void workersPerConnectionAreCappedAndTheConnectionStaysQuick() throws Exception {
        TestServer pool = pool(defaults());
        LineClient c = client(pool.address);
        byte[] en1 = handshake(c, "demo.w0");
        StringBuilder burst = new StringBuilder();
        for (int i = 1; i < 300; i++) {
            burst.append("{\"id\":")
                    .append(100 + i)
                    .append(",\"method\":\"mining.authorize\",\"params\":[\"demo.w")
                    .append(i)
                    .append("\",\"x\"]}\n");
        }
        c.sendRaw(burst.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(c.replyLine("355")).isEqualTo("{\"id\":355,\"result\":true,\"error\":null}");
        assertThat(c.replyLine("356"))
                .isEqualTo("{\"id\":356,\"result\":false,\"error\":[24,\"Too many workers on this connection (at most"
                        + " 256)\",null]}");
        assertThat(c.replyLine("399")).startsWith("{\"id\":399,\"result\":false,\"error\":[24,");
        search.prepare(job, en1, 1, 4, job.version(), job.ntime());
        long nonce = search.search(0, 1 << 26, Difficulty.of(DIFF).toTarget());
        c.send(submit("7", "demo.w255", job, 1, nonce));
        assertThat(c.replyLine("7")).isEqualTo("{\"id\":7,\"result\":true,\"error\":null}");
    }

    // ---- Why 4: a trailing space in the worker name

    @Test
    void aWorkerAuthorizedWithATrailingSpaceHasItsSharesAccepted() throws Exception {
        TestServer pool = pool(defaults());
        LineClient c = client(pool.address);
        byte[] en1 = handshake(c, "demo.w1 ");
        search.prepare(job, en1, 3, 4, job.version(), job.ntime());
        long nonce = search.search(0, 1 << 26, Difficulty.of(DIFF).toTarget());
        c.send(submit("4", "demo.w1 ", job, 3, nonce));
        assertThat(c.replyLine("4")).isEqualTo("{\"id\":4,\"result\":true,\"error\":null}");
        assertThat(pool.shares)
                .singleElement()
                .satisfies(s -> assertThat(s.worker().toString()).isEqualTo("demo.w1"));
    }

    // ---- Why 5: suggest_difficulty after authorize

    @Test
    void suggestDifficultyAfterAuthorizeTakesEffectAtOnceAndEarlierJobsAreJudgedAtTheLowerDifficulty()
            throws Exception {
        TestServer pool = pool(defaults());
        LineClient c = client(pool.address);
        byte[] en1 = handshake(c, "demo.rig");
        double lower = DIFF / 8;
        c.send("{\"id\":5,\"method\":\"mining.suggest_difficulty\",\"params\":[" + lower + "]}");
        assertThat(c.replyLine("5")).isEqualTo("{\"id\":5,\"result\":true,\"error\":null}");
        // no new job from the pool: the difficulty and the current job again come at once
        assertThat(c.notification("mining.set_difficulty").get("params").get(0).asDouble())
                .isEqualTo(lower);
        JsonNode again = c.notification("mining.notify").get("params");
        assertThat(again.get(0).asText()).isEqualTo(job.idHex());
        assertThat(again.get(8).asBoolean()).isFalse();

        // a share on the job sent before the decrease that meets only the new, lower difficulty
        Target old = Difficulty.of(DIFF).toTarget();
        Target target = Difficulty.of(lower).toTarget();
        long en2 = 40;
        long nonce;
        while (true) {
            search.prepare(job, en1, en2, 4, job.version(), job.ntime());
            nonce = search.search(0, 1 << 26, target);
            if (!old.isMetBy(search.lastHash().internalBytes(), 0)) {
                break;
            }
            en2++;
        }
        c.send(submit("6", "demo.rig", job, en2, nonce));
        assertThat(c.replyLine("6")).isEqualTo("{\"id\":6,\"result\":true,\"error\":null}");
        assertThat(pool.shares)
                .singleElement()
                .satisfies(s -> assertThat(s.difficulty()).isEqualTo(lower));
    }

    // ---- Why 6: hex fields and unknown methods

    @Test
    void hexFieldsTakeAsciiHexOnly() throws Exception {
        TestServer pool = pool(defaults());
        LineClient c = client(pool.address);
        handshake(c, "demo.rig");
        String arabicIndicOne = "\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0661"; // Character.digit says 00000001
        c.send("{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"demo.rig\",\"" + job.idHex() + "\",\"00000001\",\""
                + Hex.uint32(job.ntime()) + "\",\"" + arabicIndicOne + "\"]}");
        assertThat(c.replyLine("4"))
                .isEqualTo("{\"id\":4,\"result\":null,\"error\":[20,\"nonce must be 8 hex digits, got \\\""
                        + arabicIndicOne + "\\\"\",null]}");
        String fullWidth = "\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff11";
        c.send("{\"id\":5,\"method\":\"mining.submit\",\"params\":[\"demo.rig\",\"" + job.idHex() + "\",\"" + fullWidth
                + "\",\"" + Hex.uint32(job.ntime()) + "\",\"00000001\"]}");
        assertThat(c.replyLine("5"))
                .isEqualTo("{\"id\":5,\"result\":null,\"error\":[20,\"extranonce2 is not hex: \\\"" + fullWidth
                        + "\\\"\",null]}");
    }

    @Test
    void aFloodOfUnknownMethodsIsCutOff() throws Exception {
        TestServer pool = pool(defaults());
        LineClient c = client(pool.address);
        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            flood.append("{\"id\":").append(i).append(",\"method\":\"mining.nothing\",\"params\":[]}\n");
        }
        c.sendRaw(flood.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long bytes = c.bytesUntilClosed(15_000, 10_000_000);
        assertThat(bytes)
                .as("bytes answered before the server closed (-1: never closed)")
                .isPositive();
        long answered = bytes
                / "{\"id\":1234,\"result\":null,\"error\":[20,\"Unknown method mining.nothing\",null]}\n".length();
        assertThat(answered).isLessThan(1000);
    }
}
