package org.sovereignpool.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.app.DemoCommand;
import org.sovereignpool.app.PoolRuntime;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.validate.ShareVerdict;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.stratum.Listener;

/**
 * Every mode of the load tool against a real pool in this JVM (the demo configuration on a simulated chain, H2
 * ledger, Stratum on an ephemeral port, share difficulty 0.0001), and what the tool counts checked against what the
 * server counted: {@code stratum.shares} by result and reason, the journal's sequence, its sessions. The network
 * difficulty is the share difficulty, so a mined share is a block (the fan-out trigger is quick), while a random share
 * is one once in ~430 k (and then the next submits are stale: counted alike by both sides).
 */
class LoadtestAgainstPoolTest {
    @TempDir
    static Path dir;

    static SimulatedChain chain;
    static PoolRuntime pool;
    static int port;

    @BeforeAll
    static void startPool() throws Exception {
        PoolConfig config = DemoCommand.withDataDir(DemoConfig.load(), dir);
        Clock clock = Clock.systemUTC();
        chain = SimulatedChain.create(SimulatedChain.Settings.regtest(Difficulty.of(0.0001), 12), clock);
        pool = PoolRuntime.start(
                config,
                registry -> chain,
                clock,
                PoolRuntime.Options.defaults(config)
                        .withListeners(List.of(Listener.plain("127.0.0.1", 0).withDifficulty(0.0001)))
                        .withHttp(new java.net.InetSocketAddress("127.0.0.1", 0)));
        port = pool.stratumAddresses().get(0).getPort();
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    /** Waits until the server holds {@code n} authorized sessions. */
    static void awaitAuthorizedSessions(int n) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> pool.registry()
                                .find("stratum.sessions")
                                .tag("state", "authorized")
                                .gauge()
                                .value()
                        >= n);
    }

    /** A simulated miner whose first share (the share difficulty is the network's) is very likely a block. */
    static SimMiner startFinder(String user) {
        return SimMiner.start(
                SimMiner.Options.of("127.0.0.1", port, user).withVersionRolling(false), Sha256s::fastest, null);
    }

    /** The server's share counters by Stratum code (0 = accepted), and the journal's sequence. */
    record ServerCounts(Map<Integer, Long> byCode, long journal) {
        static ServerCounts now() {
            Map<Integer, Long> byCode = new HashMap<>();
            for (Counter c : pool.registry().find("stratum.shares").counters()) {
                String reason = c.getId().getTag("reason");
                int code = reason.equals("not_recorded")
                        ? -2
                        : ShareVerdict.valueOf(reason.toUpperCase(Locale.ROOT)).stratumCode();
                byCode.merge(code, (long) c.count(), Long::sum);
            }
            return new ServerCounts(byCode, pool.journal().writtenSequence());
        }

        Map<Integer, Long> since(ServerCounts before) {
            Map<Integer, Long> delta = new HashMap<>();
            byCode.forEach((code, n) -> {
                long d = n - before.byCode.getOrDefault(code, 0L);
                if (d != 0) {
                    delta.put(code, d);
                }
            });
            return delta;
        }
    }

    /** What the tool counted over the whole run, by Stratum code (0 = accepted). */
    static Map<Integer, Long> toolCounts(JsonNode totals) {
        Map<Integer, Long> byCode = new HashMap<>();
        if (totals.get("accepted").asLong() > 0) {
            byCode.put(0, totals.get("accepted").asLong());
        }
        totals.get("rejected").properties().forEach(e -> {
            int code = new ReplyOutcome(false, e.getKey()).code();
            byCode.merge(code, e.getValue().asLong(), Long::sum);
        });
        return byCode;
    }

    static void assertAgreesWithServer(JsonNode report, ServerCounts before) {
        JsonNode totals = report.get("totals");
        assertThat(totals.get("timedOut").asLong()).isZero();
        assertThat(totals.get("unanswered").asLong()).isZero();
        assertThat(totals.get("answered").asLong()).isEqualTo(totals.get("sent").asLong());
        ServerCounts after = ServerCounts.now();
        assertThat(toolCounts(totals)).isEqualTo(after.since(before));
        assertThat(after.journal() - before.journal())
                .isEqualTo(totals.get("accepted").asLong());
        assertThat(report.at("/connections/disconnects").isEmpty()).isTrue();
    }

    @Test
    void closedLoopRandomSharesAreCountedAsTheServerCountsThem() {
        ServerCounts before = ServerCounts.now();
        JsonNode r = Cli.shares(port, "-c", "4", "--in-flight", "4", "--warmup", "0.5", "--duration", "1");
        assertThat(r.at("/totals/sent").asLong()).isPositive();
        assertThat(r.at("/totals/rejected/23 Low difficulty share").asLong()).isPositive();
        assertThat(r.at("/window/replies").asLong())
                .isEqualTo(r.at("/window/latency/count").asLong()
                        - r.at("/window/latecomers").asLong());
        assertThat(r.at("/connections/ready").asInt()).isEqualTo(4);
        assertAgreesWithServer(r, before);
    }

    @Test
    void pacedRandomSharesAreCountedAsTheServerCountsThem() {
        ServerCounts before = ServerCounts.now();
        JsonNode r = Cli.shares(
                port, "-c", "3", "--rate", "400", "--warmup", "0.2", "--duration", "1", "--transport", "nio");
        assertThat(r.get("loop").asText()).isEqualTo("open");
        assertThat(r.get("transport").asText()).isEqualTo("nio");
        // the plan for 1.2 s at 400/s, spread over the event loops the connections landed on
        assertThat(r.at("/totals/planned").asLong()).isBetween(478L, 482L);
        assertThat(r.at("/totals/sent").asLong())
                .isPositive()
                .isLessThanOrEqualTo(r.at("/totals/planned").asLong());
        assertAgreesWithServer(r, before);
    }

    @Test
    void minedSharesAreAccepted() {
        ServerCounts before = ServerCounts.now();
        JsonNode r = Cli.shares(
                port, "-c", "2", "--in-flight", "1", "--shares", "mined", "--warmup", "0", "--duration", "2");
        assertThat(r.at("/totals/accepted").asLong()).isPositive();
        assertAgreesWithServer(r, before);
    }

    @Test
    void minedSharesCanBePaced() {
        ServerCounts before = ServerCounts.now();
        JsonNode r =
                Cli.shares(port, "-c", "2", "--rate", "20", "--shares", "mined", "--warmup", "0", "--duration", "2");
        assertThat(r.at("/totals/accepted").asLong()).isPositive();
        assertThat(r.at("/totals/sent").asLong())
                .isLessThanOrEqualTo(r.at("/totals/planned").asLong());
        assertAgreesWithServer(r, before);
    }

    @Test
    void idleConnectionsAreHeldAndTheServersMemoryIsRead() throws Exception {
        int n = 40;
        var idle = CompletableFuture.supplyAsync(() -> Cli.run(
                "idle",
                "--port",
                "" + port,
                "-c",
                "" + n,
                "--user",
                "demo.idle-{i}",
                "--server-pid",
                "" + ProcessHandle.current().pid(),
                "--settle",
                "0",
                "--hold",
                "3",
                "--json"));
        awaitAuthorizedSessions(n);
        JsonNode r = idle.get().json();
        assertThat(r.get("ready").asInt()).isEqualTo(n);
        assertThat(r.get("heldAtEnd").asInt()).isEqualTo(n);
        assertThat(r.get("rssBeforeBytes").asLong()).isPositive();
        assertThat(r.get("rssAfterBytes").asLong()).isPositive();
        assertThat(r.get("bytesPerConnection").asDouble())
                .isEqualTo((double) r.get("rssDeltaBytes").asLong() / n);
        assertThat(r.at("/connections/handshake/count").asLong()).isEqualTo(n);
    }

    @Test
    void anUnknownOperatorIsRefusedWithThePoolsReason() {
        Cli r = Cli.run("idle", "--port", "" + port, "-c", "2", "--user", "nobody.rig");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("failed: mining.authorize refused for nobody.rig:");
    }

    @Test
    void fanoutTimesTheCleanNotifyAfterATrigger() throws Exception {
        int heightBefore = chain.height();
        SimMiner[] finder = new SimMiner[1];
        Trigger mineABlock = new Trigger() {
            @Override
            public String description() {
                return "a simulated miner finds a block";
            }

            @Override
            public boolean timed() {
                return true;
            }

            @Override
            public void fire() {
                finder[0] = startFinder("demo.finder");
            }

            @Override
            public String outcome() {
                finder[0].close();
                return "stopped";
            }
        };
        ClientSettings settings = new ClientSettings(
                "127.0.0.1", port, "demo.fan-{i}", "x", 20, 2000, Duration.ofSeconds(30), 2, Transport.AUTO);
        FanoutReport report = new FanoutRun(
                        settings, mineABlock, 1, Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ZERO, null)
                .run();
        FanoutReport.Round round = report.rounds().get(0);
        assertThat(chain.height()).isGreaterThan(heightBefore);
        assertThat(round.connections()).isEqualTo(20);
        assertThat(round.received()).isEqualTo(20);
        assertThat(round.first())
                .isPositive()
                .isLessThanOrEqualTo(round.delays().p50());
        assertThat(round.delays().p50()).isLessThanOrEqualTo(round.delays().p99());
        assertThat(round.delays().p99()).isLessThanOrEqualTo(round.delays().max());
        StringWriter text = new StringWriter();
        report.render(new PrintWriter(text, true));
        assertThat(text.toString()).contains("20 of 20 connections got the clean notify");
    }

    @Test
    void fanoutWaitsForTheNextBlockWhenThereIsNoTrigger() throws Exception {
        int heightBefore = chain.height();
        var run = CompletableFuture.supplyAsync(() -> Cli.run(
                "fanout", "--port", "" + port, "-c", "10", "--user", "demo.wait-{i}", "--block-wait", "60", "--json"));
        // a miner joins once the tool's connections are held, so the block comes after they are armed
        awaitAuthorizedSessions(10);
        SimMiner miner = startFinder("demo.finder-2");
        try {
            JsonNode r = run.get().json();
            JsonNode round = r.get("rounds").get(0);
            assertThat(round.get("received").asInt()).isEqualTo(10);
            assertThat(round.get("first").asDouble()).isZero();
            assertThat(r.get("delaysFrom").asText()).isEqualTo("the first connection's notify");
            assertThat(chain.height()).isGreaterThan(heightBefore);
        } finally {
            miner.close();
        }
    }
}
