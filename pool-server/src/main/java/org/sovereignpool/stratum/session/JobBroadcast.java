package org.sovereignpool.stratum.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.stratum.codec.NotifyEncoding;

/**
 * A job and its {@code mining.notify} line, encoded once and shared by every session: each write is a duplicate of
 * the same bytes. The bytes are in direct memory (a JDK direct buffer, freed by the garbage collector once the job and
 * the writes still holding a duplicate are gone; the wrappers are unreleasable, so no write can free them early):
 * the epoll transport writes a direct buffer as it is, where a heap buffer would be copied into a new direct buffer
 * for every session. The clean variant is what a session's first job is sent as.
 */
public final class JobBroadcast {
    private final Job job;
    private final ByteBuf line;
    private final ByteBuf cleanLine;
    private final ByteBuf notCleanLine;

    public JobBroadcast(Job job) {
        this.job = job;
        this.line = shared(NotifyEncoding.notifyLine(job, job.cleanJobs()));
        this.cleanLine = job.cleanJobs() ? line : shared(NotifyEncoding.notifyLine(job, true));
        this.notCleanLine = job.cleanJobs() ? shared(NotifyEncoding.notifyLine(job, false)) : line;
    }

    private static ByteBuf shared(byte[] bytes) {
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
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
