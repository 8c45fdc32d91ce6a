package org.sovereignpool.node;

import java.util.Objects;
import java.util.Optional;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Hash256;

/**
 * What the pool reads from {@code getblockheader}: whether a block is in the node's index and on its best chain, and
 * the header fields the next block's job needs when it is built before a template (an empty job on a new block).
 *
 * @param hash the block
 * @param height its height
 * @param confirmations 1 for the tip, more deeper down; -1 when the block is not on the best chain
 * @param previousBlockHash the parent, null for genesis
 * @param time the header's time, -1 when not read
 * @param medianTime the median time past of the block and its 10 ancestors (the next block's time must be above
 *     it), -1 when not read
 * @param bits the header's compact target, null when not read
 */
public record HeaderInfo(
        Hash256 hash,
        long height,
        long confirmations,
        Hash256 previousBlockHash,
        long time,
        long medianTime,
        CompactBits bits) {
    public HeaderInfo {
        Objects.requireNonNull(hash, "hash");
    }

    /** Without the time fields and bits. */
    public HeaderInfo(Hash256 hash, long height, long confirmations, Hash256 previousBlockHash) {
        this(hash, height, confirmations, previousBlockHash, -1, -1, null);
    }

    public boolean onBestChain() {
        return confirmations >= 1;
    }

    /** The bits, when the reply had them. */
    public Optional<CompactBits> bitsIfKnown() {
        return Optional.ofNullable(bits);
    }
}
