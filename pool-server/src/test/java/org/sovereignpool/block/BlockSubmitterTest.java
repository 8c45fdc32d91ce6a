package org.sovereignpool.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.NodeAuth;
import org.sovereignpool.config.NodeConfig;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.job.JobIds;
import org.sovereignpool.job.JobManager;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.node.BitcoindTemplateSource;
import org.sovereignpool.node.HeaderInfo;
import org.sovereignpool.node.NodeException;
import org.sovereignpool.node.SubmitResult;
import org.sovereignpool.node.TemplateSource;
import org.sovereignpool.share.job.BlockAssembler;
import org.sovereignpool.share.job.CoinbaseBuilder;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.testing.node.FakeBitcoind;
import org.sovereignpool.testing.node.NodeFixtures;
import org.sovereignpool.testing.node.TestMiner;

class BlockSubmitterTest {
    static final byte[] TREASURY = NodeFixtures.treasuryScript();
    static final Clock AT_112 = NodeFixtures.AT_BLOCK_112;
    static final BlockSubmitter.RetryPolicy FAST = new BlockSubmitter.RetryPolicy(4, Duration.ofMillis(10));

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<BlockResult> results = new CopyOnWriteArrayList<>();

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

    private JobManager jobs(TemplateSource source) {
        JobManager m = new JobManager(
                source,
                CoinbaseBuilder.of("/SovereignPool/", TREASURY, 4, 4),
                new JobIds(1, 1_795_540_000L),
                8,
                registry);
        closing.add(m);
        return m;
    }

    private BlockSubmitter submitter(JobManager jobs, TemplateSource source) {
        BlockSubmitter s = new BlockSubmitter(jobs, source, dir.resolve("blocks"), FAST, registry);
        s.addListener(results::add);
        closing.add(s);
        return s;
    }

    private double submitted(String result) {
        var c = registry.find("block.submitted").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    private BlockResult awaitResult() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !results.isEmpty());
        return results.get(0);
    }

    @Test
    void aBlockSolvingShareBecomesABlockTheChainAccepts() {
        SimulatedChain chain = chain();
        JobManager jobs = jobs(chain);
        BlockSubmitter submitter = submitter(jobs, chain);
        Job job = jobs.refresh(JobManager.Reason.STARTUP).orElseThrow();
        FoundBlock found = TestMiner.mine(job, jobs.templateFor(job.id()).orElseThrow(), new byte[] {1, 2, 3, 4}, 5);

        submitter.blockFound(found);

        BlockResult r = awaitResult();
        assertThat(r.accepted()).isTrue();
        assertThat(r.outcome()).isEqualTo("accepted");
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.height()).isEqualTo(112);
        assertThat(r.found()).isSameAs(found);
        assertThat(r.found().worker()).isEqualTo(TestMiner.WORKER);
        assertThat(r.onBestChain()).contains(true);
        assertThat(r.savedHex()).isEmpty();
        assertThat(chain.bestBlockHash()).isEqualTo(found.hash());
        assertThat(chain.acceptedBlocks().get(0).transactions()).isEqualTo(8);
        assertThat(submitted("accepted")).isEqualTo(1);
    }

    /**
     * A solution that arrives after the chain moved on by two blocks: the node stores it on a side branch and
     * answers "inconclusive" (recorded: reorg2-14); preferring it cannot help (less work), so getblockheader shows it
     * off the best chain: stale. Kept for inspection; the ledger keeps it (the tracker follows it), not as rejected.
     */
    @Test
    void aSolutionTheChainOutranAnswersInconclusiveAndIsStale() {
        SimulatedChain chain = chain();
        JobManager jobs = jobs(chain);
        BlockSubmitter submitter = submitter(jobs, chain);
        Job job = jobs.refresh(JobManager.Reason.STARTUP).orElseThrow();
        FoundBlock found = TestMiner.mine(job, jobs.templateFor(job.id()).orElseThrow(), new byte[] {1, 2, 3, 4}, 6);
        chain.generate(2, NodeFixtures.treasuryScript());

        submitter.blockFound(found);

        BlockResult r = awaitResult();
        assertThat(r.results())
                .singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(SubmitResult.Status.INCONCLUSIVE));
        assertThat(r.accepted()).as("the node has it").isTrue();
        assertThat(r.onBestChain()).contains(false);
        assertThat(r.outcome()).isEqualTo("stale");
        assertThat(r.countsAsFound()).isTrue();
        assertThat(r.savedHex()).isPresent();
        assertThat(chain.blockHeader(found.hash()).orElseThrow().confirmations())
                .isEqualTo(-1);
        assertThat(submitted("stale")).isEqualTo(1);
    }

    /** Fails the first {@code failures} submissions as if no node answered, then delegates. */
    private static final class Flaky implements TemplateSource {
        final TemplateSource delegate;
        final AtomicInteger failures;

        Flaky(TemplateSource delegate, int failures) {
            this.delegate = delegate;
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public BlockTemplate template() throws NodeException {
            return delegate.template();
        }

        @Override
        public Hash256 bestBlockHash() throws NodeException {
            return delegate.bestBlockHash();
        }

        @Override
        public Optional<HeaderInfo> blockHeader(Hash256 hash) throws NodeException {
            return delegate.blockHeader(hash);
        }

        @Override
        public List<SubmitResult> submitBlock(byte[] block) {
            if (failures.getAndDecrement() > 0) {
                return List.of(SubmitResult.unreachable("node0", "timeout: no reply"));
            }
            return delegate.submitBlock(block);
        }

        @Override
        public void preferBlock(Hash256 hash) {
            delegate.preferBlock(hash);
        }

        @Override
        public void addBlockListener(Consumer<Hash256> listener) {
            delegate.addBlockListener(listener);
        }

        @Override
        public void start() {}

        @Override
        public void close() {}
    }

    @Test
    void aBlockNoNodeAnsweredIsKeptAndRetriedWhileItCanWin() throws Exception {
        SimulatedChain chain = chain();
        Flaky flaky = new Flaky(chain, 2);
        JobManager jobs = jobs(flaky);
        BlockSubmitter submitter = submitter(jobs, flaky);
        Job job = jobs.refresh(JobManager.Reason.STARTUP).orElseThrow();
        BlockTemplate template = jobs.templateFor(job.id()).orElseThrow();
        FoundBlock found = TestMiner.mine(job, template, new byte[4], 6);

        submitter.blockFound(found);

        BlockResult r = awaitResult();
        assertThat(r.accepted()).isTrue();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(chain.bestBlockHash()).isEqualTo(found.hash());
        Path kept = dir.resolve("blocks").resolve("block-112-" + found.hash() + ".hex");
        assertThat(Files.readString(kept).strip())
                .isEqualTo(Hex.encode(
                        BlockAssembler.assemble(found.header(), found.coinbase(), true, template.transactionData())));
    }

    @Test
    void aRejectedBlockIsKeptForInspectionAndNotRetried() throws Exception {
        SimulatedChain chain = chain();
        JobManager jobs = jobs(chain);
        BlockSubmitter submitter = submitter(jobs, chain);
        Job job = jobs.refresh(JobManager.Reason.STARTUP).orElseThrow();
        FoundBlock good = TestMiner.mine(job, jobs.templateFor(job.id()).orElseThrow(), new byte[4], 7);
        byte[] coinbase = good.coinbase();
        coinbase[coinbase.length - 60] ^= 1; // not the coinbase the header commits to
        FoundBlock broken = new FoundBlock(job, good.header(), coinbase, good.hash(), good.worker(), 0L);

        submitter.blockFound(broken);

        BlockResult r = awaitResult();
        assertThat(r.accepted()).isFalse();
        assertThat(r.outcome()).isEqualTo("rejected");
        assertThat(r.results()).extracting(SubmitResult::reason).containsExactly("bad-txnmrklroot");
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.savedHex()).isPresent();
        assertThat(Files.readString(r.savedHex().get())).startsWith(Hex.encode(good.header()));
        assertThat(chain.height()).isEqualTo(111);
        assertThat(submitted("rejected")).isEqualTo(1);
    }

    @Test
    void aShareOnAnUnknownJobKeepsHeaderAndCoinbase() throws Exception {
        SimulatedChain chain = chain();
        JobManager jobs = jobs(chain);
        Job job = jobs.refresh(JobManager.Reason.STARTUP).orElseThrow();
        FoundBlock found = TestMiner.mine(job, jobs.templateFor(job.id()).orElseThrow(), new byte[4], 8);
        JobManager other = jobs(chain); // a manager that never issued this job
        BlockSubmitter lost = new BlockSubmitter(other, chain, dir.resolve("lost"), FAST, registry);
        closing.add(lost);
        lost.addListener(results::add);

        lost.blockFound(found);

        BlockResult r = awaitResult();
        assertThat(r.outcome()).isEqualTo("no-template");
        assertThat(Files.readString(r.savedHex().orElseThrow()))
                .isEqualTo(Hex.encode(found.header()) + "\n" + Hex.encode(found.coinbase()) + "\n");
        assertThat(chain.height()).isEqualTo(111);
    }

    /**
     * End to end against two nodes replaying Core: the recorded share's header and coinbase on a job of the recorded
     * template become block 112, which both nodes receive and accept, and getblockheader confirms.
     */
    @Test
    void theRecordedShareIsSubmittedToEveryNodeAndConfirmed() {
        FakeBitcoind a = new FakeBitcoind("pool", "secret");
        FakeBitcoind b = new FakeBitcoind("pool", "secret");
        closing.add(a);
        closing.add(b);
        BitcoindTemplateSource source = BitcoindTemplateSource.fromConfig(
                List.of(
                        new NodeConfig(a.url(), new NodeAuth.Password("pool", "secret"), Optional.empty()),
                        new NodeConfig(b.url(), new NodeAuth.Password("pool", "secret"), Optional.empty())),
                Network.REGTEST,
                BitcoindTemplateSource.Options.DEFAULT,
                registry);
        closing.add(source);
        JobManager jobs = jobs(source);
        BlockSubmitter submitter = submitter(jobs, source);
        Job job = jobs.refresh(JobManager.Reason.STARTUP).orElseThrow();
        byte[] block112 = NodeFixtures.block112();
        byte[] header = java.util.Arrays.copyOf(block112, 80);
        String notify1 =
                "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff33017000042ec5056b047b98f2170c";
        String notify2 =
                "0a636b706f6f6c112f726566737461636b2d636b706f6f6c2fffffffff02006f062a010000001600145718787757d6de1735a1b4e47126f98fdaf3941e0000000000000000266a24aa21a9edff5cc59a6930d75406b6a90f8c5b4e946d324fe40d0557bea4806e8f47460b4700000000";
        byte[] coinbase = Hex.decode(notify1 + "e4c4056b" + "0000000000000000" + notify2);
        FoundBlock found = new FoundBlock(job, header, coinbase, NodeFixtures.BLOCK_112, TestMiner.WORKER, 1L);

        submitter.blockFound(found);

        BlockResult r = awaitResult();
        assertThat(r.accepted()).isTrue();
        assertThat(r.results())
                .extracting(SubmitResult::status)
                .containsExactly(SubmitResult.Status.ACCEPTED, SubmitResult.Status.ACCEPTED);
        assertThat(a.count("submitblock")).isEqualTo(1);
        assertThat(b.count("submitblock")).isEqualTo(1);
        assertThat(a.requests().stream()
                        .filter(q -> q.method().equals("submitblock"))
                        .findFirst()
                        .orElseThrow()
                        .params()
                        .get(0)
                        .asText())
                .isEqualTo(Hex.encode(block112));
        assertThat(r.onBestChain()).contains(true);
        assertThat(a.count("getblockheader") + b.count("getblockheader")).isEqualTo(1);
    }
}
