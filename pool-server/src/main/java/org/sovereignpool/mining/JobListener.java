package org.sovereignpool.mining;

import org.sovereignpool.share.job.Job;

/** Receives every new job the job manager builds (the Stratum server broadcasts it to miners). */
@FunctionalInterface
public interface JobListener {
    /** {@link #newJob(Job, long)}'s {@code tipSeenNanos} for a job that no new block asked for. */
    long NO_TIP = Long.MIN_VALUE;

    void newJob(Job job);

    /**
     * A new job; {@code tipSeenNanos} is the {@link System#nanoTime()} at which the new tip that asked for it was
     * learnt (the ZMQ message's arrival), or {@link #NO_TIP}: a listener that times the way from a new block to the
     * miners measures from it.
     */
    default void newJob(Job job, long tipSeenNanos) {
        newJob(job);
    }
}
