package org.sovereignpool.ledger.blocks;

import java.sql.SQLException;
import java.util.List;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.Credit;

/**
 * What a found block credits to whom: PPLNS splits its reward over the window; PPS credits shares as they come, so
 * a block credits nothing itself. Implementations live in {@code org.sovereignpool.accounting}.
 */
@FunctionalInterface
public interface BlockCredits {
    /** The credits for {@code block}; they must sum to at most its reward. Called once the window is applied. */
    List<Credit> creditsFor(BlockRecord block) throws SQLException;

    /** Credits nothing (PPS). */
    BlockCredits NONE = block -> List.of();
}
