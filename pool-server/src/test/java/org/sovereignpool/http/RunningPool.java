package org.sovereignpool.http;

import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sovereignpool.app.PoolRuntime;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.LedgerConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.stratum.Listener;
import org.sovereignpool.stratum.testing.LineClient;

/**
 * A running pool on the demo configuration (simulated chain, H2 ledger in a temp dir, Stratum and HTTP on ephemeral
 * ports), mined by three simulated miners until at least one block is in the ledger, then left with one idle
 * authorized connection (so what the API shows stops changing and can be compared exactly).
 */
final class RunningPool implements AutoCloseable {
    static final String TOKEN = "demo-admin-token-not-secret";
    static final int MINERS = 3;

    final PoolRuntime pool;
    final LineClient watcher;
    final String base;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RunningPool(Path dir) throws Exception {
        PoolConfig demo = DemoConfig.load();
        LedgerConfig l = demo.ledger();
        PoolConfig config = new PoolConfig(
                demo.network(),
                demo.treasury(),
                demo.pool(),
                demo.stratum(),
                demo.difficulty(),
                demo.nodes(),
                new LedgerConfig(
                        "jdbc:h2:file:" + dir.resolve("ledger"),
                        l.user(),
                        l.password(),
                        dir.resolve("journal"),
                        l.fsyncIntervalMillis()),
                demo.http(),
                demo.operators(),
                demo.payout(),
                demo.power());
        Clock clock = Clock.systemUTC();
        long minerHashrate = 150_000;
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(MINERS * minerHashrate, Duration.ofSeconds(2), 11), clock);
        PoolRuntime.Options options = PoolRuntime.Options.defaults(config)
                .withListeners(List.of(Listener.plain("127.0.0.1", 0).withDifficulty(0.0001)))
                .withHttp(new InetSocketAddress("127.0.0.1", 0));
        pool = PoolRuntime.start(config, registry -> chain, clock, options);
        base = "http://127.0.0.1:" + pool.httpAddress().getPort();
        InetSocketAddress stratum = pool.stratumAddresses().get(0);
        var group = SimMiner.newGroup(1);
        List<SimMiner> miners = new ArrayList<>();
        try {
            for (int i = 1; i <= MINERS; i++) {
                miners.add(SimMiner.start(
                        SimMiner.Options.of("127.0.0.1", stratum.getPort(), "demo.sim-" + i)
                                .withHashesPerSecond(minerHashrate),
                        Sha256s::fastest,
                        group));
            }
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !pool.status().blocks(10).isEmpty()
                            && miners.stream().allMatch(m -> m.stats().accepted() >= 3));
        } finally {
            miners.forEach(SimMiner::close);
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS)
                    .await(5_000);
        }
        watcher = new LineClient(stratum);
        watcher.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"watcher/1.0\"]}");
        watcher.reply("1");
        watcher.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"demo.watcher\",\"x\"]}");
        watcher.reply("2");
        // settled: only the watcher connected, every share applied to the ledger, no block in flight
        await().atMost(Duration.ofSeconds(30))
                .until(() -> pool.stratum().connectionCount() == 1
                        && pool.store().appliedSequence(0) == pool.journal().writtenSequence());
    }

    HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(path, Map.of());
    }

    HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        headers.forEach(b::header);
        return http.send(
                b.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        watcher.close();
        pool.close();
    }
}
