package org.sovereignpool.job;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique 64-bit job ids: {@code nodeId (8 bits) | startup Unix seconds (32 bits) | counter (24 bits)}. Unique across
 * the nodes of a cluster (node id), across restarts (a restart is at least a second later), and within a run as long
 * as fewer than 16.7 million jobs are made (one every 30 s makes 16 years). Thread-safe.
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
        this.prefix = ((long) nodeId << 56) | ((startupEpochSeconds & 0xffffffffL) << 24);
    }

    public long next() {
        return prefix | (counter.incrementAndGet() & 0xffffffL);
    }
}
