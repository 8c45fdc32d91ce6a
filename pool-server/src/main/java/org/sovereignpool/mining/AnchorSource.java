package org.sovereignpool.mining;

import java.util.Optional;
import org.sovereignpool.share.job.ReceiptAnchor;

/**
 * The receipt chain head a new job's coinbase commits to (the ledger's side of the on-chain anchor). The job manager
 * asks while it builds a job, so an implementation answers from memory and never waits for the database.
 */
@FunctionalInterface
public interface AnchorSource {
    /** The head to anchor now; empty when none is known (then the coinbase carries no anchor). */
    Optional<ReceiptAnchor> currentAnchor();

    /** Anchors nothing (tests that check coinbase bytes against real blocks, which have no anchor). */
    AnchorSource NONE = Optional::empty;
}
