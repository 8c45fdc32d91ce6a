package org.sovereignpool.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sovereignpool.stratum.testing.LineClient;
import org.sovereignpool.stratum.testing.MutableClock;
import org.sovereignpool.stratum.testing.TestPools;
import org.sovereignpool.stratum.testing.TestServer;

/** Per-IP cap and the handshake deadline, over real sockets. */
class ConnectionLimitsTest {

    @Test
    void connectionsOverThePerIpCapAreClosedAndASlotFreesWhenOneLeaves() throws Exception {
        var config = TestPools.config(TestPools.Knobs.regtest(0.001).withLimits(2, 30, 600));
        try (TestServer pool = new TestServer(config, new MutableClock(Instant.now()), 1);
                LineClient b = new LineClient(pool.address)) {
            LineClient a = new LineClient(pool.address); // closed below, to free a slot
            a.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
            b.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
            a.reply("1");
            b.reply("1");
            try (LineClient c = new LineClient(pool.address)) {
                assertThat(c.closedByServer(5000)).isTrue();
            }
            a.close();
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> pool.server.connectionCount() == 1);
            try (LineClient d = new LineClient(pool.address)) {
                d.send("{\"id\":7,\"method\":\"mining.subscribe\",\"params\":[]}");
                assertThat(d.replyLine("7")).startsWith("{\"id\":7,\"result\":[[[");
            }
        }
    }

    @Test
    void aConnectionThatDoesNotSubscribeAndAuthorizeInTimeIsClosed() throws Exception {
        var config = TestPools.config(TestPools.Knobs.regtest(0.001).withLimits(0, 1, 600));
        try (TestServer pool = new TestServer(config, new MutableClock(Instant.now()), 1);
                LineClient idle = new LineClient(pool.address);
                LineClient subscribedOnly = new LineClient(pool.address);
                LineClient complete = new LineClient(pool.address)) {
            subscribedOnly.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
            complete.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
            complete.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"demo.x\",\"\"]}");
            complete.reply("2");
            assertThat(idle.closedByServer(5000)).isTrue();
            assertThat(subscribedOnly.closedByServer(5000)).isTrue();
            assertThat(complete.closedByServer(2500)).isFalse();
        }
    }
}
