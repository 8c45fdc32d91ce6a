package org.sovereignpool.ledger.store;

import java.util.Objects;

/**
 * What the programme owes one worker of one operator from one source (a block under PPLNS, a span of shares under
 * PPS). Amounts are exact satoshis.
 *
 * @param source {@code block:<hash>} or {@code pps:<node>:<fromSeq>-<toSeq>}
 * @param blockHash the block for PPLNS credits, null for PPS
 * @param weight the summed share difficulty that earned it
 * @param timeMillis the block's time (PPLNS) or the newest share's time (PPS)
 */
public record Credit(
        String source,
        String blockHash,
        String operatorId,
        String worker,
        String scheme,
        double weight,
        long amountSats,
        CreditStatus status,
        long timeMillis) {
    public Credit {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(operatorId, "operatorId");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(status, "status");
        if (amountSats < 0) {
            throw new IllegalArgumentException("amountSats must be >= 0, got " + amountSats);
        }
    }
}
