package org.sovereignpool.block;

import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.mining.FoundBlock;

/**
 * Keeps a durable record of a found block before {@code submitblock} is sent (the ledger's found-block file), so a
 * crash while the block is in flight cannot lose it. Called on the submitter's thread, once per block, right before
 * its first submission; it must not throw for a local failure (the block is submitted regardless).
 */
@FunctionalInterface
public interface BlockWriteAhead {
    void beforeSubmit(FoundBlock found, BlockTemplate template);

    BlockWriteAhead NONE = (found, template) -> {};
}
