package org.sovereignpool.ledger.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * One check's result: a summary of what it verified, or the first discrepancy it found.
 *
 * @param check the check's name
 * @param summary what was verified (when there is no discrepancy)
 * @param discrepancy the first discrepancy, if any
 */
public record Outcome(String check, String summary, Optional<Discrepancy> discrepancy) {
    public Outcome {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(discrepancy, "discrepancy");
    }

    public static Outcome ok(String check, String summary) {
        return new Outcome(check, summary, Optional.empty());
    }

    public static Outcome broken(String check, String entry, String problem) {
        return new Outcome(check, "", Optional.of(new Discrepancy(check, entry, problem)));
    }

    public boolean ok() {
        return discrepancy.isEmpty();
    }
}
