package org.sovereignpool.ledger.audit;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sovereignpool.config.TreasuryPayee;
import org.sovereignpool.ledger.blocks.BlockTracker;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.share.model.Hex;

/**
 * Every recorded block against the node: it knows the block at the recorded height; the block is in the main chain
 * unless it is recorded as orphaned, and orphaned only when it is not (a block that never reached any node may be
 * unknown); a mature block has {@value BlockTracker#MATURITY} confirmations; and its coinbase pays the treasury's
 * script exactly the recorded reward. A coinbase the node no longer has (pruned) is not checked, and counted.
 *
 * <p>With a {@code treasury.descriptor} treasury, the script is the descriptor's output at the block's recorded {@code
 * treasury_index} (a block without one is a discrepancy: which address it paid is unknown), and no two blocks in the
 * main chain may have paid the same index (an index is never reused after a found block).
 *
 * <p>The ledger follows the chain within a tracker poll (seconds): run the audit when the pool has caught up with a
 * reorganisation, or read a transient difference as such.
 */
public final class ChainCheck implements AuditCheck {
    private final ChainSnapshot chain;
    private final byte[] treasuryScript;
    private final TreasuryPayee descriptor;

    public ChainCheck(ChainSnapshot chain, byte[] treasuryScript) {
        this(chain, treasuryScript, null);
    }

    private ChainCheck(ChainSnapshot chain, byte[] treasuryScript, TreasuryPayee descriptor) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.treasuryScript = treasuryScript.clone();
        this.descriptor = descriptor;
    }

    /** Each block's coinbase pays {@code descriptor}'s output at the block's recorded index. */
    public static ChainCheck ofDescriptor(ChainSnapshot chain, TreasuryPayee descriptor) {
        return new ChainCheck(chain, new byte[0], Objects.requireNonNull(descriptor, "descriptor"));
    }

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public Outcome run(LedgerSnapshot ledger) {
        int checked = 0;
        int unknownOrphans = 0;
        int withoutData = 0;
        Map<Long, BlockRecord> mainChainIndexes = new HashMap<>();
        for (BlockRecord b : ledger.blocks()) {
            Optional<ChainBlock> found = chain.block(b.hash());
            String entry = LedgerSnapshot.name(b);
            if (found.isEmpty()) {
                if (b.status() == BlockStatus.ORPHANED) {
                    unknownOrphans++;
                    continue;
                }
                return Outcome.broken(
                        name(),
                        entry,
                        "the node does not know this block, recorded " + b.status() + " with a reward of "
                                + b.rewardSats() + " sats (expected a block in the main chain)");
            }
            ChainBlock c = found.get();
            if (!c.hash().equals(b.hash()) || c.height() != b.height()) {
                return Outcome.broken(
                        name(),
                        entry,
                        "the node has block " + c.hash() + " at height " + c.height() + ", expected height "
                                + b.height());
            }
            if (c.inMainChain() && b.status() == BlockStatus.ORPHANED) {
                return Outcome.broken(
                        name(),
                        entry,
                        "status is ORPHANED, but the block is in the main chain with " + c.confirmations()
                                + " confirmations (expected PENDING or MATURE)");
            }
            if (!c.inMainChain() && b.status() != BlockStatus.ORPHANED) {
                return Outcome.broken(
                        name(),
                        entry,
                        "status is " + b.status() + ", but the block is not in the main chain (confirmations "
                                + c.confirmations() + "; expected ORPHANED)");
            }
            if (b.status() == BlockStatus.MATURE && c.confirmations() < BlockTracker.MATURITY) {
                return Outcome.broken(
                        name(),
                        entry,
                        "status is MATURE, but the block has " + c.confirmations() + " confirmations (expected at"
                                + " least " + BlockTracker.MATURITY + ")");
            }
            if (descriptor != null) {
                if (!b.hasTreasuryIndex()) {
                    return Outcome.broken(
                            name(),
                            entry,
                            "treasury_index is empty, but the treasury is a descriptor (" + descriptor.describe()
                                    + "): which of its addresses the block paid is not recorded");
                }
                if (c.inMainChain()) {
                    BlockRecord before = mainChainIndexes.putIfAbsent(b.treasuryIndex(), b);
                    if (before != null) {
                        return Outcome.broken(
                                name(),
                                entry,
                                "treasury_index " + b.treasuryIndex() + " is also the index of "
                                        + LedgerSnapshot.name(before) + ", and both are in the main chain (an"
                                        + " index is never paid by two found blocks)");
                    }
                }
            }
            if (c.coinbaseOutputs().isEmpty()) {
                withoutData++;
                continue;
            }
            if (descriptor != null) {
                long index = b.treasuryIndex();
                byte[] script = descriptor.scriptPubKey(index);
                long paid = TransactionOutputs.paidTo(c.coinbaseOutputs().get(), script);
                if (paid != b.rewardSats()) {
                    return Outcome.broken(
                            name(),
                            entry,
                            "treasury_index is " + index + ", but the coinbase on chain pays the treasury's address at"
                                    + " that index (" + descriptor.address(index) + ") " + paid + " sats, expected"
                                    + " reward_sats " + b.rewardSats());
                }
                checked++;
                continue;
            }
            long paid = TransactionOutputs.paidTo(c.coinbaseOutputs().get(), treasuryScript);
            if (paid != b.rewardSats()) {
                return Outcome.broken(
                        name(),
                        entry,
                        "reward_sats is " + b.rewardSats() + ", but the coinbase on chain pays the treasury ("
                                + Hex.encode(treasuryScript) + ") " + paid + " sats");
            }
            checked++;
        }
        return Outcome.ok(
                name(),
                ledger.blocks().size() + " blocks as " + chain.node() + " has them: heights, main chain or orphaned"
                        + " as recorded, " + checked + " coinbases pay the treasury the recorded reward"
                        + (descriptor == null ? "" : " at each block's recorded descriptor index")
                        + (unknownOrphans == 0 ? "" : "; " + unknownOrphans + " orphaned blocks unknown to the node")
                        + (withoutData == 0 ? "" : "; " + withoutData + " blocks without data on the node (pruned)"));
    }
}
