package org.sovereignpool.mining;

/**
 * Where accepted shares go before the miner hears {@code true}: the ledger's share journal.
 *
 * <p>Contract: {@link #record} returns only once the share is in the journal (written, though perhaps not yet
 * fsynced; the journal's group commit bounds that window). If it throws, the share was not recorded and the miner
 * must not be told it was accepted. Called from event-loop threads: it must be fast and must not block on the
 * database.
 */
@FunctionalInterface
public interface ShareRecorder {
    void record(AcceptedShare share);

    /** Discards shares: for tests and tools that have no ledger. */
    ShareRecorder NONE = share -> {};
}
