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
 * @param treasuryIndex the {@code treasury.descriptor} index the coinbase paid, or {@link
 *     org.sovereignpool.ledger.store.BlockRecord#NO_TREASURY_INDEX} for a fixed treasury address
 */
public record FoundBlockInfo(
        int height,
        String hash,
        WorkerName finder,
        long timeMillis,
        long rewardSats,
        double networkDifficulty,
        Map<String, String> submitResults,
        long treasuryIndex) {
    /** A block paying a fixed treasury address. */
    public FoundBlockInfo(
            int height,
            String hash,
            WorkerName finder,
            long timeMillis,
            long rewardSats,
            double networkDifficulty,
            Map<String, String> submitResults) {
        this(
                height,
                hash,
                finder,
                timeMillis,
                rewardSats,
                networkDifficulty,
                submitResults,
                org.sovereignpool.ledger.store.BlockRecord.NO_TREASURY_INDEX);
    }

    public FoundBlockInfo {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(finder, "finder");
        submitResults = Map.copyOf(submitResults);
    }

    /** The same block with other submission results. */
    public FoundBlockInfo withSubmitResults(Map<String, String> results) {
        return new FoundBlockInfo(
                height, hash, finder, timeMillis, rewardSats, networkDifficulty, results, treasuryIndex);
    }
}
