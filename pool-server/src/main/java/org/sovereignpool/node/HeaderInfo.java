package org.sovereignpool.node;

import java.util.Objects;
import org.sovereignpool.share.model.Hash256;

/**
 * What the pool reads from {@code getblockheader}: whether a block is in the node's index and on its best chain.
 *
 * @param hash the block
 * @param height its height
 * @param confirmations 1 for the tip, more deeper down; -1 when the block is not on the best chain
 * @param previousBlockHash the parent, null for genesis
 */
public record HeaderInfo(Hash256 hash, long height, long confirmations, Hash256 previousBlockHash) {
    public HeaderInfo {
        Objects.requireNonNull(hash, "hash");
    }

    public boolean onBestChain() {
        return confirmations >= 1;
    }
}
