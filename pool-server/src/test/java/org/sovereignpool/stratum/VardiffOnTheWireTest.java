package org.sovereignpool.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.stratum.testing.LineClient;
import org.sovereignpool.stratum.testing.MutableClock;
import org.sovereignpool.stratum.testing.TestPools;
import org.sovereignpool.stratum.testing.TestServer;

/** Vardiff in the server, on a fake clock: the new difficulty goes out just before the next notify, not alone. */
class VardiffOnTheWireTest {

    @Test
    void aRetargetIsSentImmediatelyBeforeTheNextNotify() throws Exception {
        Job first = TestPools.hardJob(1, 0x6b05c52e);
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(Integer.toUnsignedLong(first.ntime()) + 60));
        var config = TestPools.config(TestPools.Knobs.regtest(0.01).withVardiff(true));
        try (TestServer pool = new TestServer(config, clock, 1);
                LineClient c = new LineClient(pool.address)) {
            pool.server.newJob(first);
            c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
            c.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"demo.v\",\"x\"]}");
            c.reply("1");
            c.reply("2");
            assertThat(c.notification("mining.set_difficulty")
                            .get("params")
                            .get(0)
                            .asDouble())
                    .isEqualTo(0.01);
            c.notification("mining.notify");

            // no shares for one retarget interval: the difficulty drops (16x at most), announced with the next job
            clock.advance(Duration.ofSeconds(config.difficulty().vardiff().retargetSeconds()));
            Job second = TestPools.hardJob(2, first.ntime() + 30);
            pool.server.newJob(second);
            String setDifficulty = c.readLine();
            String notify = c.readLine();
            JsonNode sd = new com.fasterxml.jackson.databind.ObjectMapper().readTree(setDifficulty);
            assertThat(sd.get("method").asText()).isEqualTo("mining.set_difficulty");
            assertThat(sd.get("params").get(0).asDouble()).isEqualTo(0.01 / 16);
            assertThat(notify).contains("\"mining.notify\"").contains(second.idHex());

            // within the interval nothing changes: the next job comes alone
            Job third = TestPools.hardJob(3, first.ntime() + 31);
            pool.server.newJob(third);
            assertThat(c.readLine()).contains("\"mining.notify\"").contains(third.idHex());
            assertThat(c.lines())
                    .filteredOn(l -> l.contains("\"method\":\"mining.set_difficulty\""))
                    .hasSize(2);
        }
    }

    @Test
    void listenersOnIpv4AndIpv6EachWithTheirOwnStartingDifficulty() throws Exception {
        Job job = TestPools.hardJob(1, 0x6b05c52e);
        var config = TestPools.config(TestPools.Knobs.regtest(0.01));
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(Integer.toUnsignedLong(job.ntime()) + 60));
        var server = new org.sovereignpool.stratum.testing.TestServer(config, clock, 1);
        try {
            server.server.newJob(job);
            boolean ipv6 = java.net.NetworkInterface.networkInterfaces()
                    .flatMap(java.net.NetworkInterface::inetAddresses)
                    .anyMatch(a -> a instanceof java.net.Inet6Address && a.isLoopbackAddress());
            // a second server with two more listeners: the test server's own listener is 127.0.0.1 at 0.01
            StratumServer extra = new StratumServer(
                    config,
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                    b -> {},
                    s -> {},
                    new RegisteredOperators(config),
                    org.sovereignpool.share.hash.Sha256s::fastest,
                    clock,
                    JobRefresher.rollNtime(),
                    1);
            try {
                List<Listener> listeners = ipv6
                        ? List.of(
                                Listener.plain("127.0.0.1", 0).withDifficulty(0.5),
                                Listener.plain("::1", 0).withDifficulty(2))
                        : List.of(Listener.plain("127.0.0.1", 0).withDifficulty(0.5));
                var bound = extra.start(listeners);
                extra.newJob(job);
                assertThat(startingDifficulty(bound.get(0))).isEqualTo(0.5);
                if (ipv6) {
                    assertThat(bound.get(1).getAddress()).isInstanceOf(java.net.Inet6Address.class);
                    assertThat(startingDifficulty(bound.get(1))).isEqualTo(2);
                }
            } finally {
                extra.close();
            }
        } finally {
            server.close();
        }
    }

    private static double startingDifficulty(java.net.InetSocketAddress address) {
        try (LineClient c = new LineClient(address)) {
            c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
            c.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"demo.l\",\"x\"]}");
            c.reply("2");
            return c.notification("mining.set_difficulty").get("params").get(0).asDouble();
        }
    }
}
