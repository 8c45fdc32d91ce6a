package org.sovereignpool.ledger.blocks;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.block.BlockResultListener;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.node.SubmitResult;
import org.sovereignpool.share.model.Difficulty;

/**
 * Hears what became of each found block (from the block submitter) and records it in the ledger through the
 * {@link BlockTracker}: height, hash, finder, time, reward, network difficulty and every node's answer. A block a node
 * has, or may have (no node answered), is recorded; one that no node has is orphaned by the tracker once the node
 * still does not know it an hour later ({@link BlockTracker#UNKNOWN_GIVE_UP_MILLIS}). A block the nodes rejected is
 * not a found block: it is logged and kept by the submitter, never recorded here ({@link BlockResult#countsAsFound}).
 */
public final class FoundBlockRecorder implements BlockResultListener {
    private static final Logger log = LoggerFactory.getLogger(FoundBlockRecorder.class);

    private final BlockTracker tracker;
    private final ToLongFunction<FoundBlock> coinbaseValue;

    /** @param coinbaseValue the coinbase value of the block's template (subsidy plus fees), satoshis */
    public FoundBlockRecorder(BlockTracker tracker, ToLongFunction<FoundBlock> coinbaseValue) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.coinbaseValue = Objects.requireNonNull(coinbaseValue, "coinbaseValue");
    }

    /** The ledger's record of a submission result. */
    public static FoundBlockInfo info(BlockResult r, long rewardSats) {
        Map<String, String> results = new LinkedHashMap<>();
        for (SubmitResult s : r.results()) {
            results.put(
                    s.node(),
                    s.status().tag() + (s.reason() == null || s.reason().isBlank() ? "" : ": " + s.reason()));
        }
        FoundBlock f = r.found();
        return new FoundBlockInfo(
                r.height(),
                f.hash().toDisplayHex(),
                f.worker(),
                f.timeMillis(),
                rewardSats,
                Difficulty.ofCompactBits(f.job().bits()).value(),
                results);
    }

    @Override
    public void blockResult(BlockResult r) {
        if (!r.countsAsFound()) {
            log.warn(
                    "block {} at height {} not recorded as found: {} ({})",
                    r.found().hash(),
                    r.height(),
                    r.outcome(),
                    r.results());
            return;
        }
        FoundBlockInfo info = info(r, coinbaseValue.applyAsLong(r.found()));
        try {
            tracker.recordFoundBlock(info);
        } catch (IOException e) {
            log.error("FOUND BLOCK NOT RECORDED (local file failed): {}", info, e);
        }
    }
}
