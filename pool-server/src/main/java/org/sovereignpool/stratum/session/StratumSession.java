package org.sovereignpool.stratum.session;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.model.VersionMask;
import org.sovereignpool.share.validate.SessionWork;
import org.sovereignpool.stratum.codec.StratumJson;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumMethods;
import org.sovereignpool.stratum.vardiff.Vardiff;

/**
 * Everything the server knows about one connection, kept in one channel attribute ({@link #KEY}). Event-loop only:
 * every method runs on the channel's event loop, so nothing here is synchronized. Small on purpose (a pool holds 100k
 * of these): the work window is allocated at subscribe, the duplicate filters grow only with shares.
 */
public final class StratumSession {
    public static final AttributeKey<StratumSession> KEY = AttributeKey.valueOf("stratum.session");

    private final Channel channel;
    private final StratumContext context;
    private final double listenerDifficulty;
    private SessionState state = SessionState.CONNECTED;
    private SessionWork work;
    private Extranonce extranonce1;
    private List<WorkerName> workers = List.of();
    private VersionMask versionMask = VersionMask.NONE;
    private boolean extranonceSubscribed;
    private double minimumDifficulty;
    private double suggestedDifficulty = Double.NaN;
    private double difficulty;
    private double pendingDifficulty = Double.NaN;
    private Vardiff vardiff;
    private boolean working;
    private long lastJobId;
    private boolean sentAnyJob;
    private int malformed;

    public StratumSession(Channel channel, StratumContext context, double listenerDifficulty) {
        this.channel = channel;
        this.context = context;
        this.listenerDifficulty = listenerDifficulty;
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

    public SessionWork work() {
        return work;
    }

    public Extranonce extranonce1() {
        return extranonce1;
    }

    public boolean subscribed() {
        return work != null;
    }

    public boolean working() {
        return working;
    }

    /** Subscribes (idempotent: a repeated subscribe gets the same extranonce1). */
    public void subscribe() {
        if (work == null) {
            extranonce1 = context.extranonces().next();
            work = new SessionWork(extranonce1, context.settings().extranonce2Size());
            work.versionMask(versionMask);
            updateState();
        }
    }

    /** Adds an authorized worker (several per connection are allowed). */
    public void authorize(WorkerName worker) {
        if (!workers.contains(worker)) {
            List<WorkerName> next = new ArrayList<>(workers.size() + 1);
            next.addAll(workers);
            next.add(worker);
            workers = List.copyOf(next);
        }
        updateState();
    }

    /** The authorized worker this submit's user names, or null when it is not authorized on this connection. */
    public WorkerName authorizedWorker(String user) {
        for (WorkerName w : workers) {
            if (w.toString().equals(user)) {
                return w;
            }
        }
        try {
            WorkerName parsed = WorkerName.parse(user); // the operator part is case-insensitive
            return workers.contains(parsed) ? parsed : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public boolean authorized() {
        return !workers.isEmpty();
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

    /** {@code mining.suggest_difficulty}: the start value, or the next value when jobs are already flowing. */
    public double suggestDifficulty(double requested) {
        double d = context.settings().rules().apply(requested, minimumDifficulty);
        suggestedDifficulty = d;
        if (working) {
            if (vardiff != null) {
                vardiff.reset(d, context.nowMillis());
            }
            pendingIfChanged(d);
        }
        return d;
    }

    private void pendingIfChanged(double d) {
        if (d != difficulty || !Double.isNaN(pendingDifficulty)) {
            pendingDifficulty = d;
        }
    }

    /** The difficulty jobs are sent with now. */
    public double difficulty() {
        return difficulty;
    }

    /** Counts a malformed line; true when the connection has sent too many. */
    public boolean malformedLine() {
        return ++malformed >= context.settings().maxMalformedLines();
    }

    /**
     * Starts sending work once subscribed and authorized: set_difficulty, then the current job with clean_jobs true.
     * Called after the reply that completed the handshake was written.
     */
    public void startWorkIfReady() {
        if (working || work == null || workers.isEmpty()) {
            return;
        }
        working = true;
        var settings = context.settings();
        double start = !Double.isNaN(suggestedDifficulty) ? suggestedDifficulty : listenerDifficulty;
        difficulty = settings.rules().apply(start, minimumDifficulty);
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
        JobBroadcast current = context.current();
        if (current != null) {
            issue(current, true);
        }
        channel.flush();
    }

    /** A new job for every working session; a pending difficulty change goes out just before its notify. */
    public void deliver(JobBroadcast job, long nowMillis) {
        if (!working || !channel.isActive() || (sentAnyJob && job.job().id() == lastJobId)) {
            return;
        }
        if (vardiff != null) {
            double next = vardiff.retarget(nowMillis);
            if (!Double.isNaN(next)) {
                pendingDifficulty = next;
            }
        }
        if (!Double.isNaN(pendingDifficulty)) {
            if (pendingDifficulty != difficulty) {
                difficulty = pendingDifficulty;
                channel.write(setDifficulty(difficulty));
            }
            pendingDifficulty = Double.NaN;
        }
        issue(job, false);
        channel.flush();
    }

    private void issue(JobBroadcast job, boolean forceClean) {
        work.issue(job.job(), Difficulty.of(difficulty));
        lastJobId = job.job().id();
        sentAnyJob = true;
        channel.write(job.line(forceClean));
    }

    /** An accepted share, for vardiff: worth the difficulty its job was sent with. */
    public void accepted(long nowMillis, double shareDifficulty) {
        if (vardiff != null) {
            vardiff.onShare(nowMillis, shareDifficulty);
        }
    }

    /** {@code client.reconnect [host, port, wait]}. */
    public void reconnect(String host, int port, int waitSeconds) {
        channel.writeAndFlush(new Outbound.Notification(
                StratumMethods.RECONNECT, "[" + StratumJson.quote(host) + "," + port + "," + waitSeconds + "]"));
    }

    /**
     * Gives the connection a new extranonce1 with {@code mining.set_extranonce [en1, en2_size]}, then the current job
     * again (clean), since jobs sent before are void under the old extranonce. Only for miners that subscribed to it
     * (mining.extranonce.subscribe or the subscribe-extranonce extension); returns whether it was sent.
     */
    public boolean changeExtranonce() {
        if (!extranonceSubscribed || work == null) {
            return false;
        }
        extranonce1 = context.extranonces().next();
        work = new SessionWork(extranonce1, context.settings().extranonce2Size());
        work.versionMask(versionMask);
        channel.write(new Outbound.Notification(
                StratumMethods.SET_EXTRANONCE, "[\"" + extranonce1.toHex() + "\"," + work.extranonce2Size() + "]"));
        JobBroadcast current = context.current();
        if (working && current != null) {
            issue(current, true);
        }
        channel.flush();
        return true;
    }

    /** {@code client.show_message [text]}. */
    public void showMessage(String text) {
        channel.writeAndFlush(
                new Outbound.Notification(StratumMethods.SHOW_MESSAGE, "[" + StratumJson.quote(text) + "]"));
    }

    /** {@code mining.set_version_mask [mask]}: narrows (or widens within the pool's mask) what the miner may roll. */
    public void setVersionMask(VersionMask mask) {
        versionMask(context.settings().poolVersionMask().intersect(mask));
        channel.writeAndFlush(
                new Outbound.Notification(StratumMethods.SET_VERSION_MASK, "[\"" + versionMask.toHex() + "\"]"));
    }

    private static Outbound setDifficulty(double d) {
        return new Outbound.Notification(StratumMethods.SET_DIFFICULTY, "[" + StratumJson.difficulty(d) + "]");
    }

    private void updateState() {
        SessionState next = work == null
                ? SessionState.CONNECTED
                : workers.isEmpty() ? SessionState.SUBSCRIBED : SessionState.AUTHORIZED;
        context.metrics().stateChanged(state, next);
        state = next;
    }
}
