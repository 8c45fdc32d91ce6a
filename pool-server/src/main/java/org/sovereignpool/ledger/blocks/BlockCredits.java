package org.sovereignpool.ledger.blocks;

import java.sql.SQLException;
import java.util.List;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.Credit;

/**
 * What a found block credits to whom: PPLNS splits its reward over the window (implemented in {@code
 * org.sovereignpool.accounting}). Under PPS the shares are credited as they are applied and a block credits nothing
 * ({@link #PPS}): its reward stays with the programme, which carries the variance, and the block is never marked
 * credited.
 */
@FunctionalInterface
public interface BlockCredits {
    /** The credits for {@code block}; they must sum to at most its reward. Called once the window is applied. */
    List<Credit> creditsFor(BlockRecord block) throws SQLException;

    /** The scheme recorded on each found block ({@link BlockRecord#PPLNS} or {@link BlockRecord#PPS}). */
    default String scheme() {
        return BlockRecord.PPLNS;
    }

    /** PPS: blocks credit nothing (the tracker never asks; the store refuses to credit a PPS block). */
    BlockCredits PPS = new BlockCredits() {
        @Override
        public List<Credit> creditsFor(BlockRecord block) {
            throw new UnsupportedOperationException("a block under PPS credits nothing");
        }

        @Override
        public String scheme() {
            return BlockRecord.PPS;
        }
    };
}
