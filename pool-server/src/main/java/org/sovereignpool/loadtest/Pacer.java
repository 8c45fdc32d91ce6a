package org.sovereignpool.loadtest;

/**
 * The schedule of an open-loop load: send {@code k} is intended at {@code start + k / rate}, whatever happened to the
 * sends before it. A sender that falls behind sends the overdue ones at once, each keeping its intended time, and its
 * latency is measured from that time, so a stalled server shows up in the latency instead of silently lowering the
 * load (coordinated omission). Time is passed in; not thread-safe (one per event loop).
 */
final class Pacer {
    private final long startNanos;
    private final double nanosPerSend;
    private long issued;

    /**
     * @param startNanos when send 0 is intended (a {@link System#nanoTime()} value)
     * @param sendsPerSecond the rate, more than 0
     */
    Pacer(long startNanos, double sendsPerSecond) {
        if (!(sendsPerSecond > 0) || Double.isInfinite(sendsPerSecond)) {
            throw new IllegalArgumentException("sendsPerSecond must be a positive number, got " + sendsPerSecond);
        }
        this.startNanos = startNanos;
        this.nanosPerSend = 1e9 / sendsPerSecond;
    }

    /** When the next send is intended. */
    long nextIntendedNanos() {
        return startNanos + (long) Math.floor(issued * nanosPerSend);
    }

    /** Whether the next send is due at {@code nowNanos}. */
    boolean due(long nowNanos) {
        return nextIntendedNanos() - nowNanos <= 0;
    }

    /** Takes the next send off the schedule; returns its intended time. */
    long issue() {
        long intended = nextIntendedNanos();
        issued++;
        return intended;
    }

    /** Sends taken off the schedule so far. */
    long issued() {
        return issued;
    }

    /** How many sends the schedule holds with an intended time before {@code endNanos} (the whole run's plan). */
    long plannedBefore(long endNanos) {
        if (endNanos - startNanos <= 0) {
            return 0;
        }
        return (long) Math.ceil((endNanos - startNanos) / nanosPerSend);
    }

    /** How many sends are overdue at {@code nowNanos} (intended at or before it and not yet issued). */
    long overdue(long nowNanos) {
        if (nowNanos - startNanos < 0) {
            return 0;
        }
        long intendedByNow = (long) Math.floor((nowNanos - startNanos) / nanosPerSend) + 1;
        return Math.max(0, intendedByNow - issued);
    }
}
