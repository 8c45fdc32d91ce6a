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
 * @param accepted whether at least one node has the block as a valid block (null, "duplicate" or "inconclusive")
 * @param savedHex where the block hex was written when no node accepted it, or it is stale (for inspection)
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

    /**
     * The metric tag: accepted (a node answered null), duplicate or inconclusive (a node already had it, and it is on
     * the best chain, or could not be checked), stale (a node has it on a side branch), rejected or error (a
     * consensus reason or an RPC error: not a block), unreachable (no node answered), or no-template.
     */
    public String outcome() {
        if (accepted) {
            if (onBestChain.isPresent() && !onBestChain.get()) {
                return "stale";
            }
            if (results.stream().anyMatch(r -> r.status() == SubmitResult.Status.ACCEPTED)) {
                return "accepted";
            }
            return results.stream().anyMatch(r -> r.status() == SubmitResult.Status.DUPLICATE)
                    ? "duplicate"
                    : "inconclusive";
        }
        return results.stream()
                .map(r -> r.status().tag())
                .filter(t -> !t.equals("unreachable"))
                .findFirst()
                .orElse(results.isEmpty() ? "no-template" : "unreachable");
    }

    /**
     * Whether the ledger keeps this block as a found block: a node has it (accepted, duplicate, inconclusive, or
     * stale: the block tracker follows it on the chain) or may have it (no node answered: the tracker asks again).
     * Never a rejected block, an RPC error, or a share whose template was lost (never submitted).
     */
    public boolean countsAsFound() {
        return accepted || outcome().equals("unreachable");
    }
}
