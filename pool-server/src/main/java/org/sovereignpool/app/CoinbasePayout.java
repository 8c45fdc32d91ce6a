package org.sovereignpool.app;

import org.sovereignpool.ledger.audit.TransactionOutputs;

/**
 * Reads a coinbase transaction (txid serialization) to tell how much of it pays a given scriptPubKey: the check that
 * every block the pool found pays the treasury, logged with the block and asserted by the end-to-end tests.
 */
public final class CoinbasePayout {
    private CoinbasePayout() {}

    /** Satoshis the coinbase's outputs pay to {@code scriptPubKey}. */
    public static long paidTo(byte[] coinbase, byte[] scriptPubKey) {
        return TransactionOutputs.paidTo(TransactionOutputs.of(coinbase), scriptPubKey);
    }
}
