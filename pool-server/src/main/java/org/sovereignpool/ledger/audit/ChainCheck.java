package org.sovereignpool.ledger.audit;

import java.util.Objects;
import java.util.Optional;
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
 * <p>The ledger follows the chain within a tracker poll (seconds): run the audit when the pool has caught up with a
 * reorganisation, or read a transient difference as such.
 */
public final class ChainCheck implements AuditCheck {
    private final ChainSnapshot chain;
    private final byte[] treasuryScript;

    public ChainCheck(ChainSnapshot chain, byte[] treasuryScript) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.treasuryScript = treasuryScript.clone();
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
            if (c.coinbaseOutputs().isEmpty()) {
                withoutData++;
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
                        + (unknownOrphans == 0 ? "" : "; " + unknownOrphans + " orphaned blocks unknown to the node")
                        + (withoutData == 0 ? "" : "; " + withoutData + " blocks without data on the node (pruned)"));
    }
}
