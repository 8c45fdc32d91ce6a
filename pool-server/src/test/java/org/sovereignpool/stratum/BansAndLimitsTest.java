package org.sovereignpool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.ConfigLoader;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.share.testing.MessageDigestSha256;
import org.sovereignpool.sim.miner.ShareSearch;
import org.sovereignpool.stratum.testing.LineClient;
import org.sovereignpool.stratum.testing.MutableClock;
import org.sovereignpool.stratum.testing.TestPools;
import org.sovereignpool.stratum.testing.TestServer;

/**
 * Bans, site and server caps, the request rate, back-pressure, {@code d=N} and set_extranonce, over real sockets from
 * several loopback addresses (127.0.0.x are different addresses to the server).
 */
class BansAndLimitsTest {
    private static final double DIFF = 1e-5;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ShareSearch search = new ShareSearch(new MessageDigestSha256());
    private final Job job = TestPools.hardJob(1, 0x6b05c52e);

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private TestServer pool(String... stratumKeys) throws Exception {
        String yaml = TestPools.yaml(TestPools.Knobs.regtest(DIFF));
        for (int i = 0; i < stratumKeys.length; i += 2) {
            yaml = TestPools.withStratumKey(yaml, stratumKeys[i], stratumKeys[i + 1]);
        }
        TestServer pool = new TestServer(
                ConfigLoader.parse(yaml, "<test>"),
                new MutableClock(Instant.ofEpochSecond(Integer.toUnsignedLong(job.ntime()) + 60)),
                2);
        open.add(pool);
        pool.server.newJob(job);
        return pool;
    }

    private LineClient from(TestServer pool, String source) {
        LineClient c = new LineClient(pool.address, source, 0);
        open.add(c);
        return c;
    }

    private static JsonNode handshake(LineClient c, String user, String password) {
        c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
        c.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + user + "\",\"" + password + "\"]}");
        JsonNode sub = c.reply("1");
        assertThat(c.reply("2").get("result").asBoolean()).isTrue();
        return sub;
    }

    private static String badSubmit(int id, String user) {
        return "{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[\"" + user
                + "\",\"00000000000000ff\",\"00000001\",\"6b05c52e\",\"00000001\"]}";
    }

    private static String submit(String id, String user, Job j, long en2, long nonce) {
        return "{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[\"" + user + "\",\"" + j.idHex() + "\",\""
                + Extranonce.fromLong(en2, 4).toHex() + "\",\"" + Hex.uint32(j.ntime()) + "\",\""
                + Hex.uint32((int) nonce) + "\"]}";
    }

    private long share(byte[] en1, long en2) {
        search.prepare(job, en1, en2, 4, job.version(), job.ntime());
        return search.search(0, 1 << 26, Difficulty.of(DIFF).toTarget());
    }

    private static double counter(TestServer pool, String name, String reason) {
        return pool.registry.get(name).tag("reason", reason).counter().count();
    }

    @Test
    void anAddressSendingOnlyInvalidSharesIsBannedRefusedAtAcceptAndLiftable() throws Exception {
        TestServer pool = pool("bans", "{invalidShares: 5, seconds: 600}");
        LineClient bad = from(pool, "127.0.0.3");
        handshake(bad, "demo.bad", "x");
        LineClient sibling = from(pool, "127.0.0.3"); // another connection of the same address
        sibling.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
        sibling.reply("1");
        for (int i = 0; i < 5; i++) {
            bad.send(badSubmit(10 + i, "demo.bad"));
        }
        assertThat(bad.closedByServer(5000)).isTrue();
        assertThat(sibling.closedByServer(5000))
                .as("the banned address's other connection")
                .isTrue();
        assertThat(pool.server.bans()).singleElement().satisfies(b -> {
            assertThat(b.address()).isEqualTo("127.0.0.3");
            assertThat(b.reason()).isEqualTo("invalid_share: 5 within 600 s");
        });
        assertThat(from(pool, "127.0.0.3").closedByServer(5000))
                .as("refused at accept")
                .isTrue();
        assertThat(counter(pool, "stratum.connections.refused", "banned")).isEqualTo(1);
        assertThat(counter(pool, "stratum.bans", "invalid_share")).isEqualTo(1);
        LineClient other = from(pool, "127.0.0.5");
        handshake(other, "demo.ok", "x"); // other addresses are unaffected

        assertThat(pool.server.liftBan("127.0.0.3")).isTrue();
        assertThat(pool.server.liftBan("127.0.0.3")).isFalse();
        assertThat(pool.server.bans()).isEmpty();
        handshake(from(pool, "127.0.0.3"), "demo.bad", "x");
    }

    @Test
    void anAcceptedShareStartsTheInvalidCountAgain() throws Exception {
        TestServer pool = pool("bans", "{invalidShares: 5}");
        LineClient c = from(pool, "127.0.0.6");
        byte[] en1 =
                Hex.decode(handshake(c, "demo.flaky", "x").get("result").get(1).asText());
        c.notification("mining.notify");
        for (int i = 0; i < 4; i++) {
            c.send(badSubmit(10 + i, "demo.flaky"));
            c.replyLine(Integer.toString(10 + i));
        }
        c.send(submit("20", "demo.flaky", job, 1, share(en1, 1)));
        assertThat(c.replyLine("20")).isEqualTo("{\"id\":20,\"result\":true,\"error\":null}");
        for (int i = 0; i < 4; i++) {
            c.send(badSubmit(30 + i, "demo.flaky"));
            c.replyLine(Integer.toString(30 + i));
        }
        assertThat(c.closedByServer(300)).isFalse();
        assertThat(pool.server.bans()).isEmpty();
    }

    @Test
    void unauthorizedSubmitsAndMalformedLinesLeadToABanToo() throws Exception {
        TestServer pool = pool("bans", "{unauthorizedSubmits: 3, malformedLines: 4}", "maxMalformedLines", "100");
        LineClient c = from(pool, "127.0.0.7");
        handshake(c, "demo.x", "x");
        for (int i = 0; i < 3; i++) {
            c.send(badSubmit(10 + i, "demo.someone-else"));
        }
        assertThat(c.closedByServer(5000)).isTrue();
        LineClient d = from(pool, "127.0.0.8");
        for (int i = 0; i < 4; i++) {
            d.send("{\"id\":" + i + ",\"method\":");
        }
        assertThat(d.closedByServer(5000)).isTrue();
        assertThat(pool.server.bans())
                .extracting(b -> b.address() + " " + b.reason())
                .containsExactlyInAnyOrder(
                        "127.0.0.7 unauthorized_submit: 3 within 600 s", "127.0.0.8 malformed_line: 4 within 600 s");
    }

    @Test
    void aSiteHasItsOwnCapAndIsNeverBannedOnlyItsOffendingConnectionIsClosed() throws Exception {
        TestServer pool = pool(
                "maxConnectionsPerIp", "1",
                "bans", "{invalidShares: 3}",
                "sites", "[{name: lab, cidr: 127.0.1.0/24, maxConnections: 3}]");
        LineClient a = from(pool, "127.0.1.1");
        LineClient b = from(pool, "127.0.1.2");
        handshake(a, "demo.a", "x");
        handshake(b, "demo.b", "x");
        LineClient c = from(pool, "127.0.1.1"); // a second connection from the same address: the site's cap counts
        c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
        c.reply("1");
        assertThat(from(pool, "127.0.1.3").closedByServer(5000))
                .as("the site's fourth")
                .isTrue();
        assertThat(counter(pool, "stratum.connections.refused", "site_full")).isEqualTo(1);

        for (int i = 0; i < 3; i++) {
            a.send(badSubmit(10 + i, "demo.a"));
        }
        assertThat(a.closedByServer(5000)).isTrue();
        assertThat(b.closedByServer(300)).isFalse();
        assertThat(pool.server.bans()).isEmpty();
        handshake(from(pool, "127.0.1.1"), "demo.a", "x");
        assertThat(counter(pool, "stratum.disconnects", "offences")).isEqualTo(1);
    }

    @Test
    void theServerCapAndThePerAddressCapRefuseAtAccept() throws Exception {
        TestServer pool = pool("maxConnections", "3", "maxConnectionsPerIp", "2");
        List<LineClient> three = List.of(from(pool, "127.0.2.1"), from(pool, "127.0.2.1"), from(pool, "127.0.2.1"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> counter(pool, "stratum.connections.refused", "address_full") == 1);
        // which of the three is refused depends on the order the event loops took them in: exactly one is
        assertThat(three.stream().filter(c -> c.closedByServer(500)).count()).isEqualTo(1);
        from(pool, "127.0.2.2");
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.server.gate().connections() == 3);
        assertThat(from(pool, "127.0.2.3").closedByServer(5000)).isTrue();
        assertThat(counter(pool, "stratum.connections.refused", "address_full")).isEqualTo(1);
        assertThat(counter(pool, "stratum.connections.refused", "server_full")).isEqualTo(1);
        assertThat(pool.registry.get("stratum.connections.max").gauge().value()).isEqualTo(3);
    }

    @Test
    void requestsOverTheRateAreCutOff() throws Exception {
        TestServer pool = pool("requestsPerSecond", "0.1", "requestBurst", "5");
        LineClient c = from(pool, "127.0.3.1");
        for (int i = 0; i < 5; i++) {
            c.send("{\"id\":" + i + ",\"method\":\"mining.subscribe\",\"params\":[]}");
            c.reply(Integer.toString(i));
        }
        c.send("{\"id\":6,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}");
        assertThat(c.closedByServer(5000)).isTrue();
        assertThat(counter(pool, "stratum.disconnects", "rate_limited")).isEqualTo(1);
    }

    @Test
    void aMinerThatStopsReadingIsNoLongerReadAndIsClosedAfterTheUnwritableTimeout() throws Exception {
        TestServer pool = pool("unwritableTimeoutSeconds", "1", "writeBufferHighWaterMarkBytes", "4096");
        LineClient c = new LineClient(pool.address, "127.0.4.1", 4096);
        open.add(c);
        handshake(c, "demo.sleepy", "x");
        for (int i = 0; i < 40_000 && pool.server.connectionCount() > 0; i++) {
            pool.server.newJob(TestPools.hardJob(100 + i, job.ntime()));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> pool.server.connectionCount() == 0);
        assertThat(counter(pool, "stratum.disconnects", "slow_reader")
                        + counter(pool, "stratum.disconnects", "outbound_overflow"))
                .isEqualTo(1);
    }

    @Test
    void aDifficultyInThePasswordIsTheStartingDifficultyWithinBounds() throws Exception {
        TestServer pool = pool();
        LineClient c = from(pool, "127.0.5.1");
        handshake(c, "demo.d", "x,d=0.0004");
        assertThat(c.notification("mining.set_difficulty").get("params").get(0).asDouble())
                .isEqualTo(0.0004);
        LineClient big = from(pool, "127.0.5.2");
        handshake(big, "demo.big", "d=1e30");
        assertThat(big.notification("mining.set_difficulty")
                        .get("params")
                        .get(0)
                        .asDouble())
                .isEqualTo(1e12); // the pool's max
        LineClient junk = from(pool, "127.0.5.3");
        handshake(junk, "demo.junk", "d=abc");
        assertThat(junk.notification("mining.set_difficulty")
                        .get("params")
                        .get(0)
                        .asDouble())
                .isEqualTo(DIFF);
    }

    @Test
    void setExtranonceReachesSubscribedMinersAndSharesAreJudgedWithTheNewOne() throws Exception {
        TestServer pool = pool();
        LineClient c = from(pool, "127.0.6.1");
        c.send("{\"id\":0,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}");
        c.reply("0");
        byte[] old =
                Hex.decode(handshake(c, "demo.en", "x").get("result").get(1).asText());
        c.notification("mining.notify");
        LineClient plain = from(pool, "127.0.6.2");
        handshake(plain, "demo.plain", "x");

        assertThat(pool.server.changeExtranonce()).isEqualTo(1);
        JsonNode set = c.notification("mining.set_extranonce").get("params");
        byte[] fresh = Hex.decode(set.get(0).asText());
        assertThat(fresh).isNotEqualTo(old);
        assertThat(set.get(1).asInt()).isEqualTo(4);
        JsonNode notify = c.notification("mining.notify").get("params");
        assertThat(notify.get(0).asText()).isEqualTo(job.idHex());
        assertThat(notify.get(8).asBoolean()).isTrue();

        long withOld = -1;
        for (long en2 = 1; withOld < 0; en2++) { // a share good under the old extranonce1 only
            long n = share(old, en2);
            search.prepare(job, fresh, en2, 4, job.version(), job.ntime());
            if (search.search((int) n, 1, Difficulty.of(DIFF).toTarget()) < 0) {
                c.send(submit("5", "demo.en", job, en2, n));
                withOld = n;
            }
        }
        assertThat(c.replyLine("5")).startsWith("{\"id\":5,\"result\":null,\"error\":[23,");
        c.send(submit("6", "demo.en", job, 77, share(fresh, 77)));
        assertThat(c.replyLine("6")).isEqualTo("{\"id\":6,\"result\":true,\"error\":null}");
    }
}
