package org.sovereignpool.loadtest;

import java.util.Arrays;

/**
 * The submits of one connection awaiting their reply: request id → the time the send was intended. Ids are issued in
 * increasing order (so their times never decrease); replies may come in any order. A ring indexed by id that grows
 * when more are outstanding than it holds. Not thread-safe: owned by the connection's event loop.
 */
final class PendingSubmits {
    static final long NONE = Long.MIN_VALUE;

    private long[] times;
    private long oldest; // no id below this is pending
    private long next; // the id the next add will get
    private int outstanding;

    PendingSubmits(long firstId, int initialCapacity) {
        int capacity = Integer.highestOneBit(Math.max(2, initialCapacity - 1)) << 1;
        times = new long[capacity];
        Arrays.fill(times, NONE);
        oldest = firstId;
        next = firstId;
    }

    /** Records a send intended at {@code intendedNanos}; returns its request id. */
    long add(long intendedNanos) {
        if (intendedNanos == NONE) {
            throw new IllegalArgumentException("reserved time value");
        }
        if (next - oldest >= times.length) {
            grow();
        }
        long id = next++;
        times[slot(id)] = intendedNanos;
        outstanding++;
        return id;
    }

    /** Removes the pending id; returns its intended time, or {@link #NONE} when it is not pending (unknown, answered). */
    long remove(long id) {
        if (id < oldest || id >= next) {
            return NONE;
        }
        int s = slot(id);
        long t = times[s];
        if (t == NONE) {
            return NONE;
        }
        times[s] = NONE;
        outstanding--;
        while (oldest < next && times[slot(oldest)] == NONE) {
            oldest++;
        }
        return t;
    }

    /** Drops every pending send intended before {@code cutoffNanos}; returns how many. */
    int expireBefore(long cutoffNanos) {
        int expired = 0;
        while (oldest < next) {
            long t = times[slot(oldest)];
            if (t != NONE) {
                if (t - cutoffNanos >= 0) {
                    break;
                }
                times[slot(oldest)] = NONE;
                outstanding--;
                expired++;
            }
            oldest++;
        }
        return expired;
    }

    /** Forgets every pending send (the connection is gone); returns how many there were. */
    int clear() {
        int n = outstanding;
        Arrays.fill(times, NONE);
        oldest = next;
        outstanding = 0;
        return n;
    }

    int outstanding() {
        return outstanding;
    }

    /** The id the next {@link #add} will return. */
    long nextId() {
        return next;
    }

    private int slot(long id) {
        return (int) (id & (times.length - 1));
    }

    private void grow() {
        long[] bigger = new long[times.length * 2];
        Arrays.fill(bigger, NONE);
        for (long id = oldest; id < next; id++) {
            bigger[(int) (id & (bigger.length - 1))] = times[slot(id)];
        }
        times = bigger;
    }
}
