package org.sovereignpool.ledger.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the node says about one block: its height, its confirmations (1 for the tip, more below it, -1 when it is not
 * in the main chain) and its coinbase's outputs (empty when the node has only the header).
 */
public record ChainBlock(
        String hash, long height, long confirmations, Optional<List<TransactionOutputs.Output>> coinbaseOutputs) {
    public ChainBlock {
        Objects.requireNonNull(hash, "hash");
        coinbaseOutputs = coinbaseOutputs.map(List::copyOf);
    }

    public boolean inMainChain() {
        return confirmations >= 1;
    }
}
