package org.sovereignpool.stratum.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.Map;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.VersionMask;
import org.sovereignpool.share.validate.SessionWork;
import org.sovereignpool.stratum.codec.StratumJson;
import org.sovereignpool.stratum.limit.ConnectionGate;
import org.sovereignpool.stratum.limit.Offence;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumMethods;
import org.sovereignpool.stratum.vardiff.Vardiff;

/**
 * Everything the server knows about one connection, kept in one channel attribute ({@link #KEY}). Event-loop only:
 * every method runs on the channel's event loop, so nothing here is synchronized. Small on purpose (a pool holds 100k
 * of these; 152 B with compressed references): the work window is allocated at subscribe and its slots as jobs
 * arrive, the duplicate filters and the merkle-root cache at the first share, a map of workers only for a second
 * worker; the extranonce1 is kept once (in the work), and the handshake and idle timeouts are two timestamps that the
 * registry's sweep reads (no timer per connection).
 */
public final class StratumSession {
    public static final AttributeKey<StratumSession> KEY = AttributeKey.valueOf("stratum.session");

    private final Channel channel;
    private final StratumContext context;
    private final ConnectionGate.Ticket ticket;
    private SessionState state = SessionState.CONNECTED;
    private SessionWork work;
    // workers by the user name they authorized as (stripped) and by their canonical name; the first without a map
    private String firstUser;
    private WorkerName firstWorker;
    private Map<String, WorkerName> moreWorkers;
    private int workerCount;
    private VersionMask versionMask = VersionMask.NONE;
    private boolean extranonceSubscribed;
    private double minimumDifficulty;
    // the listener's difficulty until the miner suggests one (mining.suggest_difficulty or d=N before work starts)
    private double startDifficulty;
    private double difficulty;
    private double pendingDifficulty = Double.NaN;
    private Vardiff vardiff;
    private boolean working;
    private long lastJobId;
    /** The block the last job sent builds on: a job on another one goes out clean, whatever its own flag. */
    private Hash256 lastPrevHash;

    private boolean sentAnyJob;
    private boolean missedJob;
    private int malformed;
    private double requestTokens = -1;
    private long lastRefillNanos;
    private boolean disconnected;
    private boolean withheld; // curtailment: no new work is sent while set (see WorkGate)
    // the event loop's ticker (SessionRegistry's sweep closes the session past its handshake or idle timeout)
    private long connectedNanos;
    private long lastReadNanos;
    int registryIndex = -1; // its place in SessionRegistry's array for its loop
    private ScheduledFuture<?> unwritableTimer; // see SessionLifecycleHandler

    /** @param ticket the connection gate's ticket for this connection, or null when there is no gate */
    public StratumSession(
            Channel channel, StratumContext context, double listenerDifficulty, ConnectionGate.Ticket ticket) {
        this.channel = channel;
        this.context = context;
        this.startDifficulty = listenerDifficulty;
        this.ticket = ticket;
    }

    public static StratumSession of(Channel channel) {
        return channel.attr(KEY).get();
    }

    public Channel channel() {
        return channel;
    }

    public SessionState state() {
        return state;
    }

    /** The connection gate's ticket, or null when there is no gate. */
    public ConnectionGate.Ticket ticket() {
        return ticket;
    }

    public SessionWork work() {
        return work;
    }

    /** The connection's extranonce1 (kept once, in its {@link SessionWork}), or null before it subscribed. */
    public Extranonce extranonce1() {
        return work == null ? null : Extranonce.of(work.extranonce1());
    }

    public boolean subscribed() {
        return work != null;
    }

    public boolean working() {
        return working;
    }

    /** The channel became active at {@code nowNanos} (its event loop's ticker): the timeouts count from here. */
    void connected(long nowNanos) {
        connectedNanos = nowNanos;
        lastReadNanos = nowNanos;
    }

    long connectedNanos() {
        return connectedNanos;
    }

    /** A line arrived at {@code nowNanos} (its event loop's ticker): the idle timeout counts from here. */
    public void read(long nowNanos) {
        lastReadNanos = nowNanos;
    }

    long lastReadNanos() {
        return lastReadNanos;
    }

    /** The timer that closes the connection if it stays unwritable (SessionLifecycleHandler's), or null. */
    public ScheduledFuture<?> unwritableTimer() {
        return unwritableTimer;
    }

    public void unwritableTimer(ScheduledFuture<?> timer) {
        unwritableTimer = timer;
    }

    /** Subscribes (idempotent: a repeated subscribe gets the same extranonce1). */
    public void subscribe() {
        if (work == null) {
            work = new SessionWork(
                    context.extranonces().next(), context.settings().extranonce2Size());
            work.versionMask(versionMask);
            updateState();
        }
    }

    /**
     * Adds an authorized worker under the user name it authorized with (already stripped); false when the connection
     * has {@code stratum.maxWorkersPerConnection} workers already. Constant time.
     */
    public boolean authorize(String user, WorkerName worker) {
        if (authorizedWorker(user) != null) {
            return true;
        }
        if (workerCount >= context.settings().limits().maxWorkersPerConnection()) {
            return false;
        }
        if (firstWorker == null) {
            firstUser = user;
            firstWorker = worker;
        } else {
            if (moreWorkers == null) {
                moreWorkers = new HashMap<>();
            }
            moreWorkers.put(user, worker);
            moreWorkers.putIfAbsent(worker.toString(), worker);
        }
        workerCount++;
        updateState();
        return true;
    }

    /**
     * The authorized worker this submit's user names, or null when it is not authorized on this connection. The user
     * is stripped as authorize strips it; a hash lookup, no allocation for a name authorized as sent.
     */
    public WorkerName authorizedWorker(String user) {
        if (firstWorker == null) {
            return null;
        }
        String u = user.strip(); // the same string when there is nothing to strip
        if (u.equals(firstUser)) {
            return firstWorker;
        }
        if (moreWorkers != null) {
            WorkerName w = moreWorkers.get(u);
            if (w != null) {
                return w;
            }
        }
        try {
            WorkerName parsed = WorkerName.parse(u); // the operator part is case-insensitive
            if (parsed.equals(firstWorker)) {
                return firstWorker;
            }
            return moreWorkers == null ? null : moreWorkers.get(parsed.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public boolean authorized() {
        return firstWorker != null;
    }

    public int workerCount() {
        return workerCount;
    }

    public void versionMask(VersionMask mask) {
        versionMask = mask;
        if (work != null) {
            work.versionMask(mask);
        }
    }

    public VersionMask versionMask() {
        return versionMask;
    }

    public void extranonceSubscribed(boolean value) {
        extranonceSubscribed = value;
    }

    public boolean extranonceSubscribed() {
        return extranonceSubscribed;
    }

    /** BIP 310 minimum-difficulty: the session's floor; returns the floor in force. */
    public double minimumDifficulty(double requested) {
        minimumDifficulty = context.settings().rules().apply(requested);
        if (vardiff != null) {
            vardiff.floor(minimumDifficulty, context.nowMillis());
            pendingIfChanged(vardiff.difficulty());
        } else if (working && difficulty < minimumDifficulty) {
            pendingIfChanged(minimumDifficulty);
        }
        return minimumDifficulty;
    }

    /**
     * {@code mining.suggest_difficulty}, or {@code d=N} in the password: before work starts, the starting difficulty;
     * once working, the difficulty from now on: {@code set_difficulty} at once, then the current job again with
     * clean_jobs false so that firmware that reads the difficulty with each job picks it up. Returns the difficulty
     * within the pool's bounds.
     */
    public double suggestDifficulty(double requested) {
        double d = context.settings().rules().apply(requested, minimumDifficulty);
        startDifficulty = d;
        if (working) {
            if (vardiff != null) {
                vardiff.reset(d, context.nowMillis());
            }
            pendingDifficulty = Double.NaN;
            if (d != difficulty) {
                changeDifficulty(d);
                JobBroadcast current = context.current();
                if (current != null && channel.isWritable()) {
                    issue(current, current.notCleanLine());
                }
                channel.flush();
            }
        }
        return d;
    }

    private void pendingIfChanged(double d) {
        if (d != difficulty || !Double.isNaN(pendingDifficulty)) {
            pendingDifficulty = d;
        }
    }

    /**
     * Sends {@code set_difficulty [d]}. A decrease also applies to the jobs already sent: a share on any of them is
     * judged at the lower of its own difficulty and this one (the miner may already hash at the new one).
     */
    private void changeDifficulty(double d) {
        if (d < difficulty) {
            work.lowerDifficulty(Difficulty.of(d));
        }
        difficulty = d;
        channel.write(setDifficulty(d));
    }

    /** The difficulty jobs are sent with now. */
    public double difficulty() {
        return difficulty;
    }

    /** Counts a malformed line; true when the connection has sent too many. */
    public boolean malformedLine() {
        if (offence(Offence.MALFORMED_LINE)) {
            return false; // closed already
        }
        return ++malformed >= context.settings().maxMalformedLines();
    }

    /**
     * Counts an offence with the connection gate; true when the connection was closed for it (a site's connection
     * past a threshold, or its address banned).
     */
    public boolean offence(Offence offence) {
        ConnectionGate gate = context.gate();
        if (ticket == null || gate == null) {
            return false;
        }
        return switch (gate.offence(ticket, offence)) {
            case COUNTED -> false;
            case CLOSE, BANNED -> {
                StratumDisconnector.disconnect(channel, DisconnectReason.OFFENCES, offence.tag());
                yield true;
            }
        };
    }

    /**
     * Takes one token from the connection's bucket for a request other than a submit ({@code
     * stratum.requestsPerSecond}, {@code requestBurst}); false when the bucket is empty. Constant time.
     */
    public boolean allowRequest() {
        var limits = context.settings().limits();
        long now = System.nanoTime();
        if (requestTokens < 0) {
            requestTokens = limits.requestBurst();
        } else {
            requestTokens = Math.min(
                    limits.requestBurst(), requestTokens + (now - lastRefillNanos) * 1e-9 * limits.requestsPerSecond());
        }
        lastRefillNanos = now;
        if (requestTokens < 1) {
            return false;
        }
        requestTokens -= 1;
        return true;
    }

    /**
     * Starts sending work once subscribed and authorized: set_difficulty, then the current job with clean_jobs true.
     * Called after the reply that completed the handshake was written.
     */
    public void startWorkIfReady() {
        if (working || work == null || firstWorker == null) {
            return;
        }
        working = true;
        var settings = context.settings();
        difficulty = settings.rules().apply(startDifficulty, minimumDifficulty);
        if (settings.difficulty().vardiff().enabled()) {
            vardiff = new Vardiff(
                    settings.difficulty().vardiff().sharesPerMinute(),
                    settings.difficulty().vardiff().retargetSeconds() * 1000L,
                    settings.rules(),
                    difficulty,
                    context.nowMillis());
            vardiff.floor(minimumDifficulty, context.nowMillis());
            difficulty = vardiff.difficulty();
        }
        channel.write(setDifficulty(difficulty));
        context.workGate().started(firstWorker, context.nowMillis());
        withheld = context.workGate().withholds(firstWorker);
        JobBroadcast current = context.current();
        if (current != null && !withheld) {
            issue(current, current.line(true));
        }
        channel.flush();
    }

    /** Whether new work is withheld from this connection (grid curtailment); its shares are then not counted. */
    public boolean workWithheld() {
        return withheld;
    }

    /**
     * Asks the work gate again: a connection no longer withheld gets the current job (clean) at once; one newly
     * withheld gets nothing more. Called on the session's loop when the gate's decisions change.
     */
    public void recheckWorkGate(long nowMillis) {
        if (!working || firstWorker == null || !channel.isActive()) {
            return;
        }
        boolean now = context.workGate().withholds(firstWorker);
        if (withheld && !now) {
            withheld = false;
            JobBroadcast current = context.current();
            if (current != null && channel.isWritable()) {
                issue(current, current.line(true));
                channel.flush();
            } else {
                missedJob = current != null;
            }
        } else {
            withheld = now;
        }
    }

    /**
     * A new job for every working session; a pending difficulty change goes out just before its notify. A miner
     * that does not read what it was sent (the channel is not writable) is skipped: it gets the job current when it
     * reads again.
     */
    public void deliver(JobBroadcast job, long nowMillis) {
        if (!working || !channel.isActive() || (sentAnyJob && job.job().id() == lastJobId)) {
            return;
        }
        if (withheld || context.workGate().withholds(firstWorker)) {
            withheld = true;
            return;
        }
        if (!channel.isWritable()) {
            missedJob = true;
            return;
        }
        missedJob = false;
        if (vardiff != null) {
            double next = vardiff.retarget(nowMillis);
            if (!Double.isNaN(next)) {
                pendingDifficulty = next;
            }
        }
        if (!Double.isNaN(pendingDifficulty)) {
            if (pendingDifficulty != difficulty) {
                changeDifficulty(pendingDifficulty);
            }
            pendingDifficulty = Double.NaN;
        }
        // the first job this connection gets on a new block is clean even when the job itself is not (the full
        // template that overtook the empty job on its way through the loop, or a job sent after a missed one)
        boolean newBlock = sentAnyJob && !job.job().prevHash().equals(lastPrevHash);
        record(job);
        // one pass down the pipeline for the write and its flush, and no promise: this runs for every session on
        // every job (a failed write reaches exceptionCaught, which closes the connection)
        channel.writeAndFlush(job.line(newBlock), channel.voidPromise());
    }

    /** The channel can be written to again: catch up with the job sent while it could not. */
    public void writable(long nowMillis) {
        JobBroadcast current = context.current();
        if (missedJob && current != null) {
            deliver(current, nowMillis);
        }
    }

    /** Pending outbound bytes (replies and jobs the socket has not taken yet). */
    public long pendingOutboundBytes() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    private void issue(JobBroadcast job, io.netty.buffer.ByteBuf line) {
        record(job);
        channel.write(line);
    }

    /** Records that {@code job} is sent now (its share window), before its line is written. */
    private void record(JobBroadcast job) {
        if (!sentAnyJob || job.job().id() != lastJobId) {
            work.issue(job.job(), Difficulty.of(difficulty));
        } // else: the same job again after a difficulty change; shares on it are judged at the lower difficulty
        lastJobId = job.job().id();
        lastPrevHash = job.job().prevHash();
        sentAnyJob = true;
    }

    /** An accepted share, for vardiff: worth the difficulty its job was judged at. */
    public void accepted(long nowMillis, double shareDifficulty) {
        if (vardiff != null) {
            vardiff.onShare(nowMillis, shareDifficulty);
        }
        ConnectionGate gate = context.gate();
        if (ticket != null && gate != null) {
            gate.accepted(ticket);
        }
    }

    /** {@code client.reconnect [host, port, wait]}; a miner that does not read is closed instead. */
    public void reconnect(String host, int port, int waitSeconds) {
        if (!channel.isWritable()) {
            StratumDisconnector.disconnect(channel, DisconnectReason.SLOW_READER, "draining");
            return;
        }
        channel.writeAndFlush(new Outbound.Notification(
                StratumMethods.RECONNECT, "[" + StratumJson.quote(host) + "," + port + "," + waitSeconds + "]"));
    }

    /**
     * Gives the connection a new extranonce1 with {@code mining.set_extranonce [en1, en2_size]}, then the current job
     * again (clean), since jobs sent before are void under the old extranonce: shares are judged with the new one
     * from now on. Only for miners that subscribed to it (mining.extranonce.subscribe or the subscribe-extranonce
     * extension); returns whether it was sent.
     */
    public boolean changeExtranonce() {
        if (!extranonceSubscribed || work == null || !channel.isActive()) {
            return false;
        }
        Extranonce extranonce1 = context.extranonces().next();
        work = new SessionWork(extranonce1, context.settings().extranonce2Size());
        work.versionMask(versionMask);
        sentAnyJob = false;
        channel.write(new Outbound.Notification(
                StratumMethods.SET_EXTRANONCE, "[\"" + extranonce1.toHex() + "\"," + work.extranonce2Size() + "]"));
        JobBroadcast current = context.current();
        if (working && current != null) {
            issue(current, current.line(true));
        }
        channel.flush();
        return true;
    }

    /** {@code client.show_message [text]}, to a miner that reads what it is sent. */
    public void showMessage(String text) {
        if (channel.isWritable()) {
            channel.writeAndFlush(
                    new Outbound.Notification(StratumMethods.SHOW_MESSAGE, "[" + StratumJson.quote(text) + "]"));
        }
    }

    /** {@code mining.set_version_mask [mask]}: narrows (or widens within the pool's mask) what the miner may roll. */
    public void setVersionMask(VersionMask mask) {
        versionMask(context.settings().poolVersionMask().intersect(mask));
        channel.writeAndFlush(
                new Outbound.Notification(StratumMethods.SET_VERSION_MASK, "[\"" + versionMask.toHex() + "\"]"));
    }

    /** Counts the server's reason for closing, once. */
    void disconnected(DisconnectReason reason) {
        if (!disconnected) {
            disconnected = true;
            context.metrics().disconnected(reason);
        }
    }

    private static Outbound setDifficulty(double d) {
        return new Outbound.Notification(StratumMethods.SET_DIFFICULTY, "[" + StratumJson.difficulty(d) + "]");
    }

    private void updateState() {
        SessionState next = work == null
                ? SessionState.CONNECTED
                : firstWorker == null ? SessionState.SUBSCRIBED : SessionState.AUTHORIZED;
        context.metrics().stateChanged(state, next);
        state = next;
    }
}
