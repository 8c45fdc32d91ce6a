package org.sovereignpool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.share.model.Target;
import org.sovereignpool.share.testing.MessageDigestSha256;
import org.sovereignpool.sim.miner.ShareSearch;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.sim.miner.SimMinerStats;
import org.sovereignpool.stratum.testing.LineClient;
import org.sovereignpool.stratum.testing.MutableClock;
import org.sovereignpool.stratum.testing.TestPools;
import org.sovereignpool.stratum.testing.TestServer;

/**
 * The server over real sockets: a line client sends exact submits (including ones no real miner would send) and the
 * simulated miner mines for real. Difficulty 1e-5 (regtest allows fractions): a share takes ~43k hashes.
 */
class StratumServerEndToEndTest {
    private static final double DIFF = 1e-5;
    private static final Target SHARE_TARGET = Difficulty.of(DIFF).toTarget();

    private TestServer pool;
    private Job job;
    private final ShareSearch search = new ShareSearch(new MessageDigestSha256());

    @BeforeEach
    void setUp() throws Exception {
        job = TestPools.hardJob(1, 0x6b05c52e);
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(Integer.toUnsignedLong(job.ntime()) + 60));
        pool = new TestServer(TestPools.config(TestPools.Knobs.regtest(DIFF)), clock, 2);
        pool.server.newJob(job);
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    /** A subscribed and authorized line client, past its first set_difficulty and notify. */
    private record Miner(LineClient client, byte[] en1, int en2Size) {}

    private Miner handshake(String user) {
        LineClient c = new LineClient(pool.address);
        c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"test/1\"]}");
        c.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + user + "\",\"x\"]}");
        JsonNode sub = c.reply("1");
        assertThat(c.reply("2").get("result").asBoolean()).isTrue();
        assertThat(c.notification("mining.set_difficulty").get("params").get(0).asDouble())
                .isEqualTo(DIFF);
        JsonNode notify = c.notification("mining.notify");
        assertThat(notify.get("params").get(0).asText()).isEqualTo(job.idHex());
        assertThat(notify.get("params").get(8).asBoolean()).isTrue();
        return new Miner(
                c,
                Hex.decode(sub.get("result").get(1).asText()),
                sub.get("result").get(2).asInt());
    }

    private String submit(String id, String user, Job j, long en2, int en2Size, int ntime, long nonce, String vbits) {
        return "{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[\"" + user + "\",\"" + j.idHex() + "\",\""
                + Extranonce.fromLong(en2, en2Size).toHex() + "\",\"" + Hex.uint32(ntime) + "\",\""
                + Hex.uint32((int) nonce) + "\"" + (vbits == null ? "" : ",\"" + vbits + "\"") + "]}";
    }

    private long findShare(Miner m, Job j, long en2, Target target) {
        search.prepare(j, m.en1(), en2, m.en2Size(), j.version(), j.ntime());
        long nonce = search.search(0, 1 << 26, target);
        assertThat(nonce).isNotNegative();
        return nonce;
    }

    private static void assertError(String line, String rawId, int code) {
        assertThat(line).startsWith("{\"id\":" + rawId + ",\"result\":null,\"error\":[" + code + ",");
    }

    @Test
    void validShareIsAcceptedAndRecordedThenTheSameShareIsADuplicate() {
        Miner m = handshake("demo.rig1");
        long nonce = findShare(m, job, 7, SHARE_TARGET);
        String line = submit("4", "demo.rig1", job, 7, 4, job.ntime(), nonce, null);
        m.client().send(line);
        assertThat(m.client().replyLine("4")).isEqualTo("{\"id\":4,\"result\":true,\"error\":null}");
        assertThat(pool.shares).singleElement().satisfies(s -> {
            assertThat(s.worker().toString()).isEqualTo("demo.rig1");
            assertThat(s.difficulty()).isEqualTo(DIFF);
            assertThat(s.height()).isEqualTo(112);
        });
        m.client().send(line);
        assertThat(m.client().replyLine("4"))
                .isEqualTo("{\"id\":4,\"result\":null,\"error\":[22,\"Duplicate share\",null]}");
        assertThat(pool.shares).hasSize(1);
        assertThat(pool.registry
                        .get("stratum.shares")
                        .tag("reason", "duplicate")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(pool.registry
                        .get("stratum.shares")
                        .tag("reason", "accepted")
                        .counter()
                        .count())
                .isEqualTo(1);
        m.client().close();
    }

    @Test
    void rejectionsCarryTheirCodeAndTheFailingRequestsId() {
        Miner m = handshake("demo.rig1");
        LineClient c = m.client();
        long nonce = findShare(m, job, 9, SHARE_TARGET);

        c.send(submit(
                "\"unknown-job\"", "demo.rig1", TestPools.hardJob(0xff, job.ntime()), 9, 4, job.ntime(), nonce, null));
        assertError(c.replyLine("\"unknown-job\""), "\"unknown-job\"", 21);

        search.prepare(job, m.en1(), 10, 4, job.version(), job.ntime());
        long miss = search.searchMiss(0, 1000, SHARE_TARGET);
        c.send(submit("31", "demo.rig1", job, 10, 4, job.ntime(), miss, null));
        assertError(c.replyLine("31"), "31", 23);

        c.send(submit("32", "demo.other", job, 9, 4, job.ntime(), nonce, null));
        assertError(c.replyLine("32"), "32", 24);
        c.send(submit("33", "volta.rig1", job, 9, 4, job.ntime(), nonce, null));
        assertError(c.replyLine("33"), "33", 24);

        long farFuture = pool.clock.millis() / 1000 + 7201;
        c.send(submit("34", "demo.rig1", job, 9, 4, (int) farFuture, nonce, null));
        assertThat(c.replyLine("34"))
                .isEqualTo("{\"id\":34,\"result\":null,\"error\":[20,\"ntime out of range\",null]}");

        c.send(submit("35", "demo.rig1", job, 9, 4, job.ntime(), nonce, "00002000")); // no version rolling agreed
        assertThat(c.replyLine("35"))
                .isEqualTo(
                        "{\"id\":35,\"result\":null,\"error\":[20,\"Version bits outside the negotiated mask\",null]}");

        c.send(submit("36", "demo.rig1", job, 9, 2, job.ntime(), nonce, null));
        assertThat(c.replyLine("36"))
                .isEqualTo("{\"id\":36,\"result\":null,\"error\":[20,\"Incorrect size of extranonce2\",null]}");

        c.send(submit("37", "demo.rig1", job, 9, 4, job.ntime(), nonce, null)); // and the good one still counts
        assertThat(c.replyLine("37")).isEqualTo("{\"id\":37,\"result\":true,\"error\":null}");
        assertThat(pool.shares).hasSize(1);
        c.close();
    }

    @Test
    void versionBitsOutsideTheAgreedMaskAreRejectedAndInsideAccepted() {
        LineClient c = new LineClient(pool.address);
        c.send("{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],"
                + "{\"version-rolling.mask\":\"1fffe000\",\"version-rolling.min-bit-count\":2}]}");
        c.send("{\"id\":2,\"method\":\"mining.subscribe\",\"params\":[]}");
        c.send("{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"demo.vr\",\"\"]}");
        assertThat(c.replyLine("1"))
                .isEqualTo("{\"id\":1,\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"1fffe000\"},"
                        + "\"error\":null}");
        JsonNode sub = c.reply("2");
        c.reply("3");
        Miner m = new Miner(c, Hex.decode(sub.get("result").get(1).asText()), 4);
        int bits = 0x00ab6000;
        search.prepare(job, m.en1(), 3, 4, (job.version() & ~0x1fffe000) | bits, job.ntime());
        long nonce = search.search(0, 1 << 26, SHARE_TARGET);
        c.send(submit("40", "demo.vr", job, 3, 4, job.ntime(), nonce, Hex.uint32(bits)));
        assertThat(c.replyLine("40")).isEqualTo("{\"id\":40,\"result\":true,\"error\":null}");
        c.send(submit("41", "demo.vr", job, 3, 4, job.ntime(), nonce, Hex.uint32(bits | 1)));
        assertError(c.replyLine("41"), "41", 20);
        c.close();
    }

    @Test
    void submitBeforeSubscribeIsNotSubscribed() {
        try (LineClient c = new LineClient(pool.address)) {
            c.send(submit("4", "demo.rig1", job, 1, 4, job.ntime(), 1, null));
            assertThat(c.replyLine("4")).isEqualTo("{\"id\":4,\"result\":null,\"error\":[25,\"Not subscribed\",null]}");
        }
    }

    @Test
    void unregisteredOperatorsAreRefused() {
        try (LineClient c = new LineClient(pool.address)) {
            c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
            c.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"nobody.rig\",\"x\"]}");
            c.send("{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"bad name with spaces\",\"x\"]}");
            c.reply("1");
            assertThat(c.replyLine("2")).startsWith("{\"id\":2,\"result\":false,\"error\":[24,");
            assertThat(c.replyLine("3")).startsWith("{\"id\":3,\"result\":false,\"error\":[24,");
        }
    }

    @Test
    void aBlockGoesToTheSinkBeforeTheShareIsRecordedAndAnswered() {
        Job easy = TestPools.recordedJob("6b05c4e300000003"); // regtest bits: about half of all hashes are blocks
        pool.server.newJob(easy);
        Miner m = handshake0(easy);
        // a hash that solves the (regtest-easy) block but misses the share target: the block still goes out
        search.prepare(easy, m.en1(), 5, 4, easy.version(), easy.ntime());
        long weak = -1;
        for (int n = 0; n < 1000 && weak < 0; n++) {
            if (search.search(n, 1, easy.networkTarget()) >= 0 && !SHARE_TARGET.isMetBy(hashOf(search), 0)) {
                weak = n;
            }
        }
        assertThat(weak).isNotNegative();
        m.client().send(submit("3", "demo.rig1", easy, 5, 4, easy.ntime(), weak, null));
        assertError(m.client().replyLine("3"), "3", 23);
        assertThat(pool.events).containsExactly("block");

        search.prepare(easy, m.en1(), 6, 4, easy.version(), easy.ntime());
        long nonce = search.search(0, 1 << 26, SHARE_TARGET); // the share target is far harder than 207fffff
        var expectedHash = search.lastHash();
        m.client().send(submit("4", "demo.rig1", easy, 6, 4, easy.ntime(), nonce, null));
        assertThat(m.client().replyLine("4")).isEqualTo("{\"id\":4,\"result\":true,\"error\":null}");
        assertThat(pool.events).containsExactly("block", "block", "share");
        assertThat(pool.blocks).hasSize(2).last().satisfies(b -> {
            assertThat(b.hash()).isEqualTo(expectedHash);
            assertThat(b.job()).isSameAs(easy);
            assertThat(b.worker().toString()).isEqualTo("demo.rig1");
            assertThat(b.coinbase()).hasSize(easy.coinbaseLength(4, 4));
        });
        assertThat(pool.shares)
                .singleElement()
                .satisfies(s -> assertThat(s.blockCandidate()).isTrue());
        m.client().close();
    }

    private Miner handshake0(Job expected) {
        LineClient c = new LineClient(pool.address);
        c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
        c.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"demo.rig1\",\"x\"]}");
        JsonNode sub = c.reply("1");
        c.reply("2");
        assertThat(c.notification("mining.notify").get("params").get(0).asText())
                .isEqualTo(expected.idHex());
        return new Miner(c, Hex.decode(sub.get("result").get(1).asText()), 4);
    }

    @Test
    void aShareThatCannotBeRecordedIsNotAcceptedToTheMiner() {
        Miner m = handshake("demo.rig1");
        long nonce = findShare(m, job, 2, SHARE_TARGET);
        pool.failRecording.set(true);
        m.client().send(submit("4", "demo.rig1", job, 2, 4, job.ntime(), nonce, null));
        assertThat(m.client().replyLine("4"))
                .isEqualTo("{\"id\":4,\"result\":null,\"error\":[20,\"share not recorded\",null]}");
        m.client().close();
    }

    @Test
    void aShareOnAJobSentBeforeADifficultyIncreaseIsJudgedAtTheOldDifficulty() {
        Miner m = handshake("demo.rig1");
        LineClient c = m.client();
        double higher = DIFF * 1000;
        c.send("{\"id\":5,\"method\":\"mining.suggest_difficulty\",\"params\":[" + higher + "]}");
        assertThat(c.replyLine("5")).isEqualTo("{\"id\":5,\"result\":true,\"error\":null}");
        // at once: the new difficulty, then the same job again without clean_jobs
        assertThat(c.notification("mining.set_difficulty").get("params").get(0).asDouble())
                .isEqualTo(higher);
        JsonNode again = c.notification("mining.notify").get("params");
        assertThat(again.get(0).asText()).isEqualTo(job.idHex());
        assertThat(again.get(8).asBoolean()).isFalse();
        Job next = TestPools.hardJob(2, job.ntime());
        pool.server.newJob(next);
        assertThat(c.notification("mining.notify").get("params").get(0).asText())
                .isEqualTo(next.idHex());

        // a share good at the old difficulty but not the new one: accepted on the old job, worth the old difficulty
        Target newTarget = Difficulty.of(higher).toTarget();
        long en2 = 100;
        long nonce;
        while (true) {
            search.prepare(job, m.en1(), en2, 4, job.version(), job.ntime());
            nonce = search.search(0, 1 << 26, SHARE_TARGET);
            if (!newTarget.isMetBy(hashOf(search), 0)) {
                break;
            }
            en2++;
        }
        c.send(submit("6", "demo.rig1", job, en2, 4, job.ntime(), nonce, null));
        assertThat(c.replyLine("6")).isEqualTo("{\"id\":6,\"result\":true,\"error\":null}");
        assertThat(pool.shares)
                .singleElement()
                .satisfies(s -> assertThat(s.difficulty()).isEqualTo(DIFF));

        // the same kind of share on the new job is below its difficulty
        long en2b = 500;
        long nonceB;
        while (true) {
            search.prepare(next, m.en1(), en2b, 4, next.version(), next.ntime());
            nonceB = search.search(0, 1 << 26, SHARE_TARGET);
            if (!newTarget.isMetBy(hashOf(search), 0)) {
                break;
            }
            en2b++;
        }
        c.send(submit("7", "demo.rig1", next, en2b, 4, next.ntime(), nonceB, null));
        assertError(c.replyLine("7"), "7", 23);
        c.close();
    }

    private static byte[] hashOf(ShareSearch s) {
        return s.lastHash().internalBytes();
    }

    @Test
    void theSimulatedMinerGetsItsSharesAccepted() {
        SimMiner miner = SimMiner.start(
                SimMiner.Options.of("127.0.0.1", pool.address.getPort(), "volta.sim-1")
                        .withMaxRuntime(Duration.ofSeconds(60)),
                MessageDigestSha256::new,
                null);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> miner.stats().accepted() >= 5);
            SimMinerStats s = miner.stats();
            assertThat(s.rejected()).isZero();
            assertThat(s.versionMask()).isEqualTo("1fffe000");
            assertThat(s.extranonce2Size()).isEqualTo(4);
            assertThat(pool.shares)
                    .allSatisfy(sh -> assertThat(sh.worker().toString()).isEqualTo("volta.sim-1"));
        } finally {
            miner.close();
        }
    }

    @Test
    void afterJunkInputTheServerServesNewMiners() {
        Random random = new Random(42);
        // the junk comes from an address of its own: enough of it bans that address (stratum.bans), not the miner's
        for (int i = 0; i < 5; i++) {
            try (LineClient junk = new LineClient(pool.address, "127.0.0.9", 0)) {
                byte[] bytes = new byte[20_000 + random.nextInt(20_000)];
                random.nextBytes(bytes);
                junk.sendRaw(bytes);
                assertThat(junk.closedByServer(5000)).isTrue();
            }
        }
        try (LineClient junk = new LineClient(pool.address, "127.0.0.10", 0)) {
            for (int i = 0; i < 5; i++) {
                junk.send("{\"id\":" + i + ",\"method\":\"mining.subscribe\",\"params\":[}");
            }
            assertThat(junk.closedByServer(5000)).isTrue();
        }
        SimMiner miner = SimMiner.start(
                SimMiner.Options.of("127.0.0.1", pool.address.getPort(), "demo.after-junk")
                        .withMaxRuntime(Duration.ofSeconds(60)),
                MessageDigestSha256::new,
                null);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> miner.stats().accepted() >= 1);
        } finally {
            miner.close();
        }
    }

    @Test
    void drainTellsEveryMinerToReconnectElsewhereThenCloses() throws Exception {
        Miner a = handshake("demo.a");
        Miner b = handshake("demo.b");
        Thread drain = Thread.ofPlatform().start(() -> {
            try {
                pool.server.drain("pool-b.example", 3334, 5, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (Miner m : new Miner[] {a, b}) {
            JsonNode r = m.client().notification("client.reconnect");
            assertThat(r.get("params").toString()).isEqualTo("[\"pool-b.example\",3334,5]");
            m.client().close(); // as a miner does
        }
        drain.join(15_000);
        assertThat(drain.isAlive()).isFalse();
        assertThat(pool.server.connectionCount()).isZero();
    }

    /**
     * A job on a new block goes out clean to a connection whose last job was on another block, even when the job
     * itself is not clean: the full template that reaches a connection before the empty job did (the event loop sends
     * each connection the newest job when it gets to it). A further job on the same block keeps its own flag.
     */
    @Test
    void theFirstJobOnANewBlockIsCleanForTheConnectionWhateverItsOwnFlag() {
        Miner m = handshake("demo.rig1");
        Job onNewBlock = onBlock(job, 2, Hash256.fromDisplayHex("11".repeat(32)), false);
        pool.server.newJob(onNewBlock);
        JsonNode first = m.client().notification("mining.notify").get("params");
        assertThat(first.get(0).asText()).isEqualTo(onNewBlock.idHex());
        assertThat(first.get(8).asBoolean())
                .as("the connection's first job on the block")
                .isTrue();
        Job sameBlock = onBlock(job, 3, onNewBlock.prevHash(), false);
        pool.server.newJob(sameBlock);
        JsonNode second = m.client().notification("mining.notify").get("params");
        assertThat(second.get(0).asText()).isEqualTo(sameBlock.idHex());
        assertThat(second.get(8).asBoolean()).isFalse();
        m.client().close();
    }

    private static Job onBlock(Job j, long id, Hash256 prevHash, boolean clean) {
        return Job.builder()
                .id(id)
                .height(j.height())
                .prevHash(prevHash)
                .coinbase1(j.coinbase1())
                .coinbase2(j.coinbase2())
                .merkleBranch(j.merkleBranch())
                .version(j.version())
                .bits(j.bits())
                .minTime(j.minTime())
                .ntime(j.ntime())
                .cleanJobs(clean)
                .build();
    }

    @Test
    void aFreshJobIsSentWhenNoneCameForTheRefreshInterval() {
        Miner m = handshake("demo.rig1");
        pool.clock.advance(Duration.ofSeconds(pool.config.stratum().jobRefreshSeconds()));
        JsonNode notify = m.client().notification("mining.notify");
        assertThat(notify.get("params").get(0).asText()).isNotEqualTo(job.idHex());
        assertThat(notify.get("params").get(8).asBoolean()).isFalse();
        assertThat(Hex.parseUint32(notify.get("params").get(7).asText())).isEqualTo(pool.clock.millis() / 1000);
        m.client().close();
    }

    @Test
    void metricsCountConnectionsAndSessionsByState() {
        Miner m = handshake("demo.rig1");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> pool.registry
                                .get("stratum.sessions")
                                .tag("state", "authorized")
                                .gauge()
                                .value()
                        == 1);
        assertThat(pool.registry.get("stratum.connections").gauge().value()).isEqualTo(1);
        m.client().close();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> pool.registry.get("stratum.connections").gauge().value() == 0);
        assertThat(pool.registry
                        .get("stratum.sessions")
                        .tag("state", "authorized")
                        .gauge()
                        .value())
                .isZero();
        assertThat(pool.registry.get("stratum.notify.fanout").timer().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void cpuminersExactBytesAreServed() {
        // the requests exactly as cpuminer 2.5.1 formats them (fixtures/cpuminer-session.log lines 3, 6 and 22):
        // spaces after separators, the submit's id last and always 4; only the user differs (ours is operator.worker)
        try (LineClient c = new LineClient(pool.address)) {
            c.send("{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": [\"cpuminer/2.5.1\"]}");
            JsonNode sub = c.reply("1");
            assertThat(sub.get("error").isNull()).isTrue();
            c.send("{\"id\": 2, \"method\": \"mining.authorize\", \"params\": [\"demo.cpuminer\", \"x\"]}");
            assertThat(c.replyLine("2")).isEqualTo("{\"id\":2,\"result\":true,\"error\":null}");
            assertThat(c.notification("mining.set_difficulty")
                            .get("params")
                            .get(0)
                            .asDouble())
                    .isEqualTo(DIFF);
            c.notification("mining.notify");
            Miner m = new Miner(
                    c,
                    Hex.decode(sub.get("result").get(1).asText()),
                    sub.get("result").get(2).asInt());
            for (int en2 = 1; en2 <= 2; en2++) {
                long nonce = findShare(m, job, en2, SHARE_TARGET);
                c.send("{\"method\": \"mining.submit\", \"params\": [\"demo.cpuminer\", \"" + job.idHex() + "\", \""
                        + Extranonce.fromLong(en2, 4).toHex() + "\", \"" + Hex.uint32(job.ntime()) + "\", \""
                        + Hex.uint32((int) nonce) + "\"], \"id\":4}");
                assertThat(c.replyLine("4")).isEqualTo("{\"id\":4,\"result\":true,\"error\":null}");
            }
        }
    }

    @Test
    void severalWorkersOnOneConnectionEachGetTheirShares() {
        Miner m = handshake("demo.a");
        LineClient c = m.client();
        c.send("{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"demo.b\",\"x\"]}");
        assertThat(c.replyLine("3")).isEqualTo("{\"id\":3,\"result\":true,\"error\":null}");
        long n1 = findShare(m, job, 21, SHARE_TARGET);
        c.send(submit("4", "demo.b", job, 21, 4, job.ntime(), n1, null));
        assertThat(c.replyLine("4")).isEqualTo("{\"id\":4,\"result\":true,\"error\":null}");
        long n2 = findShare(m, job, 22, SHARE_TARGET);
        c.send(submit("5", "demo.a", job, 22, 4, job.ntime(), n2, null));
        assertThat(c.replyLine("5")).isEqualTo("{\"id\":5,\"result\":true,\"error\":null}");
        assertThat(pool.shares).extracting(s -> s.worker().toString()).containsExactly("demo.b", "demo.a");
        c.close();
    }

    @Test
    void showMessageReachesEveryMiner() {
        Miner a = handshake("demo.a");
        Miner b = handshake("demo.b");
        pool.server.showMessage("maintenance at 02:00 UTC");
        for (Miner m : new Miner[] {a, b}) {
            assertThat(m.client()
                            .notification("client.show_message")
                            .get("params")
                            .toString())
                    .isEqualTo("[\"maintenance at 02:00 UTC\"]");
            m.client().close();
        }
    }
}
