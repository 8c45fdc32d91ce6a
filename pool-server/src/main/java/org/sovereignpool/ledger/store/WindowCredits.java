package org.sovereignpool.ledger.store;

import java.util.Iterator;
import java.util.List;

/**
 * What a found block's window credits: a pure function of the block and the share aggregates at or before its time,
 * newest first (last share time descending, then node id descending, then first sequence descending), across every
 * node. The store calls it inside the transaction that writes the credits, with the nodes' progress locked, so the
 * window it reads is the one the credits are written for.
 */
@FunctionalInterface
public interface WindowCredits {
    /** The credits for {@code block}; they must sum to at most its reward. Reads the window only as far as needed. */
    List<Credit> creditsFor(BlockRecord block, Iterator<ShareAggregate> newestFirst);
}
