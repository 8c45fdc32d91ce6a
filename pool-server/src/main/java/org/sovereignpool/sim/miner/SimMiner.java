package org.sovereignpool.sim.miner;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.share.hash.Sha256;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.share.model.Target;
import org.sovereignpool.share.model.VersionMask;
import org.sovereignpool.stratum.codec.StratumJson;

/**
 * A real Stratum V1 mining client in software, for tests, the demo and load generation: it configures version
 * rolling (optional), subscribes and authorizes (pipelined, as ASIC firmware does), follows mining.notify,
 * mining.set_difficulty (applied at the next notify, like cpuminer), mining.set_extranonce, mining.set_version_mask,
 * client.reconnect and client.show_message, and really mines: it hashes headers built from each job and submits the
 * shares that meet its current target.
 *
 * <p>Threading: all protocol and mining state lives on the connection's event loop; mining runs there in small
 * slices between I/O, so many miners can share a few threads. {@link #stats()} and {@link #close()} may be called from
 * any thread.
 */
public final class SimMiner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimMiner.class);
    private static final int UNLIMITED_SLICE = 2048;
    private static final long LIMITED_SLICE_MILLIS = 10;

    /**
     * @param host pool host
     * @param port pool port
     * @param user {@code operator.worker}
     * @param password sent with authorize (pools ignore it)
     * @param versionRolling whether to ask for version rolling (BIP 310) and roll version bits
     * @param extranonceSubscribe whether to send mining.extranonce.subscribe
     * @param hashesPerSecond a cap on the hash rate (0 = as fast as the thread allows)
     * @param shareLimit stop mining after this many submitted shares (0 = no limit)
     * @param maxRuntime the miner closes itself after this long
     */
    public record Options(
            String host,
            int port,
            String user,
            String password,
            boolean versionRolling,
            boolean extranonceSubscribe,
            long hashesPerSecond,
            long shareLimit,
            Duration maxRuntime) {
        public Options {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(maxRuntime, "maxRuntime");
            if (port < 1 || port > 65535 || hashesPerSecond < 0 || shareLimit < 0) {
                throw new IllegalArgumentException("port 1..65535, hashesPerSecond >= 0, shareLimit >= 0");
            }
        }

        /** Version rolling on, no rate cap, no share limit, one hour. */
        public static Options of(String host, int port, String user) {
            return new Options(host, port, user, "x", true, false, 0, 0, Duration.ofHours(1));
        }

        public Options withVersionRolling(boolean on) {
            return new Options(
                    host, port, user, password, on, extranonceSubscribe, hashesPerSecond, shareLimit, maxRuntime);
        }

        public Options withExtranonceSubscribe(boolean on) {
            return new Options(host, port, user, password, versionRolling, on, hashesPerSecond, shareLimit, maxRuntime);
        }

        public Options withHashesPerSecond(long limit) {
            return new Options(
                    host, port, user, password, versionRolling, extranonceSubscribe, limit, shareLimit, maxRuntime);
        }

        public Options withShareLimit(long limit) {
            return new Options(
                    host,
                    port,
                    user,
                    password,
                    versionRolling,
                    extranonceSubscribe,
                    hashesPerSecond,
                    limit,
                    maxRuntime);
        }

        public Options withMaxRuntime(Duration runtime) {
            return new Options(
                    host,
                    port,
                    user,
                    password,
                    versionRolling,
                    extranonceSubscribe,
                    hashesPerSecond,
                    shareLimit,
                    runtime);
        }
    }

    private enum Pending {
        CONFIGURE,
        SUBSCRIBE,
        AUTHORIZE,
        EXTRANONCE_SUBSCRIBE,
        SUBMIT
    }

    /** One job as the miner holds it. */
    private record MinerJob(String rawId, Job job, Target target, double difficulty) {}

    private final Options options;
    private final Supplier<Sha256> sha256;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final EventLoop loop;
    private final ShareSearch search;

    // event-loop state
    private Channel channel;
    private String host;
    private int port;
    private final Map<Long, Pending> pending = new HashMap<>();
    private long nextId = 1;
    private byte[] extranonce1;
    private int extranonce2Size;
    private byte[] nextExtranonce1;
    private int nextExtranonce2Size;
    private VersionMask mask = VersionMask.NONE;
    private double nextDifficulty = 1;
    private MinerJob job;
    private long extranonce2;
    private int nonceCursor;
    private int versionBits;
    private boolean mining;
    private boolean closed;

    // statistics, read from any thread
    private volatile boolean connected;
    private volatile boolean subscribed;
    private volatile boolean authorized;
    private volatile String extranonce1Hex = "";
    private volatile double difficulty = Double.NaN;
    private volatile String lastMessage;
    private final AtomicLong jobs = new AtomicLong();
    private final AtomicLong hashes = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final Map<Integer, AtomicLong> rejected = new ConcurrentHashMap<>();

    private SimMiner(Options options, Supplier<Sha256> sha256, EventLoopGroup group) {
        this.options = options;
        this.sha256 = sha256;
        this.ownGroup = group == null;
        this.group = ownGroup ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()) : group;
        this.loop = this.group.next();
        this.search = new ShareSearch(sha256.get());
        this.host = options.host();
        this.port = options.port();
    }

    /** Connects and starts mining; returns at once (the handshake runs in the background). */
    public static SimMiner start(Options options, Supplier<Sha256> sha256, EventLoopGroup group) {
        SimMiner miner = new SimMiner(options, sha256, group);
        miner.loop.execute(miner::connect);
        miner.loop.schedule(miner::close, options.maxRuntime().toMillis(), TimeUnit.MILLISECONDS);
        return miner;
    }

    /** A miner with default options on its own thread, hashing with the JDK's SHA-256. */
    public static SimMiner start(String host, int port, String user) {
        return start(Options.of(host, port, user), Sha256s::fastest, null);
    }

    /** A miner with default options and a hash-rate cap (0 = none) on its own thread. */
    public static SimMiner start(String host, int port, String user, long hashesPerSecond) {
        return start(Options.of(host, port, user).withHashesPerSecond(hashesPerSecond), Sha256s::fastest, null);
    }

    /** A shared event loop group for many miners (NIO; close it after the miners). */
    public static EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    public Options options() {
        return options;
    }

    public SimMinerStats stats() {
        Map<Integer, Long> byCode = new HashMap<>();
        rejected.forEach((k, v) -> byCode.put(k, v.get()));
        return new SimMinerStats(
                connected,
                subscribed,
                authorized,
                extranonce1Hex,
                extranonce2Size,
                mask.toHex(),
                difficulty,
                jobs.get(),
                hashes.get(),
                submitted.get(),
                accepted.get(),
                byCode,
                reconnects.get(),
                lastMessage);
    }

    @Override
    public void close() {
        if (loop.inEventLoop()) {
            closeNow();
        } else if (!loop.isShuttingDown()) {
            try {
                loop.submit(this::closeNow).await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownGroup) {
            var terminated = group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (!loop.inEventLoop()) { // closing itself at maxRuntime: it cannot wait for its own thread
                terminated.awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }

    private void closeNow() {
        closed = true;
        mining = false;
        if (channel != null) {
            channel.close();
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(1 << 20), new Handler());
                    }
                });
        ChannelFuture f = b.connect(host, port);
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                LOG.debug(
                        "sim miner could not connect to {}:{}: {}",
                        host,
                        port,
                        done.cause().toString());
            }
        });
    }

    private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            connected = true;
            resetSession();
            if (options.versionRolling()) {
                send(
                        Pending.CONFIGURE,
                        "mining.configure",
                        "[[\"version-rolling\"],{\"version-rolling.mask\":\"ffffffff\","
                                + "\"version-rolling.min-bit-count\":2}]");
            }
            send(Pending.SUBSCRIBE, "mining.subscribe", "[\"sovereign-sim/0.1\"]");
            send(
                    Pending.AUTHORIZE,
                    "mining.authorize",
                    "[" + StratumJson.quote(options.user()) + "," + StratumJson.quote(options.password()) + "]");
            if (options.extranonceSubscribe()) {
                send(Pending.EXTRANONCE_SUBSCRIBE, "mining.extranonce.subscribe", "[]");
            }
            ctx.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            connected = false;
            mining = false;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            JsonNode msg;
            try {
                msg = StratumJson.MAPPER.readTree(ByteBufUtil.getBytes(line));
            } catch (IOException e) {
                LOG.debug("sim miner: unreadable line from the pool: {}", line.toString(StandardCharsets.UTF_8));
                return;
            }
            if (msg == null || !msg.isObject()) {
                return;
            }
            JsonNode method = msg.get("method");
            if (method != null && method.isTextual()) {
                onMethod(method.asText(), msg.path("params"));
            } else {
                onReply(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("sim miner connection error: {}", cause.toString());
            ctx.close();
        }
    }

    private void resetSession() {
        pending.clear();
        job = null;
        subscribed = false;
        authorized = false;
        mask = VersionMask.NONE;
    }

    private void send(Pending kind, String method, String rawParams) {
        long id = nextId++;
        pending.put(id, kind);
        channel.write(io.netty.buffer.Unpooled.copiedBuffer(
                "{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + rawParams + "}\n",
                StandardCharsets.UTF_8));
    }

    private void onReply(JsonNode msg) {
        JsonNode idNode = msg.get("id");
        if (idNode == null || !idNode.canConvertToLong()) {
            return;
        }
        Pending kind = pending.remove(idNode.asLong());
        if (kind == null) {
            return;
        }
        JsonNode result = msg.path("result");
        JsonNode error = msg.path("error");
        boolean ok = (error.isMissingNode() || error.isNull()) && !result.isNull() && !result.isMissingNode();
        switch (kind) {
            case CONFIGURE -> {
                if (result.path("version-rolling").asBoolean(false)) {
                    mask = VersionMask.fromHex(
                            result.path("version-rolling.mask").asText("0"));
                }
            }
            case SUBSCRIBE -> {
                if (ok && result.isArray() && result.size() >= 3) {
                    extranonce1 = Hex.decode(result.get(1).asText());
                    extranonce2Size = result.get(2).asInt();
                    extranonce1Hex = result.get(1).asText();
                    subscribed = true;
                }
            }
            case AUTHORIZE -> authorized = ok && result.asBoolean(false);
            case EXTRANONCE_SUBSCRIBE -> {}
            case SUBMIT -> {
                if (ok && result.asBoolean(false)) {
                    accepted.incrementAndGet();
                } else {
                    int code =
                            error.isArray() && error.size() > 0 ? error.get(0).asInt(-1) : -1;
                    rejected.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
                }
            }
        }
    }

    private void onMethod(String method, JsonNode params) {
        switch (method) {
            case "mining.notify" -> onNotify(params);
            case "mining.set_difficulty" -> {
                if (params.path(0).isNumber() && params.path(0).asDouble() > 0) {
                    nextDifficulty = params.path(0).asDouble();
                }
            }
            case "mining.set_extranonce" -> {
                if (params.path(0).isTextual()) {
                    nextExtranonce1 = Hex.decode(params.path(0).asText());
                    nextExtranonce2Size = params.path(1).asInt(extranonce2Size);
                }
            }
            case "mining.set_version_mask" -> {
                if (params.path(0).isTextual()) {
                    mask = VersionMask.fromHex(params.path(0).asText());
                }
            }
            case "client.reconnect" -> onReconnect(params);
            case "client.show_message" -> lastMessage = params.path(0).asText(null);
            default -> LOG.debug("sim miner ignores {}", method);
        }
    }

    private void onNotify(JsonNode p) {
        try {
            String rawId = p.get(0).asText();
            Job parsed = NotifyJob.fromParams(p);
            if (nextExtranonce1 != null) {
                extranonce1 = nextExtranonce1;
                extranonce2Size = nextExtranonce2Size;
                extranonce1Hex = Extranonce.of(extranonce1).toHex();
                nextExtranonce1 = null;
            }
            difficulty = nextDifficulty;
            job = new MinerJob(rawId, parsed, Difficulty.of(nextDifficulty).toTarget(), nextDifficulty);
            jobs.incrementAndGet();
            extranonce2 = 0;
            nextWork();
            if (!mining) {
                mining = true;
                loop.execute(this::mineSlice);
            }
        } catch (RuntimeException e) {
            LOG.debug("sim miner: bad notify {}: {}", p, e.toString());
        }
    }

    private void onReconnect(JsonNode p) {
        String newHost = p.path(0).asText("");
        int newPort = p.path(1).asInt(0);
        int wait = Math.max(0, p.path(2).asInt(0));
        if (!newHost.isEmpty()) {
            host = newHost;
        }
        if (newPort > 0) {
            port = newPort;
        }
        reconnects.incrementAndGet();
        mining = false;
        channel.close();
        loop.schedule(this::connect, wait, TimeUnit.SECONDS);
    }

    /** A fresh extranonce2 (and version bits) for the current job; nonces start over. */
    private void nextWork() {
        extranonce2 = (extranonce2 + 1) & (extranonce2Size >= 8 ? -1L : (1L << (8 * extranonce2Size)) - 1);
        versionBits = mask.bits() == 0 ? 0 : spread((int) extranonce2, mask.bits());
        int version = mask.apply(job.job().version(), versionBits);
        search.prepare(
                job.job(),
                extranonce1,
                extranonce2,
                extranonce2Size,
                version,
                job.job().ntime());
        nonceCursor = 0;
    }

    /** Deposits the low bits of {@code value} into the set bits of {@code mask} (a software PDEP). */
    private static int spread(int value, int mask) {
        int out = 0;
        for (int bit = 1; mask != 0 && value != 0; bit <<= 1) {
            int lowest = mask & -mask;
            if ((value & 1) != 0) {
                out |= lowest;
            }
            value >>>= 1;
            mask &= mask - 1;
        }
        return out;
    }

    private void mineSlice() {
        if (!mining || closed || job == null || !authorized || channel == null || !channel.isActive()) {
            mining = false;
            return;
        }
        if (options.shareLimit() > 0 && submitted.get() >= options.shareLimit()) {
            mining = false;
            return;
        }
        int slice = options.hashesPerSecond() > 0
                ? (int) Math.max(1, Math.min(1 << 20, options.hashesPerSecond() * LIMITED_SLICE_MILLIS / 1000))
                : UNLIMITED_SLICE;
        long before = search.hashes();
        int remaining = slice;
        while (remaining > 0) {
            int count = (int) Math.min(remaining, 0x1_0000_0000L - Integer.toUnsignedLong(nonceCursor));
            long found = search.search(nonceCursor, count, job.target());
            if (found >= 0) {
                submit((int) found);
                int used = (int) (found - Integer.toUnsignedLong(nonceCursor)) + 1;
                remaining -= used;
                nonceCursor = (int) found + 1;
                if (nonceCursor == 0) {
                    nextWork();
                }
                if (options.shareLimit() > 0 && submitted.get() >= options.shareLimit()) {
                    break;
                }
            } else {
                remaining -= count;
                nonceCursor += count;
                if (nonceCursor == 0) {
                    nextWork();
                }
            }
        }
        hashes.addAndGet(search.hashes() - before);
        channel.flush();
        if (options.hashesPerSecond() > 0) {
            loop.schedule(this::mineSlice, LIMITED_SLICE_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            loop.execute(this::mineSlice);
        }
    }

    private void submit(int nonce) {
        String en2 = Extranonce.fromLong(extranonce2, extranonce2Size).toHex();
        StringBuilder params = new StringBuilder(160)
                .append('[')
                .append(StratumJson.quote(options.user()))
                .append(",\"")
                .append(job.rawId())
                .append("\",\"")
                .append(en2)
                .append("\",\"")
                .append(Hex.uint32(job.job().ntime()))
                .append("\",\"")
                .append(Hex.uint32(nonce))
                .append('"');
        if (mask.bits() != 0) {
            params.append(",\"").append(Hex.uint32(versionBits)).append('"');
        }
        params.append(']');
        submitted.incrementAndGet();
        send(Pending.SUBMIT, "mining.submit", params.toString());
    }
}
