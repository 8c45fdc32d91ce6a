package org.sovereignpool.sim.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.share.testing.MessageDigestSha256;
import org.sovereignpool.share.validate.SessionWork;
import org.sovereignpool.share.validate.ShareSubmission;
import org.sovereignpool.share.validate.ShareValidator;
import org.sovereignpool.share.validate.ShareVerdict;
import org.sovereignpool.stratum.codec.NotifyEncoding;
import org.sovereignpool.stratum.testing.TestPools;

/**
 * The simulated miner against a scripted pool (a plain socket that sends exact lines), so each pool → miner message
 * is tested on its own: set_difficulty applied at the next notify, set_extranonce, client.reconnect to another port.
 * Its shares are checked with the share validator.
 */
class SimMinerTest {
    private static final Job JOB = TestPools.hardJob(1, 0x6b05c52e);

    /** Accepts connections, answers the handshake, records every line the miner sends. */
    static final class ScriptedPool implements AutoCloseable {
        final ServerSocket server;
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<Socket> sockets = new CopyOnWriteArrayList<>();
        final Thread acceptor;

        ScriptedPool(String en1) throws Exception {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (!server.isClosed()) {
                        Socket s = server.accept();
                        sockets.add(s);
                        Thread.ofVirtual().start(() -> serve(s, en1));
                    }
                } catch (Exception e) {
                    // closed
                }
            });
        }

        void serve(Socket s, String en1) {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    received.add(line);
                    String id = line.replaceAll(".*\"id\":(\\d+).*", "$1");
                    if (line.contains("mining.subscribe")) {
                        send(
                                s,
                                "{\"id\":" + id + ",\"result\":[[[\"mining.notify\",\"x\"]],\"" + en1
                                        + "\",4],\"error\":null}");
                    } else if (line.contains("mining.authorize")) {
                        send(s, "{\"id\":" + id + ",\"result\":true,\"error\":null}");
                    } else if (line.contains("mining.submit")) {
                        send(s, "{\"id\":" + id + ",\"result\":true,\"error\":null}");
                    }
                }
            } catch (Exception e) {
                // peer gone
            }
        }

        void sendToAll(String line) throws Exception {
            for (Socket s : sockets) {
                if (!s.isClosed()) {
                    send(s, line);
                }
            }
        }

        static synchronized void send(Socket s, String line) throws Exception {
            OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        List<String> submits() {
            List<String> out = new ArrayList<>();
            for (String l : received) {
                if (l.contains("mining.submit")) {
                    out.add(l);
                }
            }
            return out;
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private static String notifyLine(Job job) {
        return new String(NotifyEncoding.notifyLine(job, true), StandardCharsets.UTF_8).strip();
    }

    /** Validates a submit line the miner sent against the job, at the difficulty given. */
    private static ShareVerdict validate(String submitLine, String en1, Job job, double difficulty) throws Exception {
        var params = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(submitLine)
                .get("params");
        SessionWork work = new SessionWork(Extranonce.fromHex(en1), 4);
        work.issue(job, Difficulty.of(difficulty));
        ShareSubmission share = ShareSubmission.fromStratum(
                params.get(2).asText(), params.get(3).asText(), params.get(4).asText(), null);
        return new ShareValidator(new MessageDigestSha256())
                .validate(work, work.find(job.id()), false, share, Integer.toUnsignedLong(job.ntime()));
    }

    @Test
    void appliesANewDifficultyAtTheNextNotifyAsCpuminerDoes() throws Exception {
        try (ScriptedPool pool = new ScriptedPool("01020304")) {
            SimMiner miner = SimMiner.start(
                    SimMiner.Options.of("127.0.0.1", pool.server.getLocalPort(), "demo.s")
                            .withVersionRolling(false)
                            .withShareLimit(3)
                            .withMaxRuntime(Duration.ofSeconds(60)),
                    Sha256s::fastest,
                    null);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> miner.stats().authorized());
                pool.sendToAll("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.00001]}");
                pool.sendToAll(
                        "{\"id\":null,\"method\":\"mining.notify\",\"params\":" + paramsOf(notifyLine(JOB)) + "}");
                await().atMost(Duration.ofSeconds(20)).until(() -> miner.stats().accepted() >= 3);
                assertThat(miner.stats().difficulty()).isEqualTo(0.00001);
                for (String submit : pool.submits()) {
                    assertThat(validate(submit, "01020304", JOB, 0.00001)).isEqualTo(ShareVerdict.ACCEPTED);
                }
                // a set_difficulty alone changes nothing until the next notify
                pool.sendToAll("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.5]}");
                pool.sendToAll("{\"id\":null,\"method\":\"client.show_message\",\"params\":[\"hello\"]}");
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> "hello".equals(miner.stats().lastMessage()));
                assertThat(miner.stats().difficulty()).isEqualTo(0.00001);
            } finally {
                miner.close();
            }
        }
    }

    @Test
    void followsSetExtranonceAndReconnect() throws Exception {
        try (ScriptedPool first = new ScriptedPool("0a0b0c0d");
                ScriptedPool second = new ScriptedPool("11223344")) {
            SimMiner miner = SimMiner.start(
                    SimMiner.Options.of("127.0.0.1", first.server.getLocalPort(), "demo.s")
                            .withVersionRolling(false)
                            .withExtranonceSubscribe(true)
                            .withShareLimit(1)
                            .withMaxRuntime(Duration.ofSeconds(60)),
                    Sha256s::fastest,
                    null);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> miner.stats().authorized());
                assertThat(first.received).anyMatch(l -> l.contains("mining.extranonce.subscribe"));
                first.sendToAll("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.00001]}");
                first.sendToAll("{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"deadbeef\",4]}");
                first.sendToAll(
                        "{\"id\":null,\"method\":\"mining.notify\",\"params\":" + paramsOf(notifyLine(JOB)) + "}");
                await().atMost(Duration.ofSeconds(20)).until(() -> miner.stats().accepted() >= 1);
                assertThat(miner.stats().extranonce1()).isEqualTo("deadbeef");
                assertThat(validate(first.submits().get(0), "deadbeef", JOB, 0.00001))
                        .isEqualTo(ShareVerdict.ACCEPTED);

                first.sendToAll("{\"id\":null,\"method\":\"client.reconnect\",\"params\":[\"127.0.0.1\","
                        + second.server.getLocalPort() + ",0]}");
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> miner.stats().reconnects() == 1
                                && miner.stats().authorized()
                                && "11223344".equals(miner.stats().extranonce1()));
                assertThat(second.received).anyMatch(l -> l.contains("mining.subscribe"));
            } finally {
                miner.close();
            }
        }
    }

    @Test
    void shareSearchBuildsTheHeaderOfARealBlock() {
        // cpuminer's share at line 22 of the session: job 6b05c4e300000003, extranonce1 e4c4056b, extranonce2 0 (8
        // bytes), ntime 6b05c52e, nonce 15017e22 is block 112
        Job job = TestPools.recordedJob("6b05c4e300000003");
        ShareSearch search = new ShareSearch(new MessageDigestSha256());
        search.prepare(job, Hex.decode("e4c4056b"), 0, 8, job.version(), 0x6b05c52e);
        assertThat(search.search(0x15017e22, 1, job.networkTarget())).isEqualTo(0x15017e22L);
        assertThat(search.lastHash().toDisplayHex())
                .isEqualTo("00000000670091fdbab88e7ba5ba844fd27501de6d056765a51e6aeb6e5069da");
    }

    private static String paramsOf(String notify) {
        return notify.substring(notify.indexOf("\"params\":") + 9, notify.length() - 1);
    }

    @Test
    void closesItselfAfterItsMaximumRuntime() throws Exception {
        try (ScriptedPool pool = new ScriptedPool("01020304")) {
            SimMiner miner = SimMiner.start(
                    SimMiner.Options.of("127.0.0.1", pool.server.getLocalPort(), "demo.s")
                            .withMaxRuntime(Duration.ofMillis(1500)),
                    Sha256s::fastest,
                    null);
            await().atMost(Duration.ofSeconds(10)).until(() -> miner.stats().authorized());
            await().atMost(Duration.ofSeconds(10)).until(() -> !miner.stats().connected());
            miner.close(); // idempotent
        }
    }
}
