package org.sovereignpool.stratum.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.stratum.codec.NotifyEncoding;

/**
 * A job and its {@code mining.notify} line, encoded once and shared by every session: each write is a duplicate of
 * the same bytes (the buffers are unreleasable; they live as long as the job is current). The clean variant is what
 * a session's first job is sent as.
 */
public final class JobBroadcast {
    private final Job job;
    private final ByteBuf line;
    private final ByteBuf cleanLine;
    private final ByteBuf notCleanLine;

    public JobBroadcast(Job job) {
        this.job = job;
        this.line =
                Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(NotifyEncoding.notifyLine(job, job.cleanJobs())));
        this.cleanLine = job.cleanJobs()
                ? line
                : Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(NotifyEncoding.notifyLine(job, true)));
        this.notCleanLine = job.cleanJobs()
                ? Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(NotifyEncoding.notifyLine(job, false)))
                : line;
    }

    public Job job() {
        return job;
    }

    /** A view of the notify line to write (the job's own clean_jobs flag, or forced true). */
    public ByteBuf line(boolean forceClean) {
        return (forceClean ? cleanLine : line).duplicate();
    }

    /** A view of the notify line with clean_jobs false (the same job again, e.g. after a difficulty change). */
    public ByteBuf notCleanLine() {
        return notCleanLine.duplicate();
    }
}
