package org.sovereignpool.job;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique 64-bit job ids: {@code 0 (1 bit) | nodeId (8 bits) | startup Unix seconds mod 2^31 (31 bits) | counter (24
 * bits)}. The top bit is always clear, so every id is a non-negative long: Stratum's job id is 16 hex digits parsed
 * back as an unsigned value, and a negative one (node ids 128..255 in the first bits) would never be found again.
 * Unique across the nodes of a cluster (node id), across restarts (a restart is at least a second later; the seconds
 * wrap every 68 years), and within a run as long as fewer than 16.7 million jobs are made (one every 30 s makes 16
 * years). Thread-safe.
 */
public final class JobIds {
    private final long prefix;
    private final AtomicLong counter = new AtomicLong();

    public JobIds(int nodeId, long startupEpochSeconds) {
        if (nodeId < 0 || nodeId > 255) {
            throw new IllegalArgumentException("nodeId must be 0..255, got " + nodeId);
        }
        if (startupEpochSeconds < 0) {
            throw new IllegalArgumentException("startup time must be >= 0, got " + startupEpochSeconds);
        }
        this.prefix = ((long) nodeId << 55) | ((startupEpochSeconds & 0x7fffffffL) << 24);
    }

    public long next() {
        return prefix | (counter.incrementAndGet() & 0xffffffL);
    }

    /** The node id an id of this class carries. */
    public static int nodeIdOf(long jobId) {
        return (int) (jobId >>> 55) & 0xff;
    }
}
