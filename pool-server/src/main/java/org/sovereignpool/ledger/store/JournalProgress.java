package org.sovereignpool.ledger.store;

import java.util.Optional;

/** How far the ledger has applied a node's share journal, and which journal that was (empty: none recorded yet). */
public record JournalProgress(long appliedSeq, Optional<String> journalId) {
    public static final JournalProgress NONE = new JournalProgress(0, Optional.empty());
}
