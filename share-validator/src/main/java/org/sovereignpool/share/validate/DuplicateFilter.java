package org.sovereignpool.share.validate;

import java.util.Arrays;

/**
 * Remembers the header hashes of one job's accepted shares, so that the same share sent twice is rejected.
 * Keyed on the 128 low-order bits of the header hash (version, extranonce2, ntime and nonce all feed it; the
 * low bits are the random ones, since a share hash is small).
 *
 * <p>Memory is bounded: two generations of open-addressing tables. When the current one holds {@code maxEntries}
 * the older generation is dropped and recycled, so a duplicate is always caught among the last
 * {@code maxEntries} shares of the job and usually among up to twice that. A session's filters are recycled with
 * its job slots ({@link #clear()}), so nothing is allocated per share once the tables have grown.
 *
 * <p>Not thread-safe: one session, one thread.
 */
public final class DuplicateFilter {
    // pairs; a session sends ~18 shares a minute and sees a new job every 30 s, and a pool holds 100k sessions
    private static final int INITIAL_CAPACITY = 8;
    private static final long[] NONE = new long[2];

    private final int maxEntries;
    private long[] current = NONE; // allocated on first use: most slots of most sessions stay small
    private int currentSize;
    private long[] previous = NONE;
    private int previousSize;

    public DuplicateFilter(int maxEntries) {
        if (maxEntries < 8) {
            throw new IllegalArgumentException("maxEntries must be >= 8, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** Adds the key; returns false when it was already present (a duplicate). */
    public boolean add(long lo, long hi) {
        if (lo == 0 && hi == 0) {
            lo = 1; // 0/0 marks an empty slot; a 2^-128 event, folded onto a neighbour
        }
        if (contains(current, lo, hi) || (previousSize > 0 && contains(previous, lo, hi))) {
            return false;
        }
        if (current == NONE) {
            current = new long[2 * INITIAL_CAPACITY];
        } else if (currentSize >= maxEntries) {
            long[] recycled = previous;
            previous = current;
            previousSize = currentSize;
            current = recycled.length == previous.length ? recycled : new long[previous.length];
            Arrays.fill(current, 0);
            currentSize = 0;
        } else if (2 * (currentSize + 1) > current.length / 2) {
            current = grow(current);
        }
        insert(current, lo, hi);
        currentSize++;
        return true;
    }

    public boolean contains(long lo, long hi) {
        if (lo == 0 && hi == 0) {
            lo = 1;
        }
        return contains(current, lo, hi) || (previousSize > 0 && contains(previous, lo, hi));
    }

    public int size() {
        return currentSize + previousSize;
    }

    /** Forgets everything, keeping the tables for reuse. */
    public void clear() {
        if (currentSize > 0) {
            Arrays.fill(current, 0);
        }
        if (previousSize > 0) {
            Arrays.fill(previous, 0);
        }
        // keep `current` (it has grown to the job's share rate); the older generation is rarely needed again
        previous = NONE;
        currentSize = 0;
        previousSize = 0;
    }

    private static boolean contains(long[] table, long lo, long hi) {
        int mask = (table.length >> 1) - 1;
        for (int i = index(lo, mask); ; i = (i + 1) & mask) {
            long l = table[2 * i];
            long h = table[2 * i + 1];
            if (l == 0 && h == 0) {
                return false;
            }
            if (l == lo && h == hi) {
                return true;
            }
        }
    }

    private static void insert(long[] table, long lo, long hi) {
        int mask = (table.length >> 1) - 1;
        int i = index(lo, mask);
        while (table[2 * i] != 0 || table[2 * i + 1] != 0) {
            i = (i + 1) & mask;
        }
        table[2 * i] = lo;
        table[2 * i + 1] = hi;
    }

    private long[] grow(long[] table) {
        long[] bigger = new long[table.length * 2];
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != 0 || table[i + 1] != 0) {
                insert(bigger, table[i], table[i + 1]);
            }
        }
        return bigger;
    }

    private static int index(long lo, int mask) {
        return (int) (lo ^ (lo >>> 32)) & mask;
    }
}
