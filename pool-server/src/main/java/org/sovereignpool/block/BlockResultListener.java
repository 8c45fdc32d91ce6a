package org.sovereignpool.block;

/** Hears what became of each found block (the ledger records it with the share; the dashboard shows it). */
@FunctionalInterface
public interface BlockResultListener {
    void blockResult(BlockResult result);
}
