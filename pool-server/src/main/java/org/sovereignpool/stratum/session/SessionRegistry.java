package org.sovereignpool.stratum.session;

import io.netty.util.concurrent.EventExecutor;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The live sessions, grouped by the event loop that owns them, so that a broadcast is one task per loop (not one per
 * connection) and each loop walks only its own sessions. Each set is touched only by its loop: added and removed in
 * channelActive/channelInactive, iterated in the tasks {@link #forEachOnItsLoop} submits.
 */
public final class SessionRegistry {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<EventExecutor, Set<StratumSession>> byLoop = new ConcurrentHashMap<>();

    /** On the session's event loop. */
    public void add(EventExecutor loop, StratumSession session) {
        byLoop.computeIfAbsent(loop, l -> new HashSet<>()).add(session);
    }

    /** On the session's event loop. */
    public void remove(EventExecutor loop, StratumSession session) {
        Set<StratumSession> set = byLoop.get(loop);
        if (set != null && set.remove(session) && set.isEmpty()) {
            byLoop.remove(loop, set); // loops come and go in tests (EmbeddedChannel); keep no empty sets
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
        for (Map.Entry<EventExecutor, Set<StratumSession>> e : byLoop.entrySet()) {
            Set<StratumSession> set = e.getValue();
            try {
                e.getKey().execute(() -> {
                    loopStart.run();
                    try {
                        for (StratumSession s : set.toArray(new StratumSession[0])) {
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
