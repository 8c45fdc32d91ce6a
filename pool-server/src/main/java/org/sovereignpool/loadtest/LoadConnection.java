package org.sovereignpool.loadtest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.sim.miner.NotifyJob;

/**
 * One Stratum V1 client connection of the load tool: subscribe, then authorize, then follow {@code
 * mining.set_difficulty}, {@code mining.notify} and {@code mining.set_extranonce}, and submit shares when the mode says
 * so, with random nonces (sequential from a random start, so the pool does the whole check and almost always answers
 * "low difficulty") or with really mined ones. Works with this pool's replies and ckpool's (a subscribe result with
 * one or two subscriptions and with or without an extranonce2 size; {@code reject-reason} beside {@code result:
 * false}).
 *
 * <p>Threading: every field is owned by the channel's event loop; the connection is created on the command's thread
 * and touched there only before it connects.
 */
final class LoadConnection extends ChannelInboundHandlerAdapter {
    static final long SUBSCRIBE_ID = 1;
    static final long AUTHORIZE_ID = 2;
    static final long FIRST_SUBMIT_ID = 3;
    private static final int DEFAULT_EXTRANONCE2_SIZE = 4;
    private static final byte[] SUBMIT_OPEN = "{\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUBMIT_CLOSE = "\"]}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[4096];
        }
    };

    enum State {
        NEW,
        CONNECTING,
        SUBSCRIBING,
        AUTHORIZING,
        WAITING_FOR_JOB,
        READY,
        FAILED,
        CLOSED
    }

    private static final LoadClient.Listener NO_LISTENER = new LoadClient.Listener() {};

    private final LoadClient client;
    private final boolean probe;
    private final int number;
    private final String user;
    private final PendingSubmits pending = new PendingSubmits(FIRST_SUBMIT_ID, 16);

    private volatile Channel channel; // read by the command's thread when it closes everything
    private volatile EventLoop loop;
    private State state = State.NEW;
    private long connectStartNanos;
    private ScheduledFuture<?> handshakeTimer;
    private boolean authorized;
    private boolean dirty;

    private byte[] extranonce1;
    private int extranonce2Size = DEFAULT_EXTRANONCE2_SIZE;
    private byte[] nextExtranonce1;
    private int nextExtranonce2Size;
    private double difficulty = 1;
    private double jobDifficulty = 1;

    private JsonNode jobParams;
    private String jobId;
    private String ntimeHex;
    private long jobSequence;
    private Job minedJob; // parsed lazily, for mined shares only
    private byte[] submitMiddle; // ,"method":"mining.submit","params":["user","job","en2","ntime","

    // random shares: this connection's extranonce2 and a nonce counter from a random start
    private long extranonce2;
    private int nextNonce;
    private long noncesUsed;

    // mined shares: found by the hashers a slice at a time, kept here until submitted (for this job and extranonce2)
    private int[] stash = new int[0];
    private int stashNext;
    private int stashCount;
    private boolean hashing;
    private long miningCursor;
    private long miningJobSequence = -1;

    /**
     * @param probe the connection made before the others, to fail early and to load the client's code before it is
     *     timed: it reports only to {@link LoadClient#probeSettled}
     */
    LoadConnection(LoadClient client, int number, String user, boolean probe) {
        this.client = client;
        this.probe = probe;
        this.number = number;
        this.user = user;
        this.extranonce2 = number;
        this.nextNonce = (int) java.util.concurrent.ThreadLocalRandom.current().nextLong();
    }

    int number() {
        return number;
    }

    String user() {
        return user;
    }

    Channel channel() {
        return channel;
    }

    EventLoop loop() {
        return loop;
    }

    State state() {
        return state;
    }

    boolean ready() {
        return state == State.READY && channel.isActive();
    }

    /** Submits sent and not yet answered (nor expired). */
    int outstanding() {
        return pending.outstanding();
    }

    /** Whether a hashing slice is running for this connection. */
    boolean hashing() {
        return hashing;
    }

    // ------------------------------------------------------------------ connecting and the handshake

    /** Connects on {@code eventLoop}, which then owns this connection. */
    void connect(Bootstrap bootstrap, EventLoop eventLoop) {
        loop = eventLoop;
        loop.execute(() -> {
            state = State.CONNECTING;
            connectStartNanos = System.nanoTime();
            ChannelFuture f = bootstrap
                    .clone(loop)
                    .handler(client.initializer(this))
                    .connect(client.settings().host(), client.settings().port());
            channel = f.channel();
            handshakeTimer = loop.schedule(
                    this::handshakeTimedOut,
                    client.settings().handshakeTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
            f.addListener(done -> {
                if (!done.isSuccess() && state == State.CONNECTING) {
                    fail(connectFailure(done.cause()));
                }
            });
        });
    }

    private String connectFailure(Throwable cause) {
        String target = client.settings().target();
        if (cause instanceof ConnectTimeoutException) {
            return "connect to " + target + " timed out";
        }
        if (cause instanceof ConnectException
                && cause.getMessage() != null
                && cause.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused")) {
            return "connection refused by " + target + " (nothing listening there?)";
        }
        return "cannot connect to " + target + ": " + cause.getMessage();
    }

    private void handshakeTimedOut() {
        String seconds = client.settings().handshakeTimeout().toMillis() / 1000.0 + " s";
        switch (state) {
            case CONNECTING -> fail("connect to " + client.settings().target() + " timed out after " + seconds);
            case SUBSCRIBING -> fail("no reply to mining.subscribe within " + seconds);
            case AUTHORIZING -> fail("no reply to mining.authorize within " + seconds);
            case WAITING_FOR_JOB -> fail("no mining.notify within " + seconds + " of connecting");
            default -> {}
        }
    }

    private void fail(String reason) {
        if (state == State.FAILED || state == State.READY || state == State.CLOSED) {
            return;
        }
        state = State.FAILED;
        cancelHandshakeTimer();
        if (probe) {
            client.probeSettled(reason);
        } else {
            client.handshakeFailed(reason);
        }
        if (channel != null) {
            channel.close();
        }
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (state != State.CONNECTING) {
            return;
        }
        state = State.SUBSCRIBING;
        writeLine("{\"id\":" + SUBSCRIBE_ID + ",\"method\":\"mining.subscribe\",\"params\":[\""
                + ClientSettings.USER_AGENT + "\"]}");
        ctx.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        switch (state) {
            case SUBSCRIBING -> fail("closed by the pool before it answered mining.subscribe");
            case AUTHORIZING -> fail("closed by the pool before it answered mining.authorize");
            case WAITING_FOR_JOB -> fail("closed by the pool before it sent a job (mining.notify)");
            case READY -> {
                if (!client.closing() && !probe) {
                    client.disconnected("closed by the pool");
                }
                listener().lost(this, pending.clear());
            }
            default -> {}
        }
        if (state != State.FAILED) {
            state = State.CLOSED;
        }
        cancelHandshakeTimer();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String reason = cause instanceof IOException
                ? "I/O error: " + cause.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (state == State.READY) {
            if (!client.closing() && !probe) {
                client.disconnected(reason);
            }
            listener().lost(this, pending.clear());
            state = State.CLOSED;
        } else {
            fail(reason);
        }
        ctx.close();
    }

    // ------------------------------------------------------------------ reading

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = System.nanoTime();
        ByteBuf line = (ByteBuf) msg;
        InboundLine in;
        try {
            int length = line.readableBytes();
            byte[] bytes;
            int offset;
            if (line.hasArray()) {
                bytes = line.array();
                offset = line.arrayOffset() + line.readerIndex();
            } else {
                bytes = SCRATCH.get();
                if (bytes.length < length) {
                    bytes = new byte[Math.max(length, bytes.length * 2)];
                    SCRATCH.set(bytes);
                }
                line.getBytes(line.readerIndex(), bytes, 0, length);
                offset = 0;
            }
            in = InboundLine.parse(bytes, offset, length);
        } catch (IOException e) {
            client.malformedLine();
            return;
        } finally {
            line.release();
        }
        if (in.isReply()) {
            onReply(in, now);
        } else {
            onMethod(in, now);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushIfDirty();
    }

    private void onReply(InboundLine reply, long now) {
        long id = reply.id();
        if (id == SUBSCRIBE_ID && state == State.SUBSCRIBING) {
            onSubscribed(reply);
        } else if (id == AUTHORIZE_ID && state == State.AUTHORIZING) {
            onAuthorized(reply);
        } else {
            long intended = pending.remove(id);
            if (intended == PendingSubmits.NONE) {
                client.unmatchedReply();
                return;
            }
            listener().replied(this, intended, ReplyOutcome.of(reply), now);
        }
    }

    private void onSubscribed(InboundLine reply) {
        JsonNode result = reply.result();
        if (reply.error() != null || result == null || !result.isArray() || result.size() < 2) {
            String why = reply.error() != null
                    ? ReplyOutcome.of(reply).reason()
                    : result != null && result.isTextual() ? result.asText() : String.valueOf(result);
            fail("mining.subscribe refused: " + why);
            return;
        }
        // [subscriptions, extranonce1, extranonce2_size]; some pools leave out the size (4 is the common one)
        try {
            extranonce1 = Hex.decode(result.get(1).asText());
        } catch (IllegalArgumentException e) {
            fail("mining.subscribe answered an extranonce1 that is not hex: " + result.get(1));
            return;
        }
        if (result.size() >= 3 && result.get(2).canConvertToInt()) {
            int size = result.get(2).asInt();
            if (size < 1 || size > 16) {
                fail("mining.subscribe answered extranonce2_size " + size + " (expected 1..16)");
                return;
            }
            extranonce2Size = size;
        }
        state = State.AUTHORIZING;
        writeLine("{\"id\":" + AUTHORIZE_ID + ",\"method\":\"mining.authorize\",\"params\":[" + quote(user) + ","
                + quote(client.settings().password()) + "]}");
        dirty = true;
    }

    private void onAuthorized(InboundLine reply) {
        ReplyOutcome outcome = ReplyOutcome.of(reply);
        if (!outcome.accepted()) {
            fail("mining.authorize refused for " + user + ": " + outcome.reason());
            return;
        }
        authorized = true;
        state = State.WAITING_FOR_JOB;
        becomeReadyIfJob();
    }

    private void becomeReadyIfJob() {
        if (authorized && jobId != null && state == State.WAITING_FOR_JOB) {
            state = State.READY;
            cancelHandshakeTimer();
            if (probe) {
                client.probeSettled(null);
                return;
            }
            client.handshakeDone(System.nanoTime() - connectStartNanos);
            listener().ready(this);
        }
    }

    private void onMethod(InboundLine in, long now) {
        JsonNode p = in.params();
        switch (in.method()) {
            case "mining.notify" -> onNotify(p, now);
            case "mining.set_difficulty" -> {
                if (p != null && p.path(0).isNumber() && p.path(0).asDouble() > 0) {
                    difficulty = p.path(0).asDouble();
                }
            }
            case "mining.set_extranonce" -> {
                if (p != null && p.path(0).isTextual()) {
                    try {
                        nextExtranonce1 = Hex.decode(p.path(0).asText());
                        nextExtranonce2Size = p.path(1).asInt(extranonce2Size);
                    } catch (IllegalArgumentException e) {
                        client.malformedLine();
                    }
                }
            }
            case "client.reconnect" -> client.reconnectRequested();
            default -> {} // client.show_message, mining.set_version_mask, …
        }
    }

    private void onNotify(JsonNode p, long now) {
        if (p == null
                || !p.isArray()
                || p.size() < 9
                || !p.get(0).isTextual()
                || !p.get(7).isTextual()) {
            client.malformedLine();
            return;
        }
        boolean clean = p.get(8).asBoolean(false);
        if (nextExtranonce1 != null) {
            extranonce1 = nextExtranonce1;
            extranonce2Size = nextExtranonce2Size;
            nextExtranonce1 = null;
        }
        jobParams = p;
        jobId = p.get(0).asText();
        ntimeHex = p.get(7).asText();
        jobSequence++;
        jobDifficulty = difficulty;
        minedJob = null;
        submitMiddle = null;
        if (state == State.READY) {
            listener().notified(this, clean, now);
        } else {
            becomeReadyIfJob();
        }
    }

    private LoadClient.Listener listener() {
        return probe ? NO_LISTENER : client.listener();
    }

    // ------------------------------------------------------------------ submitting

    /** Sends one share with the next nonce of this connection's range; its latency counts from {@code intended}. */
    void submitRandom(long intendedNanos) {
        if (noncesUsed == 1L << 32) {
            extranonce2++;
            noncesUsed = 0;
            submitMiddle = null;
        }
        noncesUsed++;
        writeSubmit(intendedNanos, nextNonce++);
    }

    private void writeSubmit(long intendedNanos, int nonce) {
        if (submitMiddle == null) {
            submitMiddle = (",\"method\":\"mining.submit\",\"params\":[" + quote(user) + "," + quote(jobId) + ",\""
                            + extranonce2Hex(extranonce2, extranonce2Size) + "\"," + quote(ntimeHex) + ",\"")
                    .getBytes(StandardCharsets.UTF_8);
        }
        long id = pending.add(intendedNanos);
        ByteBuf b = channel.alloc().buffer(SUBMIT_OPEN.length + 20 + submitMiddle.length + 8 + SUBMIT_CLOSE.length);
        b.writeBytes(SUBMIT_OPEN);
        ByteBufUtil.writeAscii(b, Long.toString(id));
        b.writeBytes(submitMiddle);
        for (int shift = 28; shift >= 0; shift -= 4) {
            b.writeByte(HEX[(nonce >>> shift) & 0xf]);
        }
        b.writeBytes(SUBMIT_CLOSE);
        channel.write(b, channel.voidPromise());
        dirty = true;
        listener().submitted(this);
    }

    /** Whether a mined share of the current job is waiting to be submitted. */
    boolean hasMined() {
        return stashNext < stashCount && miningJobSequence == jobSequence;
    }

    /** Mined shares waiting to be submitted. */
    int minedWaiting() {
        return hasMined() ? stashCount - stashNext : 0;
    }

    /** Submits the next mined share, timed from {@code intendedNanos}; false when none is waiting. */
    boolean submitMined(long intendedNanos) {
        if (!hasMined() || state != State.READY || !channel.isActive()) {
            return false;
        }
        writeSubmit(intendedNanos, stash[stashNext++]);
        return true;
    }

    /**
     * Starts hashing the next slice of the current job (one slice at a time); the shares it finds wait in this
     * connection's stash ({@link #submitMined}) and the mode hears {@link LoadClient.Listener#mined}.
     */
    void mineNext() {
        if (hashing || state != State.READY || !channel.isActive()) {
            return;
        }
        Job job = minedJob(); // the subscribe result gave extranonce1: READY implies it
        if (job == null) {
            return;
        }
        if (miningJobSequence != jobSequence) {
            miningJobSequence = jobSequence;
            miningCursor = 0;
            stashNext = stashCount = 0;
        }
        if (miningCursor >= 1L << 32) {
            extranonce2++;
            submitMiddle = null;
            miningCursor = 0;
            stashNext = stashCount = 0;
        }
        int count = (int) Math.min(MinedShares.SLICE, (1L << 32) - miningCursor);
        // a share must meet the difficulty the job was sent with and any announced since (pools differ on which)
        double d = Math.max(jobDifficulty, difficulty);
        long sequence = jobSequence;
        long en2 = extranonce2;
        long first = miningCursor;
        hashing = true;
        client.mining()
                .search(
                        new MinedShares.Work(
                                job,
                                extranonce1,
                                en2,
                                extranonce2Size,
                                (int) first,
                                count,
                                Difficulty.of(d).toTarget()),
                        loop,
                        found -> {
                            hashing = false;
                            if (sequence == jobSequence && en2 == extranonce2 && channel.isActive()) {
                                miningCursor = found.next();
                                stash = found.nonces();
                                stashNext = 0;
                                stashCount = found.count();
                            }
                            listener().mined(this);
                        });
    }

    private Job minedJob() {
        if (minedJob == null && jobParams != null) {
            try {
                minedJob = NotifyJob.fromParams(jobParams);
            } catch (RuntimeException e) {
                client.malformedLine();
                jobParams = null;
            }
        }
        return minedJob;
    }

    /** Drops submits unanswered since before {@code cutoffNanos}; returns how many. */
    int expireBefore(long cutoffNanos) {
        return pending.expireBefore(cutoffNanos);
    }

    void flushIfDirty() {
        if (dirty && channel != null) {
            dirty = false;
            channel.flush();
        }
    }

    private void writeLine(String json) {
        channel.write(
                io.netty.buffer.Unpooled.copiedBuffer(json + "\n", StandardCharsets.UTF_8), channel.voidPromise());
    }

    static String extranonce2Hex(long value, int size) {
        StringBuilder sb = new StringBuilder(size * 2);
        for (int i = size - 1; i >= 0; i--) {
            int b = i < 8 ? (int) (value >>> (8 * i)) & 0xff : 0;
            sb.append((char) HEX[b >>> 4]).append((char) HEX[b & 0xf]);
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
