package org.sovereignpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.share.model.Hash256;

/**
 * Without ZMQ, a new block still reaches the miners: through BIP 22 long polling at once (the node answers a waiting
 * long poll as soon as its tip changes), and through polling getbestblockhash within the poll interval (500 ms) when
 * long polling is off too.
 */
class NotificationNodeIT {
    @TempDir
    Path dir;

    @Test
    void longPollingWithoutZmqDeliversANewBlockAtOnce() throws Exception {
        try (RegtestPool p = RegtestPool.start(dir, RegtestPool.Setup.defaults().watch(RegtestPool.Watch.LONG_POLL))) {
            StratumTestMiner miner = p.miner("lp");
            assertBlockArrivesWithin(p, miner, Duration.ofSeconds(1));
        }
    }

    @Test
    void pollingWithoutZmqOrLongPollDeliversANewBlockWithinThePollInterval() throws Exception {
        try (RegtestPool p = RegtestPool.start(dir, RegtestPool.Setup.defaults().watch(RegtestPool.Watch.POLLING))) {
            StratumTestMiner miner = p.miner("poll");
            // 500 ms between polls, plus the template and the notify
            assertBlockArrivesWithin(p, miner, Duration.ofMillis(1500));
        }
    }

    private static void assertBlockArrivesWithin(RegtestPool p, StratumTestMiner miner, Duration bound) {
        String hash = p.mineOutside(0);
        long mined = System.nanoTime();
        Hash256 tip = Hash256.fromDisplayHex(hash);
        StratumTestMiner.Notify clean =
                miner.awaitJob(n -> n.cleanJobs() && n.prevHash().equals(tip), Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(clean.receivedNanos() - mined)).isLessThanOrEqualTo(bound);
    }
}
