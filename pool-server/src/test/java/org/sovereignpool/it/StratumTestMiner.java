package org.sovereignpool.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.share.model.Target;
import org.sovereignpool.sim.miner.NotifyJob;
import org.sovereignpool.sim.miner.ShareSearch;

/**
 * A Stratum V1 miner a test steers: it subscribes and authorizes, records every notify and difficulty, and mines on
 * demand a share on a chosen job that is, or is not, a block (real hashing: coinbase, merkle branch, header, nonce
 * search), then submits it and returns the pool's reply. One reader thread; everything else on the test's thread.
 */
final class StratumTestMiner implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One mining.notify as received, with the difficulty in force when it came. */
    record Notify(String jobId, Job job, boolean cleanJobs, double difficulty, long receivedNanos) {
        Hash256 prevHash() {
            return job.prevHash();
        }
    }

    /** A share ready to submit. */
    record Share(Notify onJob, String extranonce2, String ntime, String nonce, Hash256 hash, boolean block) {}

    private final String user;
    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;
    private final AtomicLong ids = new AtomicLong(100);
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Notify> notifies = new CopyOnWriteArrayList<>();
    private final ShareSearch search = new ShareSearch(Sha256s.fastest());
    private final AtomicLong extranonce2 = new AtomicLong();
    private volatile double difficulty = 1;
    private volatile boolean closed;
    private byte[] extranonce1;
    private int extranonce2Size;

    private StratumTestMiner(InetSocketAddress pool, String user) throws IOException {
        this.user = user;
        this.socket = new Socket();
        socket.connect(pool, 5000);
        this.out = socket.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.reader =
                Thread.ofPlatform().daemon(true).name("test-miner-" + user).start(() -> read(in));
    }

    /** Connects, subscribes and authorizes {@code user}, and waits for the first job. */
    static StratumTestMiner connect(InetSocketAddress pool, String user) throws Exception {
        StratumTestMiner m = new StratumTestMiner(pool, user);
        JsonNode sub = m.request("mining.subscribe", "[\"it-miner/1.0\"]").get("result");
        m.extranonce1 = Hex.decode(sub.get(1).asText());
        m.extranonce2Size = sub.get(2).asInt();
        JsonNode auth = m.request("mining.authorize", "[\"" + user + "\",\"x\"]");
        if (!auth.path("result").asBoolean()) {
            throw new IllegalStateException(user + " was not authorized: " + auth);
        }
        m.awaitJob(n -> true, Duration.ofSeconds(20));
        return m;
    }

    private void read(BufferedReader in) {
        try {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode m = JSON.readTree(line);
                String method = m.path("method").asText("");
                switch (method) {
                    case "mining.notify" -> notifies.add(parse(m.get("params")));
                    case "mining.set_difficulty" ->
                        difficulty = m.get("params").get(0).asDouble();
                    case "" -> {
                        CompletableFuture<JsonNode> f =
                                pending.remove(m.path("id").asLong(-1));
                        if (f != null) {
                            f.complete(m);
                        }
                    }
                    default -> {
                        // client.show_message and the like: not needed here
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                pending.values().forEach(f -> f.completeExceptionally(e));
            }
        }
    }

    private Notify parse(JsonNode p) {
        return new Notify(
                p.get(0).asText(), NotifyJob.fromParams(p), p.get(8).asBoolean(), difficulty, System.nanoTime());
    }

    /** Sends a request and waits (10 s at most) for its reply. */
    JsonNode request(String method, String paramsJson) throws Exception {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        String line = "{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}\n";
        synchronized (out) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        try {
            return reply.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(user + ": no reply to " + method + " within 10 s", e);
        } catch (ExecutionException e) {
            throw new AssertionError(user + ": connection lost waiting for " + method, e.getCause());
        }
    }

    /** Every notify so far, oldest first. */
    List<Notify> notifies() {
        return List.copyOf(notifies);
    }

    Notify latest() {
        return notifies.get(notifies.size() - 1);
    }

    /** The first notify (oldest first) that matches, waiting up to {@code within} for it. */
    Notify awaitJob(Predicate<Notify> matches, Duration within) {
        AtomicReference<Notify> found = new AtomicReference<>();
        await().atMost(within)
                .pollInterval(Duration.ofMillis(5))
                .alias(user + ": a matching job")
                .until(() -> {
                    notifies.stream().filter(matches).findFirst().ifPresent(found::set);
                    return found.get() != null;
                });
        return found.get();
    }

    /**
     * Mines a share on {@code n} that meets the share difficulty and is ({@code block}) or is not a block. Each call
     * uses a new extranonce2, so shares never repeat.
     */
    Share mine(Notify n, boolean block) {
        Target shareTarget = Difficulty.of(n.difficulty()).toTarget();
        Target network = n.job().networkTarget();
        for (int attempt = 0; attempt < 64; attempt++) {
            long en2 = extranonce2.getAndIncrement();
            search.prepare(
                    n.job(),
                    extranonce1,
                    en2,
                    extranonce2Size,
                    n.job().version(),
                    n.job().ntime());
            int first = 0;
            while (true) {
                long nonce = search.search(first, Integer.MAX_VALUE - first, shareTarget);
                if (nonce < 0) {
                    break;
                }
                Hash256 hash = search.lastHash();
                if (network.isMetBy(hash.internalBytes(), 0) == block) {
                    return new Share(
                            n,
                            String.format("%0" + (2 * extranonce2Size) + "x", en2),
                            Hex.uint32(n.job().ntime()),
                            Hex.uint32((int) nonce),
                            hash,
                            block);
                }
                first = (int) nonce + 1;
                if (first < 0 || first > 50_000_000) {
                    break;
                }
            }
        }
        throw new IllegalStateException("no " + (block ? "block" : "non-block") + " share found: check the targets");
    }

    /** Submits a share; the pool's reply (result true, or error [code, message, null]). */
    JsonNode submit(Share s) throws Exception {
        return request(
                "mining.submit",
                "[\"" + user + "\",\"" + s.onJob().jobId() + "\",\"" + s.extranonce2() + "\",\"" + s.ntime() + "\",\""
                        + s.nonce() + "\"]");
    }

    /** The Stratum error code of a reply, 0 when the share was accepted. */
    static int errorCode(JsonNode reply) {
        JsonNode e = reply.get("error");
        return e == null || e.isNull() ? 0 : e.get(0).asInt();
    }

    boolean connected() {
        return !socket.isClosed() && reader.isAlive();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
