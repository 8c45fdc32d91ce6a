package org.sovereignpool.ledger.audit;

import java.sql.SQLException;
import java.util.List;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.Credit;

/**
 * What a credited block's credits should be, computed now from the ledger: the pool's own crediting function (for
 * PPLNS {@link org.sovereignpool.accounting.Pplns} over every node's share aggregates in the block's window, through
 * {@link org.sovereignpool.ledger.store.LedgerStore#recomputeCredits}), so the audit never forks the algorithm.
 */
@FunctionalInterface
public interface CreditRecomputation {
    List<Credit> creditsFor(BlockRecord block) throws SQLException;
}
