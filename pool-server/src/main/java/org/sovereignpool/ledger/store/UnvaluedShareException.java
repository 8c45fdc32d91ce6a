package org.sovereignpool.ledger.store;

/**
 * A share cannot be valued under PPS because its journal record does not carry the network target of its job (a
 * journal written by an older version): the batch is refused, nothing is written, and the applier stops on it rather
 * than credit it wrongly.
 */
public final class UnvaluedShareException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnvaluedShareException(ShareAggregate aggregate) {
        super("node " + aggregate.nodeId() + " shares " + aggregate.firstSeq() + ".." + aggregate.lastSeq() + " of "
                + aggregate.operatorId() + "." + aggregate.worker() + " carry no network target (a journal of an"
                + " older version): PPS cannot value them; apply that journal with payout.scheme pplns first");
    }
}
