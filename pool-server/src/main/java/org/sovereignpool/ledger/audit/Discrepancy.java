package org.sovereignpool.ledger.audit;

import java.util.Objects;

/**
 * What an audit check found wrong: the entry (table and row, or block) and what is wrong with it, expected against
 * found.
 *
 * @param check the check that found it (e.g. {@code credits})
 * @param entry the entry, e.g. {@code credit block:<hash> alpha/rig1} or {@code treasury_receipt 3}
 * @param problem what is wrong, with the expected and the found value
 */
public record Discrepancy(String check, String entry, String problem) {
    public Discrepancy {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(problem, "problem");
    }

    /** The one line verify-ledger prints. */
    @Override
    public String toString() {
        return entry + ": " + problem;
    }
}
