package org.sovereignpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.sim.node.RegtestNode;

/**
 * The node restarts while three miners submit shares as fast as they find them (cookie authentication, so the pool
 * must read the cookie the node writes anew): the miners keep their connections and their shares keep being
 * accepted while the node is away; the chain moves on meanwhile (a block arrives during the restart, which no ZMQ
 * message announces); once the node is back from its warm-up, a clean job on the new tip reaches the miners within
 * 2 s, and no job after that builds on the old tip. Every share a miner was told was accepted is in the ledger.
 */
class NodeRestartNodeIT {
    @TempDir
    Path dir;

    /**
     * A miner submitting non-block shares on its latest job, about a hundred a second (paced like a miner of a given
     * hashrate, so the load leaves the two cores of a CI machine to the pool), counting the pool's answers.
     */
    private static final class Load implements AutoCloseable {
        final StratumTestMiner miner;
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong unanswered = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        Load(StratumTestMiner miner) {
            this.miner = miner;
            this.thread = Thread.ofPlatform().daemon(true).start(this::run);
        }

        private void run() {
            while (running) {
                StratumTestMiner.Share share = miner.mine(miner.latest(), false);
                try {
                    int code = StratumTestMiner.errorCode(miner.submit(share));
                    (code == 0 ? accepted : rejected).incrementAndGet();
                } catch (Exception | AssertionError e) {
                    unanswered.incrementAndGet();
                }
                LockSupport.parkNanos(10_000_000L);
            }
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void minersKeepTheirConnectionsAndJobsResumeWithinTwoSecondsOfTheNodesReturn() throws Exception {
        RegtestPool.Setup setup =
                RegtestPool.Setup.defaults().warmup(Duration.ofMillis(300)).cookieAuth(true);
        try (RegtestPool p = RegtestPool.start(dir, setup)) {
            List<Load> load = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                load.add(new Load(p.miner("load-" + i)));
            }
            StratumTestMiner watcher = p.miner("watcher");
            await().atMost(Duration.ofSeconds(30)).until(() -> load.stream().allMatch(l -> l.accepted.get() >= 20));

            RegtestNode node = p.node(0);
            Hash256 oldTip = node.chain().bestBlockHash();
            node.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> !p.source.isHealthy(0));
            // a block arrives while the node restarts: its tip moves on without a ZMQ message
            Hash256 newTip = node.chain()
                    .generate(1, RegtestPool.script(RegtestPool.OUTSIDER))
                    .get(0)
                    .hash();
            long whileDown = accepted(load);
            await().atMost(Duration.ofSeconds(10)).until(() -> accepted(load) >= whileDown + 30);
            assertThat(p.pool.stratum().connectionCount()).isEqualTo(4);
            assertThat(load).allSatisfy(l -> assertThat(l.miner.connected()).isTrue());

            node.startAgain();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(5))
                    .until(node::isReady);
            long ready = System.nanoTime();
            StratumTestMiner.Notify resumed =
                    watcher.awaitJob(n -> n.cleanJobs() && n.prevHash().equals(newTip), Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(resumed.receivedNanos() - ready))
                    .as("from the node's return to a clean job on its tip")
                    .isLessThanOrEqualTo(Duration.ofSeconds(2));
            for (Load l : load) {
                l.miner.awaitJob(n -> n.prevHash().equals(newTip), Duration.ofSeconds(5));
            }
            long afterReturn = accepted(load);
            await().atMost(Duration.ofSeconds(10)).until(() -> accepted(load) >= afterReturn + 30);
            assertThat(watcher.notifies())
                    .filteredOn(n -> n.receivedNanos() >= ready)
                    .as("no job on the old tip once the node is back")
                    .isNotEmpty()
                    .allSatisfy(n -> assertThat(n.prevHash()).isNotEqualTo(oldTip));
            assertThat(p.pool.stratum().connectionCount()).isEqualTo(4);

            load.forEach(Load::close);
            long acked = accepted(load);
            long unanswered = load.stream().mapToLong(l -> l.unanswered.get()).sum();
            assertThat(unanswered).as("every share was answered").isZero();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> p.pool.store().appliedSequence(0)
                            == p.pool.journal().writtenSequence());
            assertThat(p.pool.store().shareCount(0))
                    .as("every accepted share is in the ledger")
                    .isEqualTo(acked);
        }
    }

    private static long accepted(List<Load> load) {
        return load.stream().mapToLong(l -> l.accepted.get()).sum();
    }
}
