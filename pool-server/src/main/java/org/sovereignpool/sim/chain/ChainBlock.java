package org.sovereignpool.sim.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.sovereignpool.share.model.Hash256;

/**
 * One entry of the simulated chain's block index, as Core's {@code CBlockIndex}: the header, the work up to it, and
 * what is known of it (data stored, connected once, failed). Owned and guarded by its {@link SimulatedChain}.
 */
final class ChainBlock {
    final Hash256 hash;
    /** Null for the root of the index (genesis, or the block a chain was seeded at). */
    final ChainBlock parent;

    final int height;
    final byte[] header;
    final BigInteger chainWork;
    /** When headers arrived, for the best-header tie and a stable order of equal-height chain tips. */
    final long headerOrder;

    final List<ChainBlock> children = new ArrayList<>(1);
    /** The block with its transactions, null while only the header is known. */
    ParsedBlock data;
    /** Fees of its non-coinbase transactions, known once it has been connected. */
    long fees;
    /** Core's nSequenceId: when the data arrived (lower wins a tie of equal work); negative after preciousblock. */
    long sequenceId = Long.MAX_VALUE;
    /** The block and every ancestor have data (Core's nChainTx != 0). */
    boolean chainHasData;
    /** Connected to the active chain at least once (BLOCK_VALID_SCRIPTS). */
    boolean validScripts;

    boolean failedValid;
    boolean failedChild;

    ChainBlock(Hash256 hash, ChainBlock parent, int height, byte[] header, BigInteger chainWork, long headerOrder) {
        this.hash = hash;
        this.parent = parent;
        this.height = height;
        this.header = header;
        this.chainWork = chainWork;
        this.headerOrder = headerOrder;
    }

    boolean failed() {
        return failedValid || failedChild;
    }

    int version() {
        return ParsedBlock.leInt(header, 0);
    }

    long time() {
        return Integer.toUnsignedLong(ParsedBlock.leInt(header, 68));
    }

    int bits() {
        return ParsedBlock.leInt(header, 72);
    }

    /** The ancestor at {@code h} (this block when {@code h == height}); null above it or below the index root. */
    ChainBlock ancestor(int h) {
        ChainBlock b = this;
        while (b != null && b.height > h) {
            b = b.parent;
        }
        return b != null && b.height == h ? b : null;
    }

    @Override
    public String toString() {
        return hash + "@" + height;
    }
}
