package org.sovereignpool.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The load tool against pools played line by line: ckpool's replies (exact lines, see {@link ReplyOutcomeTest}),
 * a pool that answers subscribe without an extranonce2 size, and pools that refuse, close, stay silent or stop
 * answering. Each error must end the run with one clear line and exit status 1, or be counted in the report.
 */
class LoadtestAgainstScriptedPoolsTest {
    static final String CK_NOTIFY = "{\"params\":[\"6525f3a200000001\","
            + "\"4d16b6f85af6e2198f44ae2a6de67f78487ae5611b77c6c0440b921e00000000\",\"01000000010000000000000000000000"
            + "000000000000000000000000000000000000000000ffffffff2003c8e80c\",\"0a636b706f6f6cffffffff0100f2052a01"
            + "0000001976a914000000000000000000000000000000000000000088ac00000000\",[],\"20000000\",\"207fffff\","
            + "\"6525f3a2\",true],\"id\":null,\"method\":\"mining.notify\"}";
    static final String CK_DIFF = "{\"params\":[1],\"id\":null,\"method\":\"mining.set_difficulty\"}";

    /** ckpool 0.9.9: subscribe → result, then set_difficulty and notify (init_client); a quarter of shares accepted. */
    static final class CkpoolLike implements ScriptedPool.Script {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger rejected = new AtomicInteger();
        final AtomicInteger badSubmits = new AtomicInteger();
        final String subscribeResult;
        final int extranonce2HexLength;

        CkpoolLike(String subscribeResult, int extranonce2HexLength) {
            this.subscribeResult = subscribeResult;
            this.extranonce2HexLength = extranonce2HexLength;
        }

        @Override
        public void line(ScriptedPool.Conn c, String line, String id) {
            if (line.contains("\"mining.subscribe\"")) {
                c.send("{\"result\":" + subscribeResult + ",\"id\":" + id + ",\"error\":null}");
                c.send(CK_DIFF);
                c.send(CK_NOTIFY);
            } else if (line.contains("\"mining.authorize\"")) {
                c.send("{\"result\":true,\"error\":null,\"id\":" + id + "}");
            } else if (line.contains("\"mining.submit\"")) {
                String pattern = ".*\"params\":\\[\"[^\"]+\",\"6525f3a200000001\",\"[0-9a-f]{" + extranonce2HexLength
                        + "}\",\"6525f3a2\",\"[0-9a-f]{8}\"\\]\\}";
                if (!line.matches(pattern)) {
                    badSubmits.incrementAndGet();
                }
                if ((accepted.get() + rejected.get()) % 4 == 0) {
                    accepted.incrementAndGet();
                    c.send("{\"result\":true,\"error\":null,\"id\":" + id + "}");
                } else {
                    rejected.incrementAndGet();
                    c.send("{\"reject-reason\":\"Above target\",\"result\":false,\"error\":null,\"id\":" + id + "}");
                }
            }
        }
    }

    @Test
    void countsCkpoolsRepliesAsCkpoolCountsThem() throws Exception {
        CkpoolLike ck = new CkpoolLike("[[[\"mining.notify\",\"0000000a\"]],\"0a0b0c0d\",8]", 16);
        try (ScriptedPool pool = new ScriptedPool(ck)) {
            JsonNode r = Cli.shares(pool.port(), "-c", "3", "--in-flight", "4", "--warmup", "0.2", "--duration", "0.8");
            JsonNode totals = r.get("totals");
            assertThat(ck.badSubmits.get()).isZero();
            assertThat(totals.get("sent").asLong()).isPositive().isEqualTo(ck.accepted.get() + ck.rejected.get());
            assertThat(totals.get("answered").asLong())
                    .isEqualTo(totals.get("sent").asLong());
            assertThat(totals.get("accepted").asLong()).isEqualTo(ck.accepted.get());
            assertThat(totals.at("/rejected/Above target").asLong()).isEqualTo(ck.rejected.get());
            assertThat(totals.get("rejected").size()).isEqualTo(1);
            JsonNode window = r.get("window");
            long windowRejected = window.at("/rejected/Above target").asLong();
            assertThat(window.get("accepted").asLong() + windowRejected)
                    .isEqualTo(window.get("replies").asLong());
            assertThat(window.at("/latency/count").asLong())
                    .isEqualTo(window.get("replies").asLong()
                            + window.get("latecomers").asLong());
            assertThat(r.at("/connections/ready").asInt()).isEqualTo(3);
        }
    }

    @Test
    void aSubscribeResultWithoutExtranonce2SizeMeansFourBytes() throws Exception {
        CkpoolLike pool2 = new CkpoolLike("[[[\"mining.notify\",\"0000000a\"]],\"0a0b0c0d\"]", 8);
        try (ScriptedPool pool = new ScriptedPool(pool2)) {
            JsonNode r = Cli.shares(pool.port(), "-c", "1", "--in-flight", "1", "--warmup", "0", "--duration", "0.3");
            assertThat(r.at("/totals/sent").asLong()).isPositive();
            assertThat(pool2.badSubmits.get()).isZero();
        }
    }

    @Test
    void aPortWithNothingListeningFailsAtOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Cli r = Cli.run("idle", "--port", "" + port, "-c", "5");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip())
                .isEqualTo("loadtest idle: the first connection to 127.0.0.1:" + port
                        + " failed: connection refused by 127.0.0.1:" + port + " (nothing listening there?)");
    }

    @Test
    void aPoolThatClosesConnectionsIsNamed() throws Exception {
        try (ScriptedPool pool = new ScriptedPool(new ScriptedPool.Script() {
            @Override
            public void connected(ScriptedPool.Conn c) {
                c.close();
            }

            @Override
            public void line(ScriptedPool.Conn c, String line, String id) {}
        })) {
            Cli r = Cli.run("shares", "--port", "" + pool.port(), "-c", "2", "--duration", "1");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("closed by the pool before it answered mining.subscribe");
        }
    }

    @Test
    void aPoolStillInitialisingRefusesTheSubscription() throws Exception {
        // ckpool answers subscribe with the string "Initialising" until it has a workbase
        try (ScriptedPool pool = new ScriptedPool(
                (c, line, id) -> c.send("{\"result\":\"Initialising\",\"id\":" + id + ",\"error\":null}"))) {
            Cli r = Cli.run("fanout", "--port", "" + pool.port(), "-c", "2");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("failed: mining.subscribe refused: Initialising");
        }
    }

    @Test
    void aPoolThatNeverSendsAJobIsNamed() throws Exception {
        try (ScriptedPool pool = new ScriptedPool((c, line, id) -> {
            if (line.contains("mining.subscribe")) {
                c.send("{\"id\":" + id + ",\"result\":[[[\"mining.notify\",\"1\"]],\"00000001\",4],\"error\":null}");
            } else {
                c.send("{\"id\":" + id + ",\"result\":true,\"error\":null}");
            }
        })) {
            Cli r = Cli.run("idle", "--port", "" + pool.port(), "-c", "2", "--handshake-timeout", "0.5");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("failed: no mining.notify within 0.5 s of connecting");
        }
    }

    @Test
    void aPoolThatDropsConnectionsMidRunIsCountedNotHidden() throws Exception {
        AtomicInteger submits = new AtomicInteger();
        CkpoolLike ck = new CkpoolLike("[[[\"mining.notify\",\"0000000a\"]],\"0a0b0c0d\",8]", 16);
        try (ScriptedPool pool = new ScriptedPool((c, line, id) -> {
            if (line.contains("mining.submit") && submits.incrementAndGet() > 40) {
                c.finish(); // unanswered submits die with the connection
                return;
            }
            ck.line(c, line, id);
        })) {
            JsonNode r = Cli.shares(
                    pool.port(),
                    "-c",
                    "2",
                    "--in-flight",
                    "4",
                    "--warmup",
                    "0",
                    "--duration",
                    "0.5",
                    "--reply-timeout",
                    "2");
            assertThat(r.at("/connections/disconnects/closed by the pool").asInt())
                    .isEqualTo(2);
            JsonNode totals = r.get("totals");
            assertThat(totals.get("answered").asLong()).isEqualTo(ck.accepted.get() + ck.rejected.get());
            assertThat(totals.get("answered").asLong()
                            + totals.get("unanswered").asLong())
                    .isEqualTo(totals.get("sent").asLong());
            assertThat(totals.get("unanswered").asLong()).isPositive();
        }
    }

    @Test
    void submitsThatAreNeverAnsweredTimeOut() throws Exception {
        // ckpool does not answer a submit from a client it no longer counts as authorised (sshare_process)
        CkpoolLike ck = new CkpoolLike("[[[\"mining.notify\",\"0000000a\"]],\"0a0b0c0d\",8]", 16);
        try (ScriptedPool pool = new ScriptedPool((c, line, id) -> {
            if (!line.contains("mining.submit")) {
                ck.line(c, line, id);
            }
        })) {
            JsonNode r = Cli.shares(
                    pool.port(),
                    "-c",
                    "2",
                    "--in-flight",
                    "3",
                    "--warmup",
                    "0",
                    "--duration",
                    "0.3",
                    "--reply-timeout",
                    "0.2");
            JsonNode totals = r.get("totals");
            assertThat(totals.get("answered").asLong()).isZero();
            assertThat(totals.get("sent").asLong()).isGreaterThanOrEqualTo(6);
            assertThat(totals.get("timedOut").asLong()
                            + totals.get("unanswered").asLong())
                    .isEqualTo(totals.get("sent").asLong());
            assertThat(r.at("/window/latency/count").asLong()).isZero();
        }
    }
}
