package org.sovereignpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.share.model.Hash256;

/**
 * A block found outside the pool (generatetoaddress on the node) reaches every connected miner as a job with
 * {@code clean_jobs=true} on the new tip, through ZMQ hashblock; shares for the old jobs are then stale (21), and
 * shares for the new job count.
 */
class OutsideBlockNodeIT {
    @TempDir
    Path dir;

    @Test
    void anOutsideBlockReachesEveryMinerAsCleanJobsAndOldJobSharesAreThenStale() throws Exception {
        try (RegtestPool p = RegtestPool.start(dir, RegtestPool.Setup.defaults())) {
            List<StratumTestMiner> miners = new ArrayList<>();
            List<StratumTestMiner.Notify> old = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                StratumTestMiner m = p.miner("m" + i);
                miners.add(m);
                old.add(m.latest());
                assertThat(StratumTestMiner.errorCode(m.submit(m.mine(m.latest(), false))))
                        .as("a share on the current job")
                        .isZero();
            }

            Hash256 outside = Hash256.fromDisplayHex(p.mineOutside(0));

            for (int i = 0; i < miners.size(); i++) {
                StratumTestMiner m = miners.get(i);
                StratumTestMiner.Notify clean =
                        m.awaitJob(n -> n.cleanJobs() && n.prevHash().equals(outside), Duration.ofSeconds(5));
                assertThat(StratumTestMiner.errorCode(m.submit(m.mine(old.get(i), false))))
                        .as("a share on the job before the outside block")
                        .isEqualTo(21);
                assertThat(StratumTestMiner.errorCode(m.submit(m.mine(clean, false))))
                        .as("a share on the new job")
                        .isZero();
            }
            assertThat(p.pool.stratum().connectionCount()).isEqualTo(3);
        }
    }
}
