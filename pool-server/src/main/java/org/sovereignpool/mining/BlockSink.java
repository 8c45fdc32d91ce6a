package org.sovereignpool.mining;

/**
 * Receives block-solving shares. The Stratum server calls it before it answers the miner or does anything else with
 * the share; implementations start submission at once and return without waiting for the nodes' answers.
 */
@FunctionalInterface
public interface BlockSink {
    void blockFound(FoundBlock block);
}
