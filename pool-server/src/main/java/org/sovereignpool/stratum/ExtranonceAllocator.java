package org.sovereignpool.stratum;

import java.util.concurrent.atomic.AtomicInteger;
import org.sovereignpool.share.model.Extranonce;

/**
 * Hands out extranonce1 values: 4 bytes, the node id first and a 3-byte per-node counter after it, so values are
 * unique across a cluster whose nodes have distinct ids. The counter wraps after 2^24 connections; by then the
 * connection that held a value is long gone. Thread-safe.
 */
public final class ExtranonceAllocator {
    public static final int SIZE = 4;

    private final int nodeId;
    private final AtomicInteger counter;

    public ExtranonceAllocator(int nodeId, int start) {
        if (nodeId < 0 || nodeId > 255) {
            throw new IllegalArgumentException("node id must be 0..255, got " + nodeId);
        }
        this.nodeId = nodeId;
        this.counter = new AtomicInteger(start);
    }

    public Extranonce next() {
        int n = counter.getAndIncrement() & 0xffffff;
        return Extranonce.of(new byte[] {(byte) nodeId, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }
}
