package org.sovereignpool.mining;

import org.sovereignpool.share.job.Job;

/** Receives every new job the job manager builds (the Stratum server broadcasts it to miners). */
@FunctionalInterface
public interface JobListener {
    void newJob(Job job);
}
