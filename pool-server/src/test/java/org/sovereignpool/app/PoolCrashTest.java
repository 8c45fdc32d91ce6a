package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.stratum.Listener;

/**
 * The whole pool process under miner load is killed with SIGKILL; after a restart the ledger holds every share the
 * miners were told {@code true} for, once: at least the acknowledged count, at most that plus the shares that were
 * in flight (submitted, never answered) when the process died — and replaying again changes nothing.
 */
class PoolCrashTest {
    private static final Pattern STRATUM_PORT = Pattern.compile("stratum\\+tcp://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void sigkillUnderLoadLosesNoAcknowledgedShareAndCountsNoneTwice(@TempDir Path dir) throws Exception {
        Process pool = startPoolProcess(dir);
        List<SimMiner> miners = new ArrayList<>();
        try {
            int port = stratumPort(pool);
            for (int i = 1; i <= 4; i++) {
                miners.add(SimMiner.start(
                        SimMiner.Options.of("127.0.0.1", port, "demo.crash-" + i)
                                .withVersionRolling(true)
                                .withHashesPerSecond(600_000),
                        Sha256s::fastest,
                        null));
            }
            await().atMost(Duration.ofSeconds(120))
                    .until(() ->
                            miners.stream().mapToLong(m -> m.stats().accepted()).sum() >= 100);
        } finally {
            pool.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
            assertThat(pool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> miners.stream().noneMatch(m -> m.stats().connected()));
        miners.forEach(SimMiner::close);
        long acked = miners.stream().mapToLong(m -> m.stats().accepted()).sum();
        long inFlight = miners.stream()
                .mapToLong(m ->
                        m.stats().submitted() - m.stats().accepted() - m.stats().rejected())
                .sum();

        long afterRestart = ledgerShareCountAfterRestart(dir);
        System.out.printf(
                "crash test: %d shares acknowledged, %d in flight at SIGKILL, %d in the ledger%n",
                acked, inFlight, afterRestart);
        assertThat(afterRestart)
                .as("acknowledged %d, in flight %d", acked, inFlight)
                .isBetween(acked, acked + inFlight);
        // a second restart replays the same journal: idempotent
        assertThat(ledgerShareCountAfterRestart(dir)).isEqualTo(afterRestart);
    }

    private static Process startPoolProcess(Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "demo",
                "--miners",
                "0",
                "--http-port",
                "0",
                "--port",
                "0",
                "--data-dir",
                dir.toString(),
                "--duration",
                "600",
                "--summary-every",
                "3600");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    /** Reads the child's output until it names its Stratum port, then keeps draining it in the background. */
    private static int stratumPort(Process pool) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(pool.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = STRATUM_PORT.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new AssertionError("pool process ended before listening"));
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        });
        return port.get(60, TimeUnit.SECONDS);
    }

    /** Restarts the pool in-process on the same data directory and counts the ledger once it has caught up. */
    private static long ledgerShareCountAfterRestart(Path dir) throws Exception {
        PoolConfig config = DemoCommand.withDataDir(DemoConfig.load(), dir);
        Clock clock = Clock.systemUTC();
        SimulatedChain chain =
                SimulatedChain.create(SimulatedChain.Settings.forBlockInterval(1e6, Duration.ofSeconds(600), 1), clock);
        PoolRuntime.Options options = PoolRuntime.Options.defaults(config)
                .withListeners(List.of(Listener.plain("127.0.0.1", 0)))
                .withHttp(new java.net.InetSocketAddress("127.0.0.1", 0));
        try (PoolRuntime pool = PoolRuntime.start(config, registry -> chain, clock, options)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> pool.journal().writtenSequence() > 0
                            && pool.store().appliedSequence(0) == pool.journal().writtenSequence());
            return pool.store().shareCount(0);
        }
    }
}
