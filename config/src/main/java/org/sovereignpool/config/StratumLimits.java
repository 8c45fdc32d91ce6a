package org.sovereignpool.config;

/**
 * The Stratum port's resource limits (keys directly under {@code stratum}).
 *
 * @param maxConnections 0..10,000,000 miner connections at once; 0 = as many as the process's file-descriptor limit
 *     allows after {@code reservedFileDescriptors}; a configured value is lowered to that too
 * @param reservedFileDescriptors 64..1,000,000 descriptors kept for the journal, database, HTTP and logs
 * @param maxWorkersPerConnection 1..100,000 workers one connection may authorize
 * @param requestsPerSecond 0.1..100,000: the sustained rate of requests other than {@code mining.submit} per
 *     connection (token bucket); a connection past it is closed
 * @param requestBurst 1..1,000,000: the bucket's size (a proxy authorizing all its workers at once needs it)
 * @param writeBufferHighWaterMarkBytes 1024..16 MiB queued to a miner before the server stops reading from it and
 *     stops sending it new jobs (resumed below half of it)
 * @param maxOutboundBytes bytes queued to a miner past which it is closed at once; at least the high-water mark
 * @param unwritableTimeoutSeconds 1..3600: a miner that does not read for this long with a full buffer is closed
 */
public record StratumLimits(
        int maxConnections,
        int reservedFileDescriptors,
        int maxWorkersPerConnection,
        double requestsPerSecond,
        int requestBurst,
        int writeBufferHighWaterMarkBytes,
        int maxOutboundBytes,
        int unwritableTimeoutSeconds) {
    public static final int MAX_CONNECTIONS = 10_000_000;
    public static final int MAX_BUFFER_BYTES = 16 * 1024 * 1024;
    public static final StratumLimits DEFAULTS = new StratumLimits(0, 1024, 256, 20, 600, 65_536, 262_144, 30);

    public StratumLimits {
        Require.range(maxConnections, 0, MAX_CONNECTIONS, "maxConnections");
        Require.range(reservedFileDescriptors, 64, 1_000_000, "reservedFileDescriptors");
        Require.range(maxWorkersPerConnection, 1, 100_000, "maxWorkersPerConnection");
        if (!(requestsPerSecond >= 0.1 && requestsPerSecond <= 100_000)) {
            throw new IllegalArgumentException("requestsPerSecond must be 0.1..100000, got " + requestsPerSecond);
        }
        Require.range(requestBurst, 1, 1_000_000, "requestBurst");
        Require.range(writeBufferHighWaterMarkBytes, 1024, MAX_BUFFER_BYTES, "writeBufferHighWaterMarkBytes");
        Require.range(maxOutboundBytes, writeBufferHighWaterMarkBytes, 4 * MAX_BUFFER_BYTES, "maxOutboundBytes");
        Require.range(unwritableTimeoutSeconds, 1, 3600, "unwritableTimeoutSeconds");
    }

    /** Below this many queued bytes a stalled miner is read from again. */
    public int writeBufferLowWaterMarkBytes() {
        return writeBufferHighWaterMarkBytes / 2;
    }

    /**
     * The connection cap in force for a process that may open {@code fileLimit} descriptors (≤ 0: unknown): the
     * configured cap (or, with 0, no cap) lowered to {@code fileLimit - reservedFileDescriptors}, at least 1.
     */
    public int effectiveMaxConnections(long fileLimit) {
        long byFiles = fileLimit > 0 ? Math.max(1, fileLimit - reservedFileDescriptors) : MAX_CONNECTIONS;
        long configured = maxConnections == 0 ? MAX_CONNECTIONS : maxConnections;
        return (int) Math.min(configured, byFiles);
    }
}
