package org.sovereignpool.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.NodeAuth;
import org.sovereignpool.config.NodeConfig;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.node.BitcoindTemplateSource;
import org.sovereignpool.share.job.BlockAssembler;
import org.sovereignpool.share.job.CoinbaseBuilder;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.job.ReceiptAnchor;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.testing.node.FakeBitcoind;
import org.sovereignpool.testing.node.NodeFixtures;
import org.sovereignpool.testing.node.TestMiner;

class JobManagerTest {
    static final byte[] TREASURY = NodeFixtures.treasuryScript();
    static final Clock AT_112 = NodeFixtures.AT_BLOCK_112;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private SimulatedChain chain() {
        SimulatedChain c = NodeFixtures.chainFrom112(3);
        closing.add(c);
        return c;
    }

    private JobManager manager(org.sovereignpool.node.TemplateSource source, int window) {
        JobManager m = new JobManager(
                source,
                CoinbaseBuilder.of("/SovereignPool/", TREASURY, 4, 4),
                new JobIds(7, 1_795_540_000L),
                window,
                registry);
        closing.add(m);
        return m;
    }

    @Test
    void aJobFromTheRecordedTemplateCarriesItsFieldsAndTheRecordedMerkleBranch() {
        JobManager m = manager(chain(), 8);
        Job job = m.refresh(JobManager.Reason.STARTUP).orElseThrow();
        assertThat(job.height()).isEqualTo(112);
        assertThat(job.prevHash()).isEqualTo(NodeFixtures.BLOCK_111);
        assertThat(job.bits().toHex()).isEqualTo("207fffff");
        assertThat(job.version()).isEqualTo(0x20000000);
        assertThat(job.minTime()).isEqualTo(1795540192);
        assertThat(job.ntime()).isEqualTo((int) NodeFixtures.BLOCK_112_TIME); // curtime from the chain's clock
        assertThat(job.cleanJobs()).isTrue();
        // the same branch the recorded pool sent for this template (cpuminer-session.log, job 6b05c4e300000003)
        JsonNode recordedNotify = recordedNotify("6b05c4e300000003");
        List<String> recordedBranch = new ArrayList<>();
        recordedNotify.get(4).forEach(n -> recordedBranch.add(n.asText()));
        assertThat(job.merkleBranch().toStratumHex()).containsExactlyElementsOf(recordedBranch);
        assertThat(job.prevHash().toStratumPrevHash())
                .isEqualTo(recordedNotify.get(1).asText());
        // coinb1 ends with the extranonce push; coinb2 pays the treasury and commits to the witnesses
        assertThat(job.coinbase1Hex()).startsWith("02000000010000").endsWith("08");
        assertThat(job.coinbase2Hex())
                .startsWith("ffffffff02")
                .contains(Hex.encode(TREASURY))
                .contains(NodeFixtures.json("gbt-with-txs.json")
                        .get("default_witness_commitment")
                        .asText());
        assertThat(m.templateFor(job.id()).orElseThrow().height()).isEqualTo(112);
        assertThat(registry.get("job.templates")
                        .tag("reason", "startup")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    private static JsonNode recordedNotify(String jobId) {
        for (String line : NodeFixtures.text("cpuminer-session.log").lines().toList()) {
            if (line.contains("\"mining.notify\"") && line.contains(jobId)) {
                try {
                    return new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(line.substring(line.indexOf('{')))
                            .get("params");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        throw new IllegalArgumentException(jobId);
    }

    @Test
    void cleanJobsOnANewBlockOnlyAndStaleSharesAfterIt() {
        SimulatedChain chain = chain();
        JobManager m = manager(chain, 8);
        List<Job> heard = new CopyOnWriteArrayList<>();
        m.addListener(heard::add);
        Job first = m.refresh(JobManager.Reason.STARTUP).orElseThrow();
        Job refreshed = m.refresh(JobManager.Reason.MEMPOOL_REFRESH).orElseThrow();
        assertThat(refreshed.cleanJobs()).isFalse();
        assertThat(refreshed.id()).isNotEqualTo(first.id());
        assertThat(m.isStale(first))
                .as("shares for the previous job count until the next block")
                .isFalse();

        FoundBlock found =
                TestMiner.mine(refreshed, m.templateFor(refreshed.id()).orElseThrow(), new byte[4], 1);
        byte[] block = BlockAssembler.assemble(
                found.header(),
                found.coinbase(),
                true,
                m.templateFor(refreshed.id()).orElseThrow().transactionData());
        assertThat(chain.submit(block).reply()).isNull();

        Job next = m.refresh(JobManager.Reason.NEW_BLOCK).orElseThrow();
        assertThat(next.cleanJobs()).isTrue();
        assertThat(next.prevHash()).isEqualTo(found.hash());
        assertThat(m.isStale(first)).isTrue();
        assertThat(m.isStale(refreshed)).isTrue();
        assertThat(m.isStale(next)).isFalse();
        assertThat(heard).containsExactly(first, refreshed, next);
        // a notification for a tip the manager already builds on is not a clean restart
        assertThat(m.refresh(JobManager.Reason.NEW_BLOCK).orElseThrow().cleanJobs())
                .isFalse();
    }

    @Test
    void recentJobsAreKeptInABoundedWindow() {
        JobManager m = manager(chain(), 4);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            jobs.add(m.refresh(JobManager.Reason.MEMPOOL_REFRESH).orElseThrow());
        }
        assertThat(m.recentJobs()).hasSize(4);
        assertThat(m.issued(jobs.get(2).id())).isEmpty();
        for (Job j : jobs.subList(3, 7)) {
            assertThat(m.issued(j.id()).orElseThrow().job()).isSameAs(j);
        }
        assertThat(m.currentJob()).isSameAs(jobs.get(6));
        assertThatThrownBy(() -> manager(chain(), 1)).hasMessageContaining("window must be >= 2");
    }

    @Test
    void noTemplateMeansNoJobWithAReasonCounted() {
        FakeBitcoind node = new FakeBitcoind("pool", "secret");
        closing.add(node);
        node.chain("main"); // only a mainnet node refuses templates in initial block download (as Core does)
        node.initialBlockDownload(true);
        BitcoindTemplateSource source = BitcoindTemplateSource.fromConfig(
                List.of(new NodeConfig(node.url(), new NodeAuth.Password("pool", "secret"), Optional.empty())),
                Network.MAINNET,
                BitcoindTemplateSource.Options.DEFAULT,
                registry);
        closing.add(source);
        JobManager m = manager(source, 8);
        List<Job> heard = new CopyOnWriteArrayList<>();
        m.addListener(heard::add);
        assertThat(m.refresh(JobManager.Reason.STARTUP)).isEmpty();
        assertThat(heard).isEmpty();
        assertThat(m.currentJob()).isNull();
        assertThat(registry.get("job.template.failures")
                        .tag("reason", "no-healthy-node")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("node.unavailable")
                        .tag("reason", "initial-block-download")
                        .counter()
                        .count())
                .isEqualTo(1);
        node.initialBlockDownload(false);
        assertThat(m.refresh(JobManager.Reason.MANUAL)).isPresent();
    }

    @Test
    void startedItIssuesJobsOnNewBlocksAndMempoolRefreshes() {
        SimulatedChain chain = chain();
        JobManager m = manager(chain, 16);
        List<Job> heard = new CopyOnWriteArrayList<>();
        m.addListener(heard::add);
        m.start(Duration.ofMillis(50));
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.stream().anyMatch(j -> !j.cleanJobs()));
        Job current = m.currentJob();
        BlockTemplateHolder t =
                new BlockTemplateHolder(m.templateFor(current.id()).orElseThrow());
        FoundBlock found = TestMiner.mine(current, t.template(), new byte[4], 9);
        assertThat(chain.submit(BlockAssembler.assemble(
                                found.header(),
                                found.coinbase(),
                                true,
                                t.template().transactionData()))
                        .reply())
                .isNull();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> heard.stream()
                        .anyMatch(j -> j.cleanJobs() && j.prevHash().equals(found.hash())));
        assertThat(registry.get("job.templates")
                        .tag("reason", "new-block")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("job.templates")
                        .tag("reason", "mempool-refresh")
                        .counter()
                        .count())
                .isPositive();
    }

    /**
     * Each job's coinbase anchors the receipt head the source gives when the job is built (none while it gives none);
     * a block mined on an anchored job is valid (the simulated chain checks the witness commitment as Core does: the
     * last matching output); a new head asked for on the manager's thread gives a new, not clean, job.
     */
    @Test
    void everyCoinbaseAnchorsTheHeadAtJobTimeAndANewHeadGivesANewJob() {
        SimulatedChain chain = chain();
        AtomicReference<Optional<ReceiptAnchor>> head = new AtomicReference<>(Optional.empty());
        JobManager m = new JobManager(
                chain,
                CoinbaseBuilder.of("/SovereignPool/", TREASURY, 4, 4),
                new JobIds(7, 1_795_540_000L),
                16,
                registry,
                head::get);
        closing.add(m);
        Job unanchored = m.refresh(JobManager.Reason.STARTUP).orElseThrow();
        assertThat(outputs(unanchored)).hasSize(2);
        assertThat(m.issued(unanchored.id()).orElseThrow().anchor()).isEmpty();

        ReceiptAnchor anchor = new ReceiptAnchor(3, "c0ffee".repeat(10) + "0000");
        head.set(Optional.of(anchor));
        Job anchored = m.refresh(JobManager.Reason.MEMPOOL_REFRESH).orElseThrow();
        BlockTemplate template = m.templateFor(anchored.id()).orElseThrow();
        List<org.bitcoinj.core.TransactionOutput> outs = outputs(anchored);
        assertThat(outs).hasSize(3);
        assertThat(outs.get(0).getScriptBytes()).isEqualTo(TREASURY);
        assertThat(outs.get(0).getValue().value).isEqualTo(template.coinbaseValue());
        assertThat(outs.get(1).getValue().value).isZero();
        assertThat(outs.get(1).getScriptBytes()).isEqualTo(anchor.script());
        assertThat(outs.get(2).getScriptBytes()).isEqualTo(template.witnessCommitmentOrNull());
        assertThat(m.issued(anchored.id()).orElseThrow().anchor()).contains(anchor);
        FoundBlock found = TestMiner.mine(anchored, template, new byte[4], 11);
        assertThat(chain.submit(BlockAssembler.assemble(
                                found.header(), found.coinbase(), true, template.transactionData()))
                        .reply())
                .isNull();

        List<Job> heard = new CopyOnWriteArrayList<>();
        m.addListener(heard::add);
        m.requestRefresh(JobManager.Reason.ANCHOR); // not started: ignored
        m.start(Duration.ofHours(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
        int before = heard.size();
        ReceiptAnchor next = new ReceiptAnchor(4, "d".repeat(64));
        head.set(Optional.of(next));
        m.requestRefresh(JobManager.Reason.ANCHOR);
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() > before);
        Job reanchored = heard.getLast();
        assertThat(reanchored.cleanJobs()).isFalse();
        assertThat(outputs(reanchored).get(1).getScriptBytes()).isEqualTo(next.script());
        assertThat(registry.get("job.templates")
                        .tag("reason", "anchor")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    private static List<org.bitcoinj.core.TransactionOutput> outputs(Job job) {
        byte[] coinbase = TestMiner.coinbase(job, new byte[4], 0, 4);
        return org.bitcoinj.core.Transaction.read(java.nio.ByteBuffer.wrap(coinbase))
                .getOutputs();
    }

    /** From the demo configuration: the coinbase pays the treasury's scriptPubKey and carries the pool tag. */
    @Test
    void fromConfigPaysTheTreasuryWithThePoolTag() throws Exception {
        org.sovereignpool.config.PoolConfig config = org.sovereignpool.config.DemoConfig.load();
        SimulatedChain chain =
                SimulatedChain.create(SimulatedChain.Settings.forBlockInterval(1e9, Duration.ofSeconds(10), 1), AT_112);
        closing.add(chain);
        JobManager m = JobManager.fromConfig(config, chain, 4, AT_112, registry);
        closing.add(m);
        Job job = m.refresh(JobManager.Reason.STARTUP).orElseThrow();
        byte[] coinbase =
                TestMiner.coinbase(job, new byte[4], 0, config.stratum().extranonce2Size());
        org.bitcoinj.core.Transaction tx = org.bitcoinj.core.Transaction.read(java.nio.ByteBuffer.wrap(coinbase));
        assertThat(tx.getOutput(0).getScriptBytes()).isEqualTo(config.treasury().scriptPubKey());
        assertThat(tx.getOutput(0).getValue().value)
                .isEqualTo(m.templateFor(job.id()).orElseThrow().coinbaseValue());
        assertThat(new String(tx.getInput(0).getScriptBytes(), java.nio.charset.StandardCharsets.US_ASCII))
                .contains(config.pool().tag());
        assertThat(job.id() >>> 56).isEqualTo(config.pool().nodeId());
        // 1 GH/s and a block every 10 s: difficulty 10e9 / 2^32
        assertThat(job.bits().difficulty().value())
                .isCloseTo(1e10 / 0x1p32, org.assertj.core.api.Assertions.withinPercentage(0.01));
    }

    private record BlockTemplateHolder(BlockTemplate template) {}

    static Stream<Long> seeds() {
        return new Random(77).longs(20).boxed();
    }

    /** Ids are unique within a run, across restarts (later startup second) and across the nodes of a cluster. */
    @ParameterizedTest
    @MethodSource("seeds")
    void jobIdsAreUniqueAcrossNodesAndRestarts(long seed) {
        Random random = new Random(seed);
        long startup = 1_700_000_000L + random.nextInt(100_000_000);
        Set<Long> seen = new HashSet<>();
        for (JobIds ids : List.of(new JobIds(1, startup), new JobIds(2, startup), new JobIds(1, startup + 1))) {
            IntStream.range(0, 1000)
                    .forEach(i -> assertThat(seen.add(ids.next())).isTrue());
        }
        for (int node : new int[] {0, 127, 128, 255}) {
            long id = new JobIds(node, startup).next();
            // a job id is a non-negative long: Stratum handlers treat a negative parse as "not a job id"
            assertThat(id).isNotNegative();
            assertThat(JobIds.nodeIdOf(id)).isEqualTo(node);
            assertThat(Job.parseId(String.format("%016x", id))).isEqualTo(id);
        }
        assertThatThrownBy(() -> new JobIds(256, startup)).hasMessageContaining("nodeId");
    }
}
