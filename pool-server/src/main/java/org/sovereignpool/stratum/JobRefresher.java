package org.sovereignpool.stratum;

import java.util.concurrent.atomic.AtomicLong;
import org.sovereignpool.share.job.Job;

/**
 * Makes a fresh job when none came for {@code stratum.jobRefreshSeconds}: cpuminer stops hashing a job older than
 * 120 s and drops a pool that is silent for 120 s, and other firmware has similar timers. The job manager should
 * supply its own (it knows the template and its job ids); {@link #rollNtime()} is the stand-alone default.
 */
@FunctionalInterface
public interface JobRefresher {
    /**
     * A new job in place of {@code current}, at {@code nowSeconds}: returned for the server to broadcast, or null when
     * the refresher publishes it itself through the server's {@link org.sovereignpool.mining.JobListener} (as the job
     * manager does: {@code (job, now) -> { jobManager.refresh(Reason.MEMPOOL_REFRESH); return null; }}). Runs on the
     * server's refresh thread, never on an event loop, so it may block (e.g. on getblocktemplate).
     */
    Job refresh(Job current, long nowSeconds);

    /**
     * The same template with the header time moved to now and a new id, clean_jobs false. Ids are taken from a
     * range the job manager does not use (top bit set), so they never collide with its own; a block found on such a
     * job carries the derived {@link Job}, whose coinbase and branch are those of the original.
     */
    static JobRefresher rollNtime() {
        AtomicLong seq = new AtomicLong();
        return (job, now) -> Job.builder()
                .id(Long.MIN_VALUE | seq.incrementAndGet())
                .height(job.height())
                .prevHash(job.prevHash())
                .coinbase1(job.coinbase1())
                .coinbase2(job.coinbase2())
                .merkleBranch(job.merkleBranch())
                .version(job.version())
                .bits(job.bits())
                .minTime(job.minTime())
                .ntime((int) Math.max(Integer.toUnsignedLong(job.ntime()), now))
                .cleanJobs(false)
                .build();
    }
}
