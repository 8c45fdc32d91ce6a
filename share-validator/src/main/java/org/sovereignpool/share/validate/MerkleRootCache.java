package org.sovereignpool.share.validate;

import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Hash256;

/**
 * The merkle roots a session computed last, keyed by (job, extranonce2). ASICs keep an extranonce2 while they
 * roll nonce, version and ntime, so most shares find their root here and cost one header hash instead of the
 * coinbase and the whole branch. A few entries, because multi-board rigs work several extranonce2 values at once.
 * Round-robin replacement; not thread-safe (one session, one thread). The entries are allocated at the first store:
 * a connection that has not submitted a share (an idle one) holds the empty object, not ≈ 250 B of arrays.
 */
public final class MerkleRootCache {
    private final int entries;
    private Job[] jobs;
    private long[] extranonce2s;
    private int[] extranonce2Sizes;
    private byte[] roots;
    private int next;
    private long hits;
    private long misses;

    public MerkleRootCache(int entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("entries must be >= 1, got " + entries);
        }
        this.entries = entries;
    }

    /** Copies the cached root into {@code dst[off..off+32)} and returns true, or returns false on a miss. */
    public boolean lookup(Job job, long extranonce2, int extranonce2Size, byte[] dst, int off) {
        if (jobs != null) {
            for (int i = 0; i < jobs.length; i++) {
                if (jobs[i] == job && extranonce2s[i] == extranonce2 && extranonce2Sizes[i] == extranonce2Size) {
                    System.arraycopy(roots, i * Hash256.SIZE, dst, off, Hash256.SIZE);
                    hits++;
                    return true;
                }
            }
        }
        misses++;
        return false;
    }

    public void store(Job job, long extranonce2, int extranonce2Size, byte[] root, int off) {
        if (jobs == null) {
            jobs = new Job[entries];
            extranonce2s = new long[entries];
            extranonce2Sizes = new int[entries];
            roots = new byte[entries * Hash256.SIZE];
        }
        int i = next;
        next = (next + 1) % jobs.length;
        jobs[i] = job;
        extranonce2s[i] = extranonce2;
        extranonce2Sizes[i] = extranonce2Size;
        System.arraycopy(root, off, roots, i * Hash256.SIZE, Hash256.SIZE);
    }

    /** Drops every entry of {@code job}, so the cache does not keep a retired job alive. */
    public void forget(Job job) {
        if (jobs == null) {
            return;
        }
        for (int i = 0; i < jobs.length; i++) {
            if (jobs[i] == job) {
                jobs[i] = null;
            }
        }
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }
}
