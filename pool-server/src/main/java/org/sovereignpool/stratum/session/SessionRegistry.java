package org.sovereignpool.stratum.session;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live sessions, grouped by the event loop that owns them, so that a broadcast is one task per loop (not one per
 * connection) and each loop walks only its own sessions. Each loop's sessions are touched only by that loop: added
 * and removed in channelActive/channelInactive, iterated in the tasks {@link #forEachOnItsLoop} submits and in the
 * sweep.
 *
 * <p>The sweep enforces the two session timeouts with one periodic task per event loop instead of a timer per
 * connection: every {@link #SWEEP_INTERVAL_MILLIS} it closes the loop's sessions that have not subscribed and
 * authorized within the handshake timeout of connecting, and those that sent nothing (no line) for the idle timeout.
 * A session is therefore closed between its timeout and one interval after it. Times are the event loop's ticker
 * (monotonic; a test's EmbeddedChannel advances it), never the pool's clock. A loop's task runs while it has sessions.
 *
 * <p>A loop's sessions are kept in an array, each session knowing its index (removal swaps the last one into its
 * place): 4 bytes per session in the array and 4 in the session, where a hash set took ≈ 40.
 */
public final class SessionRegistry {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionRegistry.class);

    /** How often each event loop looks for sessions past a timeout. */
    public static final long SWEEP_INTERVAL_MILLIS = 1000;

    private static final int INITIAL_CAPACITY = 16;

    private final Map<EventExecutor, Loop> byLoop = new ConcurrentHashMap<>();
    private final long handshakeTimeoutNanos;
    private final long idleTimeoutNanos;

    /**
     * @param handshakeTimeoutMillis a session that has not subscribed and authorized this long after connecting is
     *     closed ({@link DisconnectReason#HANDSHAKE_TIMEOUT})
     * @param idleTimeoutMillis a session that sent no line for this long is closed ({@link DisconnectReason#IDLE})
     */
    public SessionRegistry(long handshakeTimeoutMillis, long idleTimeoutMillis) {
        if (handshakeTimeoutMillis <= 0 || idleTimeoutMillis <= 0) {
            throw new IllegalArgumentException(
                    "timeouts must be positive, got " + handshakeTimeoutMillis + " / " + idleTimeoutMillis + " ms");
        }
        this.handshakeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(handshakeTimeoutMillis);
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
    }

    /** One event loop's sessions and its sweep; touched only on that loop. */
    private final class Loop implements Runnable {
        final EventExecutor executor;
        StratumSession[] sessions = new StratumSession[INITIAL_CAPACITY];
        int size;
        ScheduledFuture<?> sweep;

        Loop(EventExecutor executor) {
            this.executor = executor;
        }

        @Override
        public void run() {
            sweep(this, executor.ticker().nanoTime());
        }
    }

    /** On the session's event loop, when its channel is active; its handshake and idle times start now. */
    public void add(EventExecutor loop, StratumSession session) {
        session.connected(loop.ticker().nanoTime());
        Loop l = byLoop.computeIfAbsent(loop, Loop::new);
        if (l.size == l.sessions.length) {
            l.sessions = Arrays.copyOf(l.sessions, l.size * 2);
        }
        session.registryIndex = l.size;
        l.sessions[l.size++] = session;
        if (l.sweep == null) {
            l.sweep =
                    loop.scheduleWithFixedDelay(l, SWEEP_INTERVAL_MILLIS, SWEEP_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** On the session's event loop. */
    public void remove(EventExecutor loop, StratumSession session) {
        Loop l = byLoop.get(loop);
        int i = session.registryIndex;
        if (l == null || i < 0 || i >= l.size || l.sessions[i] != session) {
            return;
        }
        StratumSession last = l.sessions[--l.size];
        l.sessions[i] = last;
        last.registryIndex = i;
        l.sessions[l.size] = null;
        session.registryIndex = -1;
        if (l.size == 0) {
            // loops come and go in tests (EmbeddedChannel); keep no empty entries and no sweep without sessions
            l.sweep.cancel(false);
            byLoop.remove(loop, l);
        } else if (l.sessions.length > INITIAL_CAPACITY && l.size < l.sessions.length / 4) {
            l.sessions = Arrays.copyOf(l.sessions, l.sessions.length / 2); // give back what a burst grew
        }
    }

    /** Sessions on {@code loop} now (for tests and metrics); on that loop. */
    public int size(EventExecutor loop) {
        Loop l = byLoop.get(loop);
        return l == null ? 0 : l.size;
    }

    /**
     * Closes the sessions of {@code loop} past a timeout at {@code nowNanos} (the loop's ticker); on that loop. The
     * periodic task calls this; a test may call it directly.
     */
    public void sweep(EventExecutor loop, long nowNanos) {
        Loop l = byLoop.get(loop);
        if (l != null) {
            sweep(l, nowNanos);
        }
    }

    private void sweep(Loop l, long nowNanos) {
        // backwards: a session removed during the walk is replaced by the last one, which was visited already
        for (int i = l.size - 1; i >= 0; i--) {
            StratumSession s = l.sessions[i];
            if (!s.working() && nowNanos - s.connectedNanos() >= handshakeTimeoutNanos) {
                StratumDisconnector.disconnect(
                        s.channel(), DisconnectReason.HANDSHAKE_TIMEOUT, "did not subscribe and authorize in time");
            } else if (nowNanos - s.lastReadNanos() >= idleTimeoutNanos) {
                StratumDisconnector.disconnect(s.channel(), DisconnectReason.IDLE, "silent for too long");
            }
        }
    }

    /**
     * Runs {@code action} for every session on its own loop; {@code loopDone} runs on each loop after its sessions.
     * Returns the number of loops that were given a task.
     */
    public int forEachOnItsLoop(Consumer<StratumSession> action, Runnable loopDone) {
        return forEachOnItsLoop(() -> {}, action, loopDone);
    }

    /** As {@link #forEachOnItsLoop(Consumer, Runnable)}; {@code loopStart} runs on each loop before its sessions. */
    public int forEachOnItsLoop(Runnable loopStart, Consumer<StratumSession> action, Runnable loopDone) {
        int loops = 0;
        for (EventExecutor loop : byLoop.keySet()) {
            try {
                loop.execute(() -> {
                    loopStart.run();
                    try {
                        Loop l = byLoop.get(loop);
                        // a copy: the action may close sessions, and new ones may arrive, while this walks
                        StratumSession[] sessions =
                                l == null ? new StratumSession[0] : Arrays.copyOf(l.sessions, l.size);
                        for (StratumSession s : sessions) {
                            try {
                                action.accept(s);
                            } catch (RuntimeException bug) {
                                // one session's failure must not cost the others their job
                                LOG.warn("broadcast to {} failed", s.channel().remoteAddress(), bug);
                                s.channel().close();
                            }
                        }
                    } finally {
                        loopDone.run();
                    }
                });
                loops++;
            } catch (RejectedExecutionException shuttingDown) {
                // the loop is stopping with the server: its sessions are closing anyway
            }
        }
        return loops;
    }
}
