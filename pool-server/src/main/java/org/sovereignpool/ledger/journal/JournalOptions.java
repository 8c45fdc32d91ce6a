package org.sovereignpool.ledger.journal;

/**
 * @param fsyncIntervalMillis 1..1000: how often the background thread forces written records to disk; the bound on
 *     what a power loss can take (a process crash takes nothing that {@code record} returned for)
 * @param segmentBytes size of each preallocated segment file, 64 KiB .. 1 GiB
 */
public record JournalOptions(int fsyncIntervalMillis, int segmentBytes) {
    public static final int DEFAULT_SEGMENT_BYTES = 64 << 20;

    public JournalOptions {
        if (fsyncIntervalMillis < 1 || fsyncIntervalMillis > 1000) {
            throw new IllegalArgumentException("fsyncIntervalMillis must be 1..1000, got " + fsyncIntervalMillis);
        }
        if (segmentBytes < (64 << 10) || segmentBytes > (1 << 30)) {
            throw new IllegalArgumentException("segmentBytes must be 64 KiB .. 1 GiB, got " + segmentBytes);
        }
    }

    public static JournalOptions defaults() {
        return new JournalOptions(20, DEFAULT_SEGMENT_BYTES);
    }
}
