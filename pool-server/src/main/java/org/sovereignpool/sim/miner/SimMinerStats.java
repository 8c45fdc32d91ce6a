package org.sovereignpool.sim.miner;

import java.util.Map;

/**
 * A snapshot of one simulated miner.
 *
 * @param connected whether its connection is open
 * @param subscribed whether it got a subscribe reply
 * @param authorized whether its worker was authorized
 * @param extranonce1 hex, from the subscribe reply (or the last set_extranonce)
 * @param extranonce2Size bytes
 * @param versionMask hex, the negotiated version-rolling mask ("00000000" without rolling)
 * @param difficulty the difficulty its current job is mined at
 * @param jobs mining.notify messages received
 * @param hashes headers hashed
 * @param submitted shares submitted
 * @param accepted shares answered {@code true}
 * @param rejectedByCode rejected shares by Stratum error code
 * @param reconnects times it followed client.reconnect
 * @param lastMessage the last client.show_message text, or null
 */
public record SimMinerStats(
        boolean connected,
        boolean subscribed,
        boolean authorized,
        String extranonce1,
        int extranonce2Size,
        String versionMask,
        double difficulty,
        long jobs,
        long hashes,
        long submitted,
        long accepted,
        Map<Integer, Long> rejectedByCode,
        long reconnects,
        String lastMessage) {
    public SimMinerStats {
        rejectedByCode = Map.copyOf(rejectedByCode);
    }

    public long rejected() {
        return rejectedByCode.values().stream().mapToLong(Long::longValue).sum();
    }
}
