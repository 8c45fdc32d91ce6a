package org.sovereignpool.ledger;

/**
 * The ledger refuses to let this pool node start as it is: another instance holds its node id, its share journal
 * would renumber below what the ledger has applied, or its operator registry differs from the cluster's. The message
 * names what is wrong and what an operator can do; nothing was written for this node's shares.
 */
public class StartRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartRefusedException(String message) {
        super(message);
    }
}
