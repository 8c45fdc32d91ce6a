package org.sovereignpool.ledger.blocks;

import java.util.Map;
import java.util.Objects;
import org.sovereignpool.mining.WorkerName;

/**
 * What the pool knows about a block when it finds it.
 *
 * @param hash display hex (64 lowercase hex digits, as block explorers show it)
 * @param rewardSats the coinbase value (paid whole to the treasury)
 * @param networkDifficulty the difficulty of the block's target
 * @param submitResults per node name: "accepted" or the node's answer
 */
public record FoundBlockInfo(
        int height,
        String hash,
        WorkerName finder,
        long timeMillis,
        long rewardSats,
        double networkDifficulty,
        Map<String, String> submitResults) {
    public FoundBlockInfo {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(finder, "finder");
        submitResults = Map.copyOf(submitResults);
    }

    /** The same block with other submission results. */
    public FoundBlockInfo withSubmitResults(Map<String, String> results) {
        return new FoundBlockInfo(height, hash, finder, timeMillis, rewardSats, networkDifficulty, results);
    }
}
