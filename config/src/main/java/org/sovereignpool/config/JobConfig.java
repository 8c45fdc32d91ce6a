package org.sovereignpool.config;

/**
 * How jobs are made from the node's blocks and templates.
 *
 * @param emptyJobOnNewBlock on a new block (ZMQ {@code hashblock}), send at once a job with no transactions built
 *     from the new tip's header ({@code getblockheader}: height, bits, median time) while the full template is
 *     fetched, as large pools do; the full job follows with {@code clean_jobs=false}, so shares on the empty one stay
 *     valid. Such a block earns the subsidy only (no fees). Never made at a difficulty retarget (mainnet, signet) nor
 *     on testnet4 (its minimum-difficulty rule makes the bits depend on the time).
 */
public record JobConfig(boolean emptyJobOnNewBlock) {
    /** The empty job on a new block is on. */
    public static JobConfig defaults() {
        return new JobConfig(true);
    }
}
