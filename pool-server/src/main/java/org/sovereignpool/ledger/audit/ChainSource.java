package org.sovereignpool.ledger.audit;

import java.util.Optional;

/** Where the audit asks about blocks: a Bitcoin node ({@link NodeChainSource}). */
@FunctionalInterface
public interface ChainSource {
    /**
     * The block, or empty when the node does not know it.
     *
     * @throws ChainUnavailableException the node could not be asked or its answer could not be read
     */
    Optional<ChainBlock> block(String hash) throws ChainUnavailableException;

    /** The node could not answer: the audit stops without a verdict. */
    final class ChainUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        public ChainUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
