package org.sovereignpool.ledger.store;

import java.util.Optional;

/**
 * How far the ledger has applied a node's share journal, and which journal that was (empty: none recorded yet).
 *
 * @param watermarkMillis every share of the node stamped at or before this time is applied (0: none known)
 */
public record JournalProgress(long appliedSeq, Optional<String> journalId, long watermarkMillis) {
    public static final JournalProgress NONE = new JournalProgress(0, Optional.empty(), 0);
}
