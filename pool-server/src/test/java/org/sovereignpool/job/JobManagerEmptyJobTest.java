package org.sovereignpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.Network;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.share.job.BlockAssembler;
import org.sovereignpool.share.job.CoinbaseBuilder;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.testing.node.NodeFixtures;
import org.sovereignpool.testing.node.TestMiner;

/**
 * The empty job on a new block against the simulated chain (whose block checks are Core's: coinbase value, witness
 * commitment, time, bits): it comes first and clean, the full template's job follows not clean on the same tip, and
 * a block on either is accepted.
 */
class JobManagerEmptyJobTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private JobManager manager(SimulatedChain chain, boolean emptyJobs) {
        JobManager m = new JobManager(
                chain,
                CoinbaseBuilder.of("/SovereignPool/", NodeFixtures.treasuryScript(), 4, 4),
                new JobIds(7, 1_795_540_000L),
                16,
                registry);
        if (emptyJobs) {
            m.emptyJobsOnNewBlock(Network.REGTEST, NodeFixtures.AT_BLOCK_112);
        }
        closing.add(m);
        return m;
    }

    private SimulatedChain chain() {
        SimulatedChain c = NodeFixtures.chainFrom112(5);
        closing.add(c);
        return c;
    }

    /** Mines {@code job} and submits the block; returns it after checking the chain accepted it. */
    private static FoundBlock mineAndSubmit(SimulatedChain chain, JobManager m, Job job, long extranonce2) {
        BlockTemplate template = m.templateFor(job.id()).orElseThrow();
        FoundBlock found = TestMiner.mine(job, template, new byte[4], extranonce2);
        byte[] block = BlockAssembler.assemble(found.header(), found.coinbase(), true, template.transactionData());
        assertThat(chain.submit(block).reply()).as("submitblock").isNull();
        assertThat(chain.bestBlockHash()).isEqualTo(found.hash());
        return found;
    }

    @Test
    void aNewBlockGivesTheEmptyJobCleanThenTheFullOneNotCleanAndBlocksOnBothAreAccepted() {
        SimulatedChain chain = chain();
        JobManager m = manager(chain, true);
        List<Job> heard = new CopyOnWriteArrayList<>();
        m.addListener(heard::add);
        Job first = m.refresh(JobManager.Reason.STARTUP).orElseThrow();
        FoundBlock block112 = mineAndSubmit(chain, m, first, 1);

        m.newBlock(block112.hash(), System.nanoTime());

        assertThat(heard).hasSize(3);
        Job empty = heard.get(1);
        Job full = heard.get(2);
        JobManager.IssuedJob emptyIssued = m.issued(empty.id()).orElseThrow();
        assertThat(emptyIssued.reason()).isEqualTo(JobManager.Reason.NEW_BLOCK_EMPTY);
        assertThat(empty.cleanJobs()).isTrue();
        assertThat(empty.prevHash()).isEqualTo(block112.hash());
        assertThat(empty.height()).isEqualTo(113);
        assertThat(empty.merkleBranch().depth()).isZero();
        assertThat(emptyIssued.template().transactions()).isEmpty();
        assertThat(emptyIssued.template().coinbaseValue()).isEqualTo(5_000_000_000L);
        assertThat(empty.bits()).isEqualTo(first.bits());
        assertThat(empty.version()).isEqualTo(first.version());

        assertThat(m.issued(full.id()).orElseThrow().reason()).isEqualTo(JobManager.Reason.NEW_BLOCK);
        assertThat(full.cleanJobs())
                .as("same block: shares on the empty job stay valid")
                .isFalse();
        assertThat(full.prevHash()).isEqualTo(block112.hash());
        assertThat(m.templateFor(full.id()).orElseThrow().transactions()).isNotEmpty();
        assertThat(m.isStale(empty)).isFalse();
        assertThat(registry.get("job.new_block.latency")
                        .tag("job", "new-block-empty")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("job.new_block.latency")
                        .tag("job", "new-block")
                        .timer()
                        .count())
                .isEqualTo(1);

        // a block on the empty job: the subsidy to the treasury, the coinbase alone
        FoundBlock block113 = mineAndSubmit(chain, m, empty, 2);
        m.newBlock(block113.hash(), System.nanoTime());
        Job nextFull = heard.getLast();
        assertThat(nextFull.prevHash()).isEqualTo(block113.hash());
        assertThat(nextFull.cleanJobs()).isFalse();
        // and one on the full job that follows the next empty one
        FoundBlock block114 = mineAndSubmit(chain, m, nextFull, 3);
        assertThat(chain.blockInfo(block114.hash()).orElseThrow().height()).isEqualTo(114);
    }

    @Test
    void atStartTheEmptyJobIsBuiltOnceWithoutBeingSentAndTheOutcomeLogged() {
        SimulatedChain chain = chain();
        JobManager m = manager(chain, true);
        List<Job> heard = new CopyOnWriteArrayList<>();
        m.addListener(heard::add);
        m.refresh(JobManager.Reason.STARTUP).orElseThrow();
        assertThat(m.checkEmptyJobs()).startsWith("on: one built from tip " + NodeFixtures.BLOCK_111 + " (height 112");
        assertThat(heard).hasSize(1);
        assertThat(manager(chain, false).checkEmptyJobs()).isEqualTo("off");
    }

    @Test
    void offItIsTheFullTemplateAloneAndClean() {
        SimulatedChain chain = chain();
        JobManager m = manager(chain, false);
        List<Job> heard = new CopyOnWriteArrayList<>();
        m.addListener(heard::add);
        Job first = m.refresh(JobManager.Reason.STARTUP).orElseThrow();
        FoundBlock block112 = mineAndSubmit(chain, m, first, 1);

        m.newBlock(block112.hash(), System.nanoTime());

        assertThat(heard).hasSize(2);
        assertThat(heard.get(1).cleanJobs()).isTrue();
        assertThat(m.issued(heard.get(1).id()).orElseThrow().reason()).isEqualTo(JobManager.Reason.NEW_BLOCK);
    }

    @Test
    void aNotificationForTheTipAlreadyBuiltOnGivesNoEmptyJob() {
        SimulatedChain chain = chain();
        JobManager m = manager(chain, true);
        List<Job> heard = new CopyOnWriteArrayList<>();
        m.addListener(heard::add);
        Job first = m.refresh(JobManager.Reason.STARTUP).orElseThrow();

        m.newBlock(first.prevHash(), System.nanoTime());

        assertThat(heard).hasSize(2);
        assertThat(m.issued(heard.get(1).id()).orElseThrow().reason()).isEqualTo(JobManager.Reason.NEW_BLOCK);
        assertThat(heard.get(1).cleanJobs()).isFalse();
    }
}
