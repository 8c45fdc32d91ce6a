package org.sovereignpool.ledger.blocks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.block.BlockResultListener;
import org.sovereignpool.block.BlockWriteAhead;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.node.SubmitResult;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Hex;

/**
 * Records every found block in the ledger through the {@link BlockTracker}: first written ahead, before its
 * submission ({@link BlockWriteAhead}: header, coinbase, height, worker, job, reward), then with what became of it
 * (from the block submitter): height, hash, finder, time, reward, network difficulty and every node's answer. A block a
 * node has, or may have (no node answered), is recorded; one that no node has is orphaned by the tracker once the node
 * still does not know it an hour later ({@link BlockTracker#UNKNOWN_GIVE_UP_MILLIS}). A block the nodes rejected is not
 * a found block ({@link BlockResult#countsAsFound}): its candidate is settled as rejected and it never enters the
 * ledger; the submitter logs Core's reason and keeps the hex.
 */
public final class FoundBlockRecorder implements BlockResultListener, BlockWriteAhead {
    private static final Logger log = LoggerFactory.getLogger(FoundBlockRecorder.class);

    private final BlockTracker tracker;
    private final ToLongFunction<FoundBlock> coinbaseValue;
    private final ToLongFunction<FoundBlock> treasuryIndex;

    /** @param coinbaseValue the coinbase value of the block's template (subsidy plus fees), satoshis */
    public FoundBlockRecorder(BlockTracker tracker, ToLongFunction<FoundBlock> coinbaseValue) {
        this(tracker, coinbaseValue, f -> BlockRecord.NO_TREASURY_INDEX);
    }

    /**
     * @param coinbaseValue the coinbase value of the block's template (subsidy plus fees), satoshis
     * @param treasuryIndex the {@code treasury.descriptor} index the block's job paid ({@link
     *     BlockRecord#NO_TREASURY_INDEX} for a fixed address): written ahead with the candidate and recorded with the
     *     block
     */
    public FoundBlockRecorder(
            BlockTracker tracker, ToLongFunction<FoundBlock> coinbaseValue, ToLongFunction<FoundBlock> treasuryIndex) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.coinbaseValue = Objects.requireNonNull(coinbaseValue, "coinbaseValue");
        this.treasuryIndex = Objects.requireNonNull(treasuryIndex, "treasuryIndex");
    }

    /** The ledger's record of a submission result. */
    public static FoundBlockInfo info(BlockResult r, long rewardSats) {
        return info(r, rewardSats, BlockRecord.NO_TREASURY_INDEX);
    }

    /** The ledger's record of a submission result, with the treasury index its coinbase paid. */
    public static FoundBlockInfo info(BlockResult r, long rewardSats, long treasuryIndex) {
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
                results,
                treasuryIndex);
    }

    @Override
    public void beforeSubmit(FoundBlock f, BlockTemplate template) {
        FoundBlockInfo info = new FoundBlockInfo(
                template.height(),
                f.hash().toDisplayHex(),
                f.worker(),
                f.timeMillis(),
                template.coinbaseValue(),
                Difficulty.ofCompactBits(f.job().bits()).value(),
                Map.of(),
                treasuryIndex.applyAsLong(f));
        tracker.recordCandidate(new FoundBlockLog.Candidate(
                info,
                tracker.journalWrittenSequence(),
                Hex.encode(f.header()),
                Hex.encode(f.coinbase()),
                f.job().idHex()));
    }

    @Override
    public void blockResult(BlockResult r) {
        FoundBlockInfo info = info(r, coinbaseValue.applyAsLong(r.found()), treasuryIndex.applyAsLong(r.found()));
        if (!r.countsAsFound()) {
            log.warn(
                    "block {} at height {} not recorded as found: {} ({})",
                    r.found().hash(),
                    r.height(),
                    r.outcome(),
                    r.results());
            tracker.recordRejected(info);
            return;
        }
        if (!tracker.recordFoundBlock(info)) {
            log.warn("found block {} is kept locally until the ledger database is back", info.hash());
        }
    }
}
