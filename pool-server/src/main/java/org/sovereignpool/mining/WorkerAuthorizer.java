package org.sovereignpool.mining;

/** Decides whether a worker may mine: its operator must be licensed (registered), and may be refused for policy. */
@FunctionalInterface
public interface WorkerAuthorizer {
    /** Null when authorized, else the reason shown to the miner and logged. */
    String refusal(WorkerName worker);
}
