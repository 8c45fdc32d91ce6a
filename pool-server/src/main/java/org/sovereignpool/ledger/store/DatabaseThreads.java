package org.sovereignpool.ledger.store;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping the executors whose threads talk to the ledger database. */
public final class DatabaseThreads {
    private DatabaseThreads() {}

    /**
     * Stops {@code executor} without interrupting a task that is running: an embedded H2 database closes itself for
     * every connection of the process when a thread is interrupted in the middle of its file I/O (the NIO channel is
     * closed by the interrupt), so {@code shutdownNow} on a periodic ledger task could take the ledger away from the
     * applier that still has to finish. The running task gets {@code graceMillis}; only then is it interrupted.
     */
    public static void stop(ExecutorService executor, long graceMillis) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
                executor.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
