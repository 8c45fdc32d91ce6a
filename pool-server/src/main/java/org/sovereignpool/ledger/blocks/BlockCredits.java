package org.sovereignpool.ledger.blocks;

import java.util.Iterator;
import java.util.List;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.ShareAggregate;
import org.sovereignpool.ledger.store.WindowCredits;

/**
 * What a found block credits to whom: PPLNS splits its reward over the window (implemented in {@code
 * org.sovereignpool.accounting}), a pure function of the block and its window. Under PPS the shares are credited as
 * they are applied and a block credits nothing ({@link #PPS}): its reward stays with the programme, which carries the
 * variance, and the block is never marked credited.
 */
public interface BlockCredits extends WindowCredits {
    /** The scheme recorded on each found block ({@link BlockRecord#PPLNS} or {@link BlockRecord#PPS}). */
    default String scheme() {
        return BlockRecord.PPLNS;
    }

    /** PPS: blocks credit nothing (the tracker never asks; the store refuses to credit a PPS block). */
    BlockCredits PPS = new BlockCredits() {
        @Override
        public List<Credit> creditsFor(BlockRecord block, Iterator<ShareAggregate> newestFirst) {
            throw new UnsupportedOperationException("a block under PPS credits nothing");
        }

        @Override
        public String scheme() {
            return BlockRecord.PPS;
        }
    };
}
