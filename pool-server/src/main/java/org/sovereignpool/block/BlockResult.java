package org.sovereignpool.block;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.node.SubmitResult;

/**
 * What became of a found block, reported with the share that found it.
 *
 * @param found the share (worker, time, hash, job)
 * @param height the block's height
 * @param results every node's answer to the last submission attempt, in node order
 * @param attempts how many times it was submitted
 * @param accepted whether at least one node has the block
 * @param savedHex where the block hex was written when no node accepted it (for inspection)
 * @param onBestChain whether {@code getblockheader} afterwards showed it on the best chain (empty: not checked)
 */
public record BlockResult(
        FoundBlock found,
        int height,
        List<SubmitResult> results,
        int attempts,
        boolean accepted,
        Optional<Path> savedHex,
        Optional<Boolean> onBestChain) {
    public BlockResult {
        Objects.requireNonNull(found, "found");
        results = List.copyOf(results);
        Objects.requireNonNull(savedHex, "savedHex");
        Objects.requireNonNull(onBestChain, "onBestChain");
    }

    /** The metric tag: accepted, duplicate, inconclusive, rejected, error, unreachable, or no-template. */
    public String outcome() {
        if (accepted) {
            return results.stream().anyMatch(r -> r.status() == SubmitResult.Status.ACCEPTED)
                    ? "accepted"
                    : "duplicate";
        }
        return results.stream()
                .map(r -> r.status().tag())
                .filter(t -> !t.equals("unreachable"))
                .findFirst()
                .orElse(results.isEmpty() ? "no-template" : "unreachable");
    }
}
