package org.sovereignpool.ledger.blocks;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * What the node says about a block: in the main chain with N confirmations, not in it (orphaned / stale), or unknown
 * (not heard of yet). The node client implements it (e.g. {@code getblockheader}: confirmations -1 = not in the main
 * chain); {@link InMemoryChainView} is the test double.
 */
@FunctionalInterface
public interface ChainView {
    /** @throws IOException the node could not be asked; the tracker tries again at its next poll */
    ChainStatus status(String blockHash) throws IOException;

    /** The height of the node's best block, when known (orphaned blocks deeper than maturity are given up). */
    default OptionalInt tipHeight() throws IOException {
        return OptionalInt.empty();
    }

    record ChainStatus(Kind kind, int confirmations) {
        public enum Kind {
            IN_MAIN_CHAIN,
            NOT_IN_MAIN_CHAIN,
            UNKNOWN
        }

        public ChainStatus {
            if (kind == Kind.IN_MAIN_CHAIN ? confirmations < 1 : confirmations != 0) {
                throw new IllegalArgumentException(kind + " with " + confirmations + " confirmations");
            }
        }

        public static ChainStatus inMainChain(int confirmations) {
            return new ChainStatus(Kind.IN_MAIN_CHAIN, confirmations);
        }

        public static ChainStatus notInMainChain() {
            return new ChainStatus(Kind.NOT_IN_MAIN_CHAIN, 0);
        }

        public static ChainStatus unknown() {
            return new ChainStatus(Kind.UNKNOWN, 0);
        }
    }
}
