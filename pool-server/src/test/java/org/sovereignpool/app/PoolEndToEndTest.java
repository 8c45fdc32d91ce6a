package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.stratum.Listener;

/**
 * The demo's wiring end to end over real sockets: simulated miners on the simulated chain find blocks, each is
 * submitted and pays the treasury, the chain advances, every miner gets a clean job on the new tip, an outside
 * client mining as {@code demo.x} gets its shares accepted, and the ledger holds every share the miners were told
 * was accepted, and every block.
 */
class PoolEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void minersFindBlocksThatPayTheTreasuryAndTheLedgerKeepsEveryShare(@TempDir Path dir) throws Exception {
        PoolConfig config = DemoCommand.withDataDir(DemoConfig.load(), dir);
        Clock clock = Clock.systemUTC();
        long minerHashrate = 150_000;
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(4 * minerHashrate, Duration.ofSeconds(3), 7), clock);
        List<BlockResult> results = new CopyOnWriteArrayList<>();
        PoolRuntime.Options options = PoolRuntime.Options.defaults(config)
                .withListeners(List.of(Listener.plain("127.0.0.1", 0).withDifficulty(0.0001)))
                .withHttp(new InetSocketAddress("127.0.0.1", 0));
        List<SimMiner> miners = new ArrayList<>();
        try (PoolRuntime pool = PoolRuntime.start(config, registry -> chain, clock, options);
                Watcher watcher = new Watcher(pool.stratumAddresses().get(0), "demo.watcher")) {
            pool.addBlockListener(results::add);
            int port = pool.stratumAddresses().get(0).getPort();
            for (int i = 1; i <= 3; i++) {
                miners.add(SimMiner.start(
                        SimMiner.Options.of("127.0.0.1", port, "demo.sim-" + i)
                                .withVersionRolling(true)
                                .withHashesPerSecond(minerHashrate),
                        Sha256s::fastest,
                        null));
            }
            // an outside client: no version rolling, its own worker name under the demo operator
            SimMiner outside = SimMiner.start(
                    SimMiner.Options.of("127.0.0.1", port, "demo.x").withHashesPerSecond(minerHashrate),
                    Sha256s::fastest,
                    null);
            miners.add(outside);

            await().atMost(Duration.ofSeconds(90)).until(() -> chain.height() >= 2 && results.size() >= 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> outside.stats().accepted() >= 1);

            byte[] treasury = config.treasury().scriptPubKey();
            for (SimulatedChain.AcceptedBlock block : chain.acceptedBlocks()) {
                BlockResult result = results.stream()
                        .filter(r -> r.found().hash().equals(block.hash()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no submission result for " + block.hash()));
                assertThat(result.accepted()).isTrue();
                assertThat(CoinbasePayout.paidTo(result.found().coinbase(), treasury))
                        .as("block %s pays the whole coinbase to the treasury", block.hash())
                        .isEqualTo(block.coinbasePaid())
                        .isGreaterThanOrEqualTo(50_0000_0000L);
            }
            // every connected miner was sent a clean job on the newest block
            String tip = chain.bestBlockHash().toStratumPrevHash();
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.sawCleanJobOn(tip));

            for (SimMiner m : miners) {
                m.close();
            }
            long acked = miners.stream().mapToLong(m -> m.stats().accepted()).sum();
            long unanswered = miners.stream()
                    .mapToLong(m -> m.stats().submitted()
                            - m.stats().accepted()
                            - m.stats().rejected())
                    .sum();
            assertThat(acked).isGreaterThan(0);
            // the ledger catches up with the journal and then holds every acknowledged share once
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            pool.store().appliedSequence(0) == pool.journal().writtenSequence());
            long ledger = pool.store().shareCount(0);
            assertThat(ledger).isBetween(acked, acked + unanswered);
            for (BlockResult r : results) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> pool.store()
                                .block(r.found().hash().toDisplayHex())
                                .isPresent());
            }
        } finally {
            miners.forEach(SimMiner::close);
        }
    }

    /** A raw Stratum client that only listens: subscribes, authorizes, and records every notify. */
    static final class Watcher implements AutoCloseable {
        private final Socket socket;
        private final List<JsonNode> notifies = new CopyOnWriteArrayList<>();
        private final Thread reader;

        Watcher(InetSocketAddress address, String user) throws IOException {
            socket = new Socket();
            socket.connect(address, 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"watcher/1.0\"]}\n"
                            + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + user + "\",\"x\"]}\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            reader = Thread.ofVirtual().start(() -> {
                try {
                    for (String line; (line = in.readLine()) != null; ) {
                        JsonNode message = JSON.readTree(line);
                        if ("mining.notify".equals(message.path("method").asText())) {
                            notifies.add(message.get("params"));
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
        }

        boolean sawCleanJobOn(String stratumPrevHash) {
            return notifies.stream()
                    .anyMatch(p -> p.get(8).asBoolean() && p.get(1).asText().equals(stratumPrevHash));
        }

        @Override
        public void close() throws IOException {
            socket.close();
            reader.interrupt();
        }
    }
}
