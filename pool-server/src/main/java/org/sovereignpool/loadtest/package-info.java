/**
 * {@code sovereign-pool loadtest}: a Stratum V1 load generator that works against any pool (this one, ckpool, …), so
 * an operator can size a node before buying hardware. Modes: {@code shares} (throughput and reply latency, closed
 * loop or paced), {@code idle} (memory per held connection, read from the server's pid) and {@code fanout} (delay of
 * the next clean {@code mining.notify} after a trigger).
 *
 * <p>Threading: each connection's state lives on its Netty event loop ({@link org.sovereignpool.loadtest.LoadConnection});
 * the statistics it feeds are thread-safe adders and HdrHistogram recorders, read by the command's thread once the
 * run is over.
 */
package org.sovereignpool.loadtest;
