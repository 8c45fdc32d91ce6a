package org.sovereignpool.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.util.internal.PlatformDependent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.HttpConfig;
import org.sovereignpool.operator.HashrateWindow;

/**
 * The HTTP server against hostile clients, with the default limits: silent and trickling connections, more
 * connections than the cap, deep pipelines (also of the 400 KB chart.js while not reading), and 404s for unique
 * paths.
 */
class HttpEdgeTest {
    private static final String CHART = "/webjars/chart.js/4.4.1/dist/chart.umd.js";
    private final List<AutoCloseable> open = new ArrayList<>();

    /** Answers every call with an empty value. */
    private static final class Quiet implements PoolStatus {
        @Override
        public Object summary() {
            return Map.of();
        }

        @Override
        public List<?> operators() {
            return List.of();
        }

        @Override
        public Optional<?> operator(String operatorId) {
            return Optional.empty();
        }

        @Override
        public Optional<List<?>> operatorHistory(String operatorId) {
            return Optional.empty();
        }

        @Override
        public List<?> hashrateHistory(String operatorId, HashrateWindow window) {
            return List.of();
        }

        @Override
        public List<?> blocks(int limit) {
            return List.of();
        }

        @Override
        public Object treasury(int limit) {
            return Map.of();
        }

        @Override
        public Optional<?> statement(String operatorId, long fromMillis, long toMillis) {
            return Optional.empty();
        }

        @Override
        public Health health() {
            return new Health(true, Map.of());
        }

        @Override
        public List<?> workers() {
            return List.of();
        }

        @Override
        public int showMessage(String text) {
            return 0;
        }
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private InetSocketAddress start() throws Exception {
        PoolHttpServer server = new PoolHttpServer(
                new HttpConfig("127.0.0.1", 8080, Optional.empty()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new Quiet(),
                Clock.systemUTC());
        open.add(server);
        return server.start(new InetSocketAddress("127.0.0.1", 0));
    }

    private Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(8192);
        s.connect(address, 5000);
        open.add(s);
        return s;
    }

    private static boolean closedByServer(Socket s, int timeoutMillis) {
        try {
            s.setSoTimeout(timeoutMillis);
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String request(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: pool\r\n\r\n";
    }

    /** Reads {@code count} responses (status line, headers, Content-Length body); returns their status codes. */
    private static List<Integer> responses(Socket s, int count) throws IOException {
        s.setSoTimeout(15_000);
        InputStream in = new java.io.BufferedInputStream(s.getInputStream());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String status = line(in);
            statuses.add(Integer.parseInt(status.split(" ")[1]));
            long length = 0;
            for (String h; !(h = line(in)).isEmpty(); ) {
                if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                }
            }
            in.skipNBytes(length);
        }
        return statuses;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed after " + b);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static long directMemoryInUse() {
        long netty = Math.max(0, PlatformDependent.usedDirectMemory());
        long nio = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                nio = pool.getMemoryUsed();
            }
        }
        return netty + nio;
    }

    @Test
    void silentAndTricklingConnectionsAreClosedAndTheConnectionCapHolds() throws Exception {
        InetSocketAddress address = start();
        List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            silent.add(connect(address));
        }
        Socket trickle = connect(address); // slowloris: a header byte every half second
        OutputStream out = trickle.getOutputStream();
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            try {
                out.write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 200; i++) {
                    out.write('X');
                    out.flush();
                    Thread.sleep(500); // the attacker's pace, not a wait for the server
                }
            } catch (IOException | InterruptedException closed) {
                // closed by the server
            }
        });
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> silent.stream().allMatch(s -> closedByServer(s, 1)) && closedByServer(trickle, 1));
        t.interrupt();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        Socket fresh = connect(address);
        fresh.getOutputStream().write(request("/api/v1/health").getBytes(StandardCharsets.US_ASCII));
        assertThat(responses(fresh, 1)).containsExactly(200);
    }

    @Test
    void overTheCapConnectionsAreClosedAtOnce() throws Exception {
        InetSocketAddress address = start();
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 256 + 20; i++) { // 256: http.maxConnections by default
            sockets.add(connect(address));
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> sockets.stream().filter(s -> closedByServer(s, 1)).count() >= 20);
    }

    @Test
    void aDeepPipelineIsAnsweredInOrderWithoutKillingTheConnection() throws Exception {
        Socket s = connect(start());
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            pipeline.append(request(i % 2 == 0 ? "/api/v1/health" : "/api/v1/nothing"));
        }
        s.getOutputStream().write(pipeline.toString().getBytes(StandardCharsets.US_ASCII));
        List<Integer> statuses = responses(s, 300);
        for (int i = 0; i < 300; i++) {
            assertThat(statuses.get(i)).as("response " + i).isEqualTo(i % 2 == 0 ? 200 : 404);
        }
        s.getOutputStream().write(request("/api/v1/health").getBytes(StandardCharsets.US_ASCII));
        assertThat(responses(s, 1)).containsExactly(200);
    }

    @Test
    void deepPipelinesOfChartJsDoNotCopyItIntoDirectMemory() throws Exception {
        InetSocketAddress address = start();
        Socket warm = connect(address);
        warm.getOutputStream().write(request(CHART).getBytes(StandardCharsets.US_ASCII));
        assertThat(responses(warm, 1)).containsExactly(200);
        long before = directMemoryInUse();
        List<Socket> readers = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            Socket s = connect(address);
            s.getOutputStream().write(request(CHART).repeat(120).getBytes(StandardCharsets.US_ASCII));
            readers.add(s);
        }
        // not reading: what the server holds for these clients is what it holds in memory; let it answer
        long peak = 0;
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < end) {
            peak = Math.max(peak, directMemoryInUse() - before);
            Thread.onSpinWait();
        }
        assertThat(peak).as("direct memory for 360 responses of a 400 KB file").isLessThan(16L << 20);
        for (Socket s : readers) {
            assertThat(responses(s, 120)).hasSize(120).containsOnly(200);
        }
    }

    @Test
    void notFoundPathsAreNotCachedAndFoundFilesAre() throws Exception {
        StaticFiles files = new StaticFiles();
        for (int i = 0; i < 2000; i++) {
            assertThat(files.get("/dashboard/nothing-" + i + ".js")).isEmpty();
            assertThat(files.get("/webjars/nothing/" + i)).isEmpty();
        }
        assertThat(files.get("/dashboard/dashboard.js")).isPresent();
        assertThat(files.get("/")).isPresent();
        var cache = StaticFiles.class.getDeclaredField("cache");
        cache.setAccessible(true);
        assertThat((Map<?, ?>) cache.get(files)).hasSize(2);
    }

    @Test
    void theDashboardCarriesAContentSecurityPolicy() throws Exception {
        Socket s = connect(start());
        s.getOutputStream().write(request("/").getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        String head = new String(in.readNBytes(600), StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).contains("content-security-policy: default-src 'self'; script-src 'self'; style-src 'self';");
    }
}
