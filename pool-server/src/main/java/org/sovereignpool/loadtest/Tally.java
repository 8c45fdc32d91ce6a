package org.sovereignpool.loadtest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts by reason, from any thread. The number of distinct reasons is capped (a pool that puts a share's hash in its
 * error message would otherwise grow it without bound); reasons past the cap are counted as {@code "other"}.
 */
final class Tally {
    static final int MAX_REASONS = 64;
    static final String OTHER = "other";

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String reason) {
        add(reason, 1);
    }

    void add(String reason, long n) {
        LongAdder a = counts.get(reason);
        if (a == null) {
            String key = counts.size() < MAX_REASONS ? reason : OTHER;
            a = counts.computeIfAbsent(key, k -> new LongAdder());
        }
        a.add(n);
    }

    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A sorted copy. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
