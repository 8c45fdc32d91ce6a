package org.sovereignpool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.share.model.Target;
import org.sovereignpool.share.testing.MessageDigestSha256;
import org.sovereignpool.sim.miner.ShareSearch;
import org.sovereignpool.stratum.testing.TestPools;

/**
 * Hostile clients against a whole pool node in a child process (so its RSS is real): 200 slow readers (authorized,
 * never reading; half of them also flood requests), 2,000 slowloris connections (a subscribe line trickled a byte at
 * a time), one address opening connections as fast as it can, and 8 normal miners submitting 4 shares a second
 * each (16 in the short run of the test command, see {@link #SHARES_PER_SECOND}); reply times are judged over the
 * steady attack, after its first {@link #SETTLE_SECONDS} seconds, and reported for the whole run as well.
 * The slow readers and slowloris come from a site range (127.0.2.0/24, a NAT with its own cap: never banned, so each
 * connection must be closed on its own merits); the normal miners and the flooding address from their own addresses.
 *
 * <p>Asserts: the child's peak RSS stays below the bound (its heap, direct memory, metaspace and code cache limits
 * plus 128 MB for threads and the rest), normal miners' replies take under 100 ms at p99, every attacker connection
 * is closed or refused by the end, the flooding address ends up banned, and the pool kept journalling shares and
 * recording found blocks. Duration: {@code -Dsoak.seconds} (15 by default, for CI; the acceptance run is 60):
 * {@code ./mvnw -B -pl pool-server -am test -Dtest=HostileClientsSoakTest -Dsoak.seconds=60
 * -Dsurefire.failIfNoSpecifiedTests=false}. Figures go to {@code target/soak-report.txt}.
 */
class HostileClientsSoakTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SECONDS = Integer.getInteger("soak.seconds", 15);
    /**
     * The first seconds of the attack, before the steady state is measured: the child JVM compiles the paths the
     * attack takes (a pool that has run for days has them compiled). Replies in them are still counted in "all".
     */
    private static final int SETTLE_SECONDS = Integer.getInteger("soak.settleSeconds", 3);
    /**
     * Each normal miner's shares a second: 4 in the 60 s acceptance run; 16 in the short CI run, so that its p99
     * rests on as many replies (one 100 ms hiccup of a 2-core machine must not be the 99th percentile by itself).
     */
    private static final int SHARES_PER_SECOND = Integer.getInteger("soak.sharesPerSecond", SECONDS >= 60 ? 4 : 16);
    /** Below this many steady-state replies a p99 is not judged (it would be one of the last few replies). */
    private static final int MIN_REPLIES_FOR_P99 = 1000;

    private static final int SLOW_READERS = 200;
    private static final int SLOWLORIS = 2000;
    private static final int MINERS = 8;
    private static final double DIFFICULTY = 1e-6; // ~4,300 hashes a share: cheap for the test's CPU
    private static final int HEAP_MB = 256;
    private static final int DIRECT_MB = 96;
    private static final int METASPACE_MB = 128;
    private static final int CODE_MB = 64;
    private static final long RSS_BOUND_KB = (HEAP_MB + DIRECT_MB + METASPACE_MB + CODE_MB + 128) * 1024L;

    private static String config(Path dir) {
        String yaml = DemoConfig.yaml();
        yaml = TestPools.withStratumKey(yaml, "sites", "[{name: soak-site, cidr: 127.0.2.0/24, maxConnections: 2500}]");
        yaml = TestPools.withStratumKey(yaml, "authorizeTimeoutSeconds", "10");
        yaml = TestPools.withStratumKey(yaml, "idleTimeoutSeconds", "10");
        yaml = TestPools.withStratumKey(yaml, "unwritableTimeoutSeconds", "10");
        yaml = TestPools.withStratumKey(yaml, "bans", "{refusedConnections: 200}");
        yaml = yaml.replace("  initial: 0.001", "  initial: " + DIFFICULTY)
                .replace("  min: 0.0001", "  min: 1.0e-8")
                .replace("    enabled: true", "    enabled: false")
                .replace("jdbc:h2:file:./data/demo/ledger", "jdbc:h2:file:" + dir.resolve("ledger"))
                .replace("./data/demo/journal", dir.resolve("journal").toString());
        return yaml;
    }

    @Test
    void normalMinersAreServedWhileHostileClientsAreClosedAndMemoryStaysBounded(@TempDir Path dir) throws Exception {
        Path configFile = dir.resolve("soak.yaml");
        Files.writeString(configFile, config(dir));
        double minerHashrate = MINERS * SHARES_PER_SECOND * DIFFICULTY * 0x1p32;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-Xms64m",
                        "-Xmx" + HEAP_MB + "m",
                        "-XX:MaxDirectMemorySize=" + DIRECT_MB + "m",
                        "-XX:MaxMetaspaceSize=" + METASPACE_MB + "m",
                        "-XX:ReservedCodeCacheSize=" + CODE_MB + "m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SoakPoolChild.class.getName(),
                        configFile.toString(),
                        dir.toString(),
                        Double.toString(minerHashrate))
                .redirectError(dir.resolve("child-stderr.log").toFile())
                .start();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<Miner> miners = new ArrayList<>();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
            String readyLine = out.readLine();
            while (readyLine != null && !readyLine.startsWith("READY ")) {
                readyLine = out.readLine(); // the child's log lines (startup, a port warning) may come first
            }
            assertThat(readyLine)
                    .as("the child pool's READY line (see child-stderr.log)")
                    .isNotNull();
            String[] ready = readyLine.split(" ");
            InetSocketAddress stratum = new InetSocketAddress("127.0.0.1", Integer.parseInt(ready[1]));
            String http = "http://127.0.0.1:" + ready[2];
            Soak soak = new Soak(stratum, group, child.pid(), http);

            for (int i = 0; i < MINERS; i++) {
                miners.add(new Miner(stratum, "127.0.1." + (i + 1), "demo.normal-" + i));
            }
            soak.startSlowReaders();
            soak.startSlowloris();
            soak.connected();
            soak.startTrickling();
            Thread flood = Thread.ofPlatform().name("flood").start(soak::flood);
            miners.forEach(m -> m.measuring = true); // from here on every attacker is at it
            long steadyFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
            long end = steadyFrom + TimeUnit.SECONDS.toNanos(SECONDS);
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= steadyFrom) {
                    miners.forEach(m -> m.steady = true);
                }
                soak.sample();
                await().pollDelay(Duration.ofMillis(500))
                        .atMost(Duration.ofSeconds(2))
                        .until(() -> true);
            }
            miners.forEach(m -> m.measuring = false);
            soak.stopFlooding();
            flood.join(10_000);
            miners.forEach(Miner::stop);

            // the attackers' fate: every connection closed by the server (timers, rate, offences) or refused; the
            // attackers do not read, so they would not notice: the server's count says it
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                soak.sample();
                return soak.serverConnections() == 0;
            });
            JsonNode bans = get(http + "/api/v1/admin/bans", "demo-admin-token-not-secret");
            JsonNode summary = get(http + "/api/v1/summary", null);
            JsonNode blocks = get(http + "/api/v1/blocks", null);
            String metrics = getText(http + "/metrics");
            child.getOutputStream().write("STOP\n".getBytes(StandardCharsets.US_ASCII));
            child.getOutputStream().flush();
            String journal = out.readLine();
            while (journal != null && !journal.startsWith("JOURNAL ")) {
                journal = out.readLine(); // the child's log lines come first
            }
            long foundBlocksFile = Files.lines(dir.resolve("journal").resolve("found-blocks.jsonl"))
                    .count();

            List<Long> latencies = new ArrayList<>();
            List<Long> all = new ArrayList<>();
            List<String> slowReplies = new ArrayList<>();
            long accepted = 0;
            long rejected = 0;
            long late = 0;
            for (Miner m : miners) {
                late = Math.max(late, m.lateMicros);
                slowReplies.addAll(m.slow);
                latencies.addAll(m.steadyMicros);
                all.addAll(m.latenciesMicros);
                accepted += m.accepted.get();
                rejected += m.rejected.get();
            }
            Collections.sort(latencies);
            Collections.sort(all);
            long p99All = all.get((int) Math.ceil(all.size() * 0.99) - 1);
            long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
            long p50 = latencies.get(latencies.size() / 2);
            String report = String.format(
                    "soak %d s: peak RSS %d MB (bound %d MB), last RSS %d MB, peak open fds %d, peak connections %d%n"
                            + "normal miners (%d shares/s each): all %d replies (the first %d s of the attack too): p99"
                            + " %.1f ms; the steady %d s: %d replies, p50 %.1f ms, p99 %.1f ms, max %.1f ms, accepted %d,"
                            + " rejected"
                            + " %d (stale after a block)%n"
                            + "slow readers %d, slowloris %d: all closed; flood from 127.0.3.1: %d connects, %d"
                            + " refused or closed, banned %s%n"
                            + "pool: %s shares accepted, %d blocks in the ledger, %d lines in found-blocks.jsonl, %s%n"
                            + "%s"
                            + "replies over 50 ms (%d, the first 20): %s%n"
                            + "in the steady part the miners' own threads ran up to %.1f ms behind their schedule (test"
                            + " machine load)%n",
                    SECONDS,
                    soak.peakRssKb / 1024,
                    RSS_BOUND_KB / 1024,
                    soak.lastRssKb / 1024,
                    soak.peakFds,
                    soak.peakConnections,
                    SHARES_PER_SECOND,
                    all.size(),
                    SETTLE_SECONDS,
                    p99All / 1000.0,
                    SECONDS,
                    latencies.size(),
                    p50 / 1000.0,
                    p99 / 1000.0,
                    latencies.get(latencies.size() - 1) / 1000.0,
                    accepted,
                    rejected,
                    SLOW_READERS,
                    SLOWLORIS,
                    soak.floodConnects.get(),
                    soak.floodRefused.get(),
                    bans.toString().contains("127.0.3.1"),
                    summary.at("/shares/accepted").asText(),
                    blocks.size(),
                    foundBlocksFile,
                    journal,
                    metricLines(metrics),
                    slowReplies.size(),
                    slowReplies.subList(0, Math.min(20, slowReplies.size())),
                    late / 1000.0);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "soak-report.txt"), report);
            System.out.println(report);

            assertThat(soak.peakRssKb).as("peak RSS (kB)").isLessThan(RSS_BOUND_KB);
            assertThat(accepted).isGreaterThan(SECONDS * MINERS * (SHARES_PER_SECOND / 2L));
            assertThat(bans.toString()).contains("127.0.3.1");
            assertThat(summary.at("/shares/accepted").asLong()).isGreaterThanOrEqualTo(accepted);
            assertThat(journal).startsWith("JOURNAL ");
            assertThat(Long.parseLong(journal.substring(8))).isGreaterThanOrEqualTo(accepted);
            assertThat(blocks.size()).isPositive();
            assertThat(foundBlocksFile).isPositive();
            assertThat(Files.readString(dir.resolve("child-stderr.log"))).doesNotContain("OutOfMemoryError");
            // a client that cannot keep its own schedule measures its machine, not the pool: then p99 says nothing
            Assumptions.assumeTrue(
                    late < 50_000,
                    "the test machine is overloaded (the miners' threads ran " + late / 1000
                            + " ms late): reply times not judged; " + report);
            Assumptions.assumeTrue(
                    latencies.size() >= MIN_REPLIES_FOR_P99,
                    latencies.size() + " steady replies are too few for a p99: not judged; " + report);
            assertThat(p99)
                    .as("normal miners' reply p99 (µs) in the steady attack")
                    .isLessThan(100_000);
        } finally {
            miners.forEach(Miner::stop);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            child.destroy();
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    private static String metricLines(String metrics) {
        StringBuilder sb = new StringBuilder();
        for (String l : metrics.split("\n")) {
            if (l.startsWith("stratum_connections_refused_total")
                    || l.startsWith("stratum_disconnects_total")
                    || l.startsWith("stratum_bans_total")) {
                if (!l.endsWith(" 0.0")) {
                    sb.append(l).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static JsonNode get(String url, String token) throws Exception {
        return JSON.readTree(request(url, token));
    }

    private static String getText(String url) throws Exception {
        return request(url, null);
    }

    private static String request(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    /** The attackers (on one Netty client loop) and the measurements of the child. */
    private static final class Soak {
        final InetSocketAddress stratum;
        final EventLoopGroup group;
        final long pid;
        final List<Channel> attackers = Collections.synchronizedList(new ArrayList<>());
        final List<Channel> slowloris = Collections.synchronizedList(new ArrayList<>());
        final List<ChannelFuture> pending = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong floodConnects = new AtomicLong();
        final AtomicLong floodRefused = new AtomicLong();
        volatile boolean flooding = true;
        long peakRssKb;
        long lastRssKb;
        long peakFds;
        long peakConnections;
        int trickled; // on the client loop

        final String http;

        Soak(InetSocketAddress stratum, EventLoopGroup group, long pid, String http) {
            this.stratum = stratum;
            this.group = group;
            this.pid = pid;
            this.http = http;
        }

        /** Open Stratum connections as the pool counts them. */
        long serverConnections() throws Exception {
            return get(http + "/api/v1/health", null).at("/checks/connections").asLong();
        }

        private Channel connect(String source, int receiveBuffer) {
            Bootstrap b = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false) // never reads what the server sends
                    .handler(new ChannelInboundHandlerAdapter());
            if (receiveBuffer > 0) {
                b.option(ChannelOption.SO_RCVBUF, receiveBuffer);
            }
            ChannelFuture f = b.connect(stratum, new InetSocketAddress(source, 0));
            pending.add(f);
            attackers.add(f.channel());
            return f.channel();
        }

        void startSlowReaders() {
            String junk = "{\"id\":9,\"method\":\"" + "x".repeat(4000) + "\",\"params\":[]}\n";
            for (int i = 0; i < SLOW_READERS; i++) {
                Channel c = connect("127.0.2." + (1 + i % 250), 4096);
                String user = "demo.slow-" + i;
                pending.get(pending.size() - 1)
                        .addListener(f -> c.writeAndFlush(Unpooled.copiedBuffer(
                                "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n"
                                        + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + user
                                        + "\",\"x\"]}\n",
                                StandardCharsets.US_ASCII)));
                if (i % 2 == 0) { // half flood without reading, as long as the server reads
                    c.eventLoop()
                            .scheduleAtFixedRate(
                                    () -> {
                                        if (c.isActive() && c.isWritable()) {
                                            c.writeAndFlush(Unpooled.copiedBuffer(junk, StandardCharsets.US_ASCII));
                                        }
                                    },
                                    100,
                                    20,
                                    TimeUnit.MILLISECONDS);
                }
            }
        }

        void startSlowloris() {
            for (int i = 0; i < SLOWLORIS; i++) {
                slowloris.add(connect("127.0.2." + (1 + i % 250), 0));
            }
        }

        /** Waits until every attacker connection is made (or failed). */
        void connected() {
            synchronized (pending) {
                for (ChannelFuture f : pending) {
                    f.awaitUninterruptibly(30, TimeUnit.SECONDS);
                }
            }
        }

        /** One more byte of a subscribe line to each slowloris connection every half second, on the client loop. */
        void startTrickling() {
            String line = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}"; // never its newline
            group.next()
                    .scheduleAtFixedRate(
                            () -> {
                                byte b = (byte) line.charAt(trickled++ % line.length());
                                synchronized (slowloris) {
                                    for (Channel c : slowloris) {
                                        if (c.isActive()) {
                                            c.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {b}));
                                        }
                                    }
                                }
                            },
                            500,
                            500,
                            TimeUnit.MILLISECONDS);
        }

        /** One address opening connections as fast as it can, holding each until the server closes it. */
        void flood() {
            List<Socket> held = new ArrayList<>();
            long sweep = System.nanoTime();
            while (flooding) {
                try {
                    Socket s = new Socket();
                    s.bind(new InetSocketAddress("127.0.3.1", 0));
                    s.connect(stratum, 2000);
                    s.setSoTimeout(1);
                    floodConnects.incrementAndGet();
                    held.add(s);
                } catch (IOException e) {
                    // out of ports or refused: try again
                }
                if (System.nanoTime() - sweep > 200_000_000L) { // now and then: let go of what the server closed
                    sweep = System.nanoTime();
                    held.removeIf(s -> {
                        try {
                            if (s.getInputStream().read() < 0) {
                                floodRefused.incrementAndGet();
                                s.close();
                                return true;
                            }
                        } catch (java.net.SocketTimeoutException open) {
                            return false;
                        } catch (IOException e) {
                            floodRefused.incrementAndGet();
                            closeQuietly(s);
                            return true;
                        }
                        return false;
                    });
                }
            }
            // what it still holds must be closed by the server too
            for (Socket s : held) {
                try {
                    s.setSoTimeout(20_000);
                    InputStream in = s.getInputStream();
                    while (in.read() >= 0) {
                        // drain
                    }
                    floodRefused.incrementAndGet();
                } catch (IOException e) {
                    floodRefused.incrementAndGet();
                } finally {
                    closeQuietly(s);
                }
            }
        }

        void stopFlooding() {
            flooding = false;
        }

        void sample() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        peakRssKb = Math.max(peakRssKb, Long.parseLong(line.replaceAll("[^0-9]", "")));
                    } else if (line.startsWith("VmRSS:")) {
                        lastRssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
                try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                    peakFds = Math.max(peakFds, fds.count());
                }
                peakConnections = Math.max(peakConnections, serverConnections());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** A normal miner: mines real shares at 4 a second on the newest job and times each reply. */
    private static final class Miner {
        final Socket socket;
        final OutputStream out;
        static final long START = System.nanoTime();
        volatile boolean measuring;
        /** Past the attack's first seconds: replies count for the steady p99 too. */
        volatile boolean steady;
        /** The most this miner's own thread ran behind its schedule: the test machine's share of a latency. */
        volatile long lateMicros;

        final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
        final List<Long> steadyMicros = Collections.synchronizedList(new ArrayList<>());
        final List<String> slow = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final Map<Integer, Long> sent = new ConcurrentHashMap<>();
        final AtomicReference<Job> job = new AtomicReference<>();
        final String user;
        volatile byte[] en1;
        volatile boolean running = true;
        final Thread reader;
        final Thread miner;

        Miner(InetSocketAddress address, String source, String user) throws IOException {
            this.user = user;
            socket = new Socket();
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(address, 5000);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            reader = Thread.ofPlatform().daemon().name("reader-" + user).start(this::read);
            send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n"
                    + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + user + "\",\"x\"]}\n");
            miner = Thread.ofPlatform().daemon().name("miner-" + user).start(this::mine);
        }

        private synchronized void send(String line) {
            try {
                out.write(line.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                running = false;
            }
        }

        private void read() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line; (line = in.readLine()) != null; ) {
                    long now = System.nanoTime();
                    JsonNode n = JSON.readTree(line);
                    if (n.has("method")) {
                        if (n.get("method").asText().equals("mining.notify")) {
                            job.set(TestPools.jobFromNotify(n.get("params"), null, null));
                        }
                        continue;
                    }
                    int id = n.get("id").asInt();
                    if (id == 1) {
                        en1 = Hex.decode(n.get("result").get(1).asText());
                        continue;
                    }
                    Long t = sent.remove(id);
                    if (t != null) {
                        if (measuring) { // from the moment every attacker is at it
                            latenciesMicros.add((now - t) / 1000);
                            if (steady) {
                                steadyMicros.add((now - t) / 1000);
                            }
                            if (now - t > 50_000_000L) {
                                slow.add(String.format("%.1f ms at +%.1f s", (now - t) / 1e6, (t - START) / 1e9));
                            }
                        }
                        (n.get("result").asBoolean() ? accepted : rejected).incrementAndGet();
                    }
                }
            } catch (IOException e) {
                running = false;
            }
        }

        private void mine() {
            ShareSearch search = new ShareSearch(new MessageDigestSha256());
            Target target = Difficulty.of(DIFFICULTY).toTarget();
            long en2 = 0;
            int id = 100;
            long next = System.nanoTime();
            while (running) {
                Job j = job.get();
                byte[] e1 = en1;
                if (j != null && e1 != null) {
                    search.prepare(j, e1, ++en2, 4, j.version(), j.ntime());
                    long nonce = search.search(0, 1 << 24, target);
                    id++;
                    sent.put(id, System.nanoTime());
                    send("{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[\"" + user + "\",\""
                            + j.idHex() + "\",\"" + Extranonce.fromLong(en2, 4).toHex() + "\",\""
                            + Hex.uint32(j.ntime()) + "\",\"" + Hex.uint32((int) nonce) + "\"]}\n");
                }
                if (steady) { // over the window whose p99 is judged
                    lateMicros = Math.max(lateMicros, (System.nanoTime() - next) / 1000);
                }
                next += 1_000_000_000L / SHARES_PER_SECOND; // the miner's pace
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait); // the miner's pace
                }
            }
        }

        void stop() {
            running = false;
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
