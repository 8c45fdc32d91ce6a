package org.sovereignpool.ledger.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sovereignpool.ledger.store.BlockRecord;

/**
 * What the node said about every recorded block, asked once for both chain checks.
 *
 * @param node how the summary names the node (its URL)
 * @param blocks by hash: the node's answer, empty when it does not know the block
 */
public record ChainSnapshot(String node, Map<String, Optional<ChainBlock>> blocks) {
    public ChainSnapshot {
        Objects.requireNonNull(node, "node");
        blocks = Map.copyOf(blocks);
    }

    /** Asks {@code source} about each of the ledger's blocks. */
    public static ChainSnapshot fetch(String node, ChainSource source, LedgerSnapshot ledger)
            throws ChainSource.ChainUnavailableException {
        Map<String, Optional<ChainBlock>> out = new LinkedHashMap<>();
        for (BlockRecord b : ledger.blocks()) {
            out.put(b.hash(), source.block(b.hash()));
        }
        return new ChainSnapshot(node, out);
    }

    public Optional<ChainBlock> block(String hash) {
        return blocks.getOrDefault(hash, Optional.empty());
    }
}
