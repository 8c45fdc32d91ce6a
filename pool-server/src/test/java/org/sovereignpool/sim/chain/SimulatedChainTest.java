package org.sovereignpool.sim.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bitcoinj.base.internal.ByteUtils;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.job.JobIds;
import org.sovereignpool.job.JobManager;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.node.SubmitResult;
import org.sovereignpool.share.job.BlockAssembler;
import org.sovereignpool.share.job.CoinbaseBuilder;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.job.MerkleBranch;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.testing.node.NodeFixtures;
import org.sovereignpool.testing.node.TestMiner;

class SimulatedChainTest {
    /** The treasury of the regtest examples: P2WPKH. */
    static final byte[] TREASURY = NodeFixtures.treasuryScript();

    static final Clock AT_BLOCK_112 = NodeFixtures.AT_BLOCK_112;
    static final byte[] EN1 = Hex.decode("01000001");

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private SimulatedChain recordedChain() {
        SimulatedChain chain = SimulatedChain.fromTemplate(
                NodeFixtures.template112(), SimulatedChain.Settings.regtest(Difficulty.of(1e-9), 7), AT_BLOCK_112);
        closing.add(chain);
        return chain;
    }

    private JobManager jobs(SimulatedChain chain) {
        JobManager m = new JobManager(
                chain,
                CoinbaseBuilder.of("/SovereignPool/", TREASURY, 4, 4),
                new JobIds(1, 1_795_540_000L),
                8,
                new SimpleMeterRegistry());
        closing.add(m);
        return m;
    }

    /** The pool's own block on a template: its FoundBlock and the assembled bytes. */
    private record PoolBlock(FoundBlock found, BlockTemplate template, byte[] bytes) {}

    private PoolBlock poolBlock(JobManager jobs) {
        Job job = jobs.refresh(JobManager.Reason.MANUAL).orElseThrow();
        BlockTemplate template = jobs.templateFor(job.id()).orElseThrow();
        FoundBlock found = TestMiner.mine(job, template, EN1, 42);
        byte[] bytes = BlockAssembler.assemble(found.header(), found.coinbase(), true, template.transactionData());
        return new PoolBlock(found, template, bytes);
    }

    // ------------------------------------------------------------ templates

    @Test
    void templatesAreShapedExactlyLikeBitcoinCores() {
        JsonNode recorded = NodeFixtures.json("gbt-with-txs.json");
        SimulatedChain chain =
                SimulatedChain.create(SimulatedChain.Settings.regtest(Difficulty.of(0.001), 3), AT_BLOCK_112);
        closing.add(chain);
        JsonNode ours = chain.templateJson();
        assertThat(names(ours)).containsExactlyElementsOf(names(recorded));
        for (String field : names(recorded)) {
            assertThat(ours.get(field).getNodeType())
                    .as(field)
                    .isEqualTo(recorded.get(field).getNodeType());
        }
        assertThat(ours.get("transactions")).isNotEmpty();
        for (JsonNode tx : ours.get("transactions")) {
            assertThat(names(tx))
                    .containsExactlyElementsOf(
                            names(recorded.get("transactions").get(0)));
        }
        for (String hex : List.of("previousblockhash", "target")) {
            assertThat(ours.get(hex).asText()).matches("[0-9a-f]{64}");
        }
        assertThat(ours.get("bits").asText()).matches("[0-9a-f]{8}");
        assertThat(ours.get("target").asText())
                .isEqualTo(CompactBits.fromHex(ours.get("bits").asText())
                        .toTarget()
                        .toHex());
        assertThat(ours.get("longpollid").asText())
                .startsWith(ours.get("previousblockhash").asText());
        assertThat(ours.get("default_witness_commitment").asText())
                .startsWith("6a24aa21a9ed")
                .hasSize(76);
        assertThat(ours.get("rules")).isEqualTo(recorded.get("rules"));
        assertThat(ours.get("mutable")).isEqualTo(recorded.get("mutable"));
        assertThat(ours.get("height").asInt()).isEqualTo(1);
        assertThat(ours.get("coinbasevalue").asLong())
                .isEqualTo(5_000_000_000L
                        + IntStream.range(0, ours.get("transactions").size())
                                .mapToLong(i -> ours.get("transactions")
                                        .get(i)
                                        .get("fee")
                                        .asLong())
                                .sum());
    }

    /** The witness commitment of the recorded template's transactions is exactly the one Core computed. */
    @Test
    void witnessCommitmentMatchesCoresForTheRecordedTransactions() {
        JsonNode ours = recordedChain().templateJson();
        JsonNode recorded = NodeFixtures.json("gbt-with-txs.json");
        assertThat(ours.get("default_witness_commitment")).isEqualTo(recorded.get("default_witness_commitment"));
        assertThat(ours.get("coinbasevalue")).isEqualTo(recorded.get("coinbasevalue"));
        assertThat(ours.get("mintime").asLong())
                .isEqualTo(recorded.get("mintime").asLong());
        assertThat(ours.get("previousblockhash")).isEqualTo(recorded.get("previousblockhash"));
        assertThat(ours.get("height")).isEqualTo(recorded.get("height"));
        assertThat(ours.get("bits")).isEqualTo(recorded.get("bits"));
        for (int i = 0; i < recorded.get("transactions").size(); i++) {
            JsonNode a = ours.get("transactions").get(i);
            JsonNode b = recorded.get("transactions").get(i);
            assertThat(a.get("txid")).isEqualTo(b.get("txid"));
            assertThat(a.get("hash")).isEqualTo(b.get("hash"));
            assertThat(a.get("weight")).as("weight of tx %d", i).isEqualTo(b.get("weight"));
        }
    }

    /** Synthetic transactions decode with bitcoinj to the txid and wtxid the template states. */
    @Test
    void syntheticTransactionsHaveTheirRealTxidAndWtxid() {
        SimulatedChain chain =
                SimulatedChain.create(SimulatedChain.Settings.regtest(Difficulty.of(1), 99), AT_BLOCK_112);
        closing.add(chain);
        chain.addTransactions(40);
        JsonNode t = chain.templateJson();
        int withWitness = 0;
        for (JsonNode tx : t.get("transactions")) {
            Transaction oracle =
                    Transaction.read(ByteBuffer.wrap(Hex.decode(tx.get("data").asText())));
            assertThat(oracle.getTxId().toString()).isEqualTo(tx.get("txid").asText());
            assertThat(oracle.getWTxId().toString()).isEqualTo(tx.get("hash").asText());
            withWitness += oracle.hasWitnesses() ? 1 : 0;
        }
        assertThat(withWitness).isPositive().isLessThan(t.get("transactions").size());
    }

    // ------------------------------------------------------------ difficulty

    @Test
    void difficultyGivesTheBlockIntervalAtTheSimulatedHashrate() {
        // 1 TH/s, a block a minute: 1e12 * 60 / 2^32
        assertThat(SimulatedChain.difficultyFor(1e12, Duration.ofMinutes(1)).value())
                .isCloseTo(13969.838619232178, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(SimulatedChain.bitsFor(Difficulty.ONE).toHex()).isEqualTo("1d00ffff");
        assertThat(SimulatedChain.bitsFor(Difficulty.of(1e-12)).toHex()).isEqualTo("207fffff"); // regtest's limit
        CompactBits bits = SimulatedChain.bitsFor(Difficulty.of(13969.84));
        assertThat(bits.difficulty().value())
                .isCloseTo(13969.84, org.assertj.core.api.Assertions.withinPercentage(0.01));
    }

    static Stream<Double> seededDifficulties() {
        Random random = new Random(4242);
        return IntStream.range(0, 100).mapToObj(i -> Math.pow(10, random.nextDouble(-9, 15)));
    }

    /** Compact encoding agrees with bitcoinj's (Bitcoin Core's GetCompact). */
    @ParameterizedTest
    @MethodSource("seededDifficulties")
    void compactEncodingAgreesWithBitcoinj(double difficulty) {
        CompactBits bits = SimulatedChain.bitsFor(Difficulty.of(difficulty));
        java.math.BigInteger target = bits.toTarget().toBigInteger();
        assertThat(SimulatedChain.compact(target)).isEqualTo((int) ByteUtils.encodeCompactBits(target));
        assertThat(bits.difficulty().value())
                .isCloseTo(
                        Math.max(difficulty, 4.656542373906925e-10),
                        org.assertj.core.api.Assertions.withinPercentage(0.01));
    }

    // ------------------------------------------------------------ blocks

    @Test
    void thePoolsOwnBlockOnTheRecordedTemplateIsAcceptedAndTheChainAdvances() {
        SimulatedChain chain = recordedChain();
        List<Hash256> notified = new CopyOnWriteArrayList<>();
        chain.addBlockListener(notified::add);
        PoolBlock block = poolBlock(jobs(chain));
        assertThat(block.template().transactions()).hasSize(7);

        SubmitResult r = chain.submit(block.bytes());

        assertThat(r.status()).as(r.reason()).isEqualTo(SubmitResult.Status.ACCEPTED);
        assertThat(r.reply()).isNull();
        assertThat(chain.bestBlockHash()).isEqualTo(block.found().hash());
        assertThat(chain.height()).isEqualTo(112);
        SimulatedChain.AcceptedBlock accepted = chain.acceptedBlocks().get(0);
        assertThat(accepted.coinbasePaid()).isEqualTo(5_000_032_000L);
        assertThat(accepted.transactions()).isEqualTo(8);
        assertThat(new String(accepted.coinbaseScriptSig(), java.nio.charset.StandardCharsets.US_ASCII))
                .contains("/SovereignPool/");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> notified.contains(block.found().hash()));
        // the mempool lost the mined transactions; the next template builds on the new block
        BlockTemplate next = chain.template();
        assertThat(next.previousBlockHash()).isEqualTo(block.found().hash());
        assertThat(next.height()).isEqualTo(113);
        assertThat(next.txids()).doesNotContainAnyElementsOf(block.template().txids());
        assertThat(chain.blockHeader(block.found().hash()).orElseThrow().confirmations())
                .isEqualTo(1);
    }

    @Test
    void theRecordedBlock112IsAcceptedAsCoreAcceptedIt() {
        SimulatedChain chain = recordedChain();
        assertThat(chain.submit(NodeFixtures.block112()).reply()).isNull();
        assertThat(chain.bestBlockHash()).isEqualTo(NodeFixtures.BLOCK_112);
    }

    /** Offset of the witness commitment hash (after 6a24aa21a9ed) in block 112. */
    private static int commitmentOffset(byte[] block) {
        String hex = Hex.encode(block);
        return hex.indexOf("6a24aa21a9ed") / 2 + 6;
    }

    private static byte[] withHeader(byte[] block, UnaryOperator<byte[]> change) {
        byte[] header = change.apply(Arrays.copyOf(block, 80));
        TestMiner.remine(header, new CompactBits(0x207fffff).toTarget());
        byte[] out = block.clone();
        System.arraycopy(header, 0, out, 0, 80);
        return out;
    }

    private static byte[] setInt(byte[] header, int off, int value) {
        header[off] = (byte) value;
        header[off + 1] = (byte) (value >>> 8);
        header[off + 2] = (byte) (value >>> 16);
        header[off + 3] = (byte) (value >>> 24);
        return header;
    }

    /** The broken variants of submitblock-replies.txt, made from block 112 as the recording made them. */
    static Map<String, UnaryOperator<byte[]>> recordedVariants() {
        return Map.of(
                "bad-merkle-root",
                        b -> withHeader(b, h -> {
                            h[36] ^= 1;
                            return h;
                        }),
                "unknown-prev",
                        b -> withHeader(b, h -> {
                            h[4] ^= 1;
                            return h;
                        }),
                "time-too-new", b -> withHeader(b, h -> setInt(h, 68, (int) (NodeFixtures.BLOCK_112_TIME + 7201))),
                "bad-version", b -> withHeader(b, h -> setInt(h, 0, 1)),
                "bad-witness-commitment",
                        b -> {
                            byte[] out = withHeader(b, h -> h);
                            out[commitmentOffset(out)] ^= 1;
                            return out;
                        },
                "truncated-hex", b -> Arrays.copyOf(b, b.length / 2));
    }

    static Stream<String> recordedCases() {
        return NodeFixtures.submitblockReplies().keySet().stream();
    }

    /** Every case of submitblock-replies.txt gets Core's exact answer. */
    @ParameterizedTest
    @MethodSource("recordedCases")
    void eachRecordedCaseGetsCoresExactAnswer(String kase) {
        SimulatedChain chain = recordedChain();
        String expected = NodeFixtures.submitblockReplies().get(kase);
        SubmitResult result;
        if (kase.equals("resubmit-accepted-block")) {
            assertThat(chain.submit(NodeFixtures.block112()).reply()).isNull();
            result = chain.submit(NodeFixtures.block112());
        } else {
            assertThat(recordedVariants())
                    .as("a variant for every recorded case")
                    .containsKey(kase);
            result = chain.submit(recordedVariants().get(kase).apply(NodeFixtures.block112()));
        }
        assertThat(result.reason()).isEqualTo(expected);
        if (!kase.equals("resubmit-accepted-block")) {
            assertThat(chain.height())
                    .as("a rejected block leaves the chain where it was")
                    .isEqualTo(111);
        }
    }

    /** The same breakages applied to the pool's own block, plus the rest of Core's checks. */
    @Test
    void brokenVariantsOfThePoolsOwnBlockGetCoresRejectStrings() {
        SimulatedChain chain = recordedChain();
        PoolBlock good = poolBlock(jobs(chain));
        byte[] block = good.bytes();
        Map<String, String> replies = NodeFixtures.submitblockReplies();
        for (Map.Entry<String, UnaryOperator<byte[]>> v : recordedVariants().entrySet()) {
            assertThat(chain.submit(v.getValue().apply(block)).reason())
                    .as(v.getKey())
                    .isEqualTo(replies.get(v.getKey()));
        }
        byte[] coinbase = good.found().coinbase();
        CompactBits bits = new CompactBits(0x207fffff);

        // a wrong witness commitment with a merkle root that matches it: BIP 141's own check
        byte[] badCommitment = coinbase.clone();
        int at = Hex.encode(badCommitment).indexOf("6a24aa21a9ed") / 2 + 6;
        badCommitment[at] ^= 1;
        assertThat(chain.submit(rebuild(good, badCommitment, h -> h)).reason()).isEqualTo("bad-witness-merkle-match");

        // the coinbase paying one satoshi more than subsidy plus fees
        byte[] greedy = coinbase.clone();
        int valueAt = Hex.encode(greedy).indexOf(Hex.encode(longLe(5_000_032_000L))) / 2;
        System.arraycopy(longLe(5_000_032_001L), 0, greedy, valueAt, 8);
        assertThat(chain.submit(rebuild(good, greedy, h -> h)).reason()).isEqualTo("bad-cb-amount");

        // BIP 34: height 113 in the scriptSig of block 112
        byte[] wrongHeight = coinbase.clone();
        // version 4 | input count 1 | prevout 36 | scriptSig length 1 | height push "01 70"
        assertThat(Hex.encode(wrongHeight, 42, 2)).isEqualTo("0170");
        wrongHeight[43] = 0x71;
        assertThat(chain.submit(rebuild(good, wrongHeight, h -> h)).reason()).isEqualTo("bad-cb-height");

        // proof of work, difficulty bits, time not after the median time past
        byte[] weak = Arrays.copyOf(block, 80);
        TestMiner.unmine(weak, bits.toTarget());
        byte[] highHash = block.clone();
        System.arraycopy(weak, 0, highHash, 0, 80);
        assertThat(chain.submit(highHash).reason()).isEqualTo("high-hash");
        assertThat(chain.submit(withHeader(block, h -> setInt(h, 72, 0x207ffffe)))
                        .reason())
                .isEqualTo("bad-diffbits");
        assertThat(chain.submit(withHeader(block, h -> setInt(h, 68, 1795540191)))
                        .reason())
                .isEqualTo("time-too-old");

        // a transaction the node does not have
        List<byte[]> txs = new ArrayList<>(good.template().transactionData());
        txs.set(6, TestMiner.sha256d(txs.get(6))); // 32 bytes: not even a transaction
        assertThat(chain.submit(BlockAssembler.assemble(good.found().header(), coinbase, true, txs))
                        .reason())
                .isEqualTo("error code: -22 error message: Block decode failed");
        assertThat(chain.height()).isEqualTo(111);

        // and the good one still goes in; then again is a duplicate
        assertThat(chain.submit(block).reply()).isNull();
        assertThat(chain.submit(block).reply()).isEqualTo("duplicate");
        assertThat(chain.height()).isEqualTo(112);
    }

    @Test
    void aBlockWithATransactionTheMempoolDoesNotHaveIsMissingInputs() {
        SimulatedChain chain = recordedChain();
        SimulatedChain other = SimulatedChain.create(SimulatedChain.Settings.regtest(Difficulty.ONE, 5), AT_BLOCK_112);
        closing.add(other);
        PoolBlock good = poolBlock(jobs(chain));
        BlockTemplate.Transaction foreign = other.template().transactions().get(0);
        List<byte[]> txs = new ArrayList<>(good.template().transactionData());
        txs.add(foreign.data());
        List<Hash256> txids = new ArrayList<>(good.template().txids());
        txids.add(foreign.txid());
        List<Hash256> wtxids = new ArrayList<>(good.template().transactions().stream()
                .map(BlockTemplate.Transaction::wtxid)
                .toList());
        wtxids.add(foreign.wtxid());
        // a coinbase whose witness commitment covers the foreign transaction too, so that only its inputs are wrong
        CoinbaseBuilder.Parts parts = CoinbaseBuilder.of("/SovereignPool/", TREASURY, 4, 4)
                .build(112, 5_000_032_000L, SimulatedChain.witnessCommitmentScript(wtxids));
        byte[] coinbase = concat(parts.coinbase1(), EN1, new byte[4], parts.coinbase2());
        List<Hash256> all = new ArrayList<>();
        all.add(Hash256.fromInternalBytes(TestMiner.sha256d(coinbase)));
        all.addAll(txids);
        byte[] header = good.found().header();
        MerkleBranch.rootOf(all).copyInternalTo(header, 36);
        TestMiner.remine(header, new CompactBits(0x207fffff).toTarget());

        assertThat(chain.submit(BlockAssembler.assemble(header, coinbase, true, txs))
                        .reason())
                .isEqualTo("bad-txns-inputs-missingorspent");
        assertThat(chain.height()).isEqualTo(111);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    /**
     * Core v29.99 no longer answers the RPC error "Block does not start with a coinbase" (older versions did): a block
     * whose coinbase was taken out fails the merkle root first (recorded: submitblock-15-no-coinbase.json).
     */
    @Test
    void aBlockWithoutItsCoinbaseFailsTheMerkleRootAsCoreV29Does() {
        SimulatedChain chain = recordedChain();
        byte[] b112 = NodeFixtures.block112();
        // header | 1 tx | a non-coinbase transaction (the template's first)
        byte[] tx = NodeFixtures.template112().transactions().get(0).data();
        byte[] block = new byte[81 + tx.length];
        System.arraycopy(b112, 0, block, 0, 80);
        block[80] = 1;
        System.arraycopy(tx, 0, block, 81, tx.length);
        assertThat(chain.submit(block).reason()).isEqualTo("bad-txnmrklroot");
    }

    @Test
    void aFreshChainMinesBlockAfterBlockWithItsOwnMempool() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
        SimulatedChain chain = SimulatedChain.create(SimulatedChain.Settings.regtest(Difficulty.of(1e-9), 11), clock);
        closing.add(chain);
        JobManager jobs = jobs(chain);
        for (int height = 1; height <= 5; height++) {
            PoolBlock block = poolBlock(jobs);
            assertThat(block.found().job().height()).isEqualTo(height);
            SubmitResult r = chain.submit(block.bytes());
            assertThat(r.status()).as(r.reason()).isEqualTo(SubmitResult.Status.ACCEPTED);
            assertThat(chain.height()).isEqualTo(height);
        }
        assertThat(chain.acceptedBlocks()).hasSize(5);
        assertThat(chain.acceptedBlocks().get(4).transactions()).isGreaterThan(1);
        assertThat(chain.blockHeader(chain.acceptedBlocks().get(0).hash())
                        .orElseThrow()
                        .confirmations())
                .isEqualTo(5);
    }

    @Test
    void aCompetingBlockAtTheSameHeightIsInconclusiveUntilPreferred() {
        SimulatedChain chain = recordedChain();
        JobManager jobs = jobs(chain);
        PoolBlock a = poolBlock(jobs);
        Job job = a.found().job();
        FoundBlock other = TestMiner.mine(job, a.template(), EN1, 43);
        byte[] b = BlockAssembler.assemble(
                other.header(), other.coinbase(), true, a.template().transactionData());
        assertThat(chain.submit(a.bytes()).reply()).isNull();
        assertThat(chain.submit(b).reply()).isEqualTo("inconclusive");
        assertThat(chain.bestBlockHash()).isEqualTo(a.found().hash());
        assertThat(chain.blockHeader(other.hash()).orElseThrow().onBestChain()).isFalse();
        chain.preferBlock(other.hash());
        assertThat(chain.bestBlockHash()).isEqualTo(other.hash());
    }

    private static byte[] rebuild(PoolBlock good, byte[] coinbase, UnaryOperator<byte[]> headerChange) {
        List<Hash256> txids = new ArrayList<>();
        txids.add(Hash256.fromInternalBytes(TestMiner.sha256d(coinbase)));
        txids.addAll(good.template().txids());
        byte[] header = good.found().header();
        MerkleBranch.rootOf(txids).copyInternalTo(header, 36);
        header = headerChange.apply(header);
        TestMiner.remine(header, new CompactBits(0x207fffff).toTarget());
        return BlockAssembler.assemble(header, coinbase, true, good.template().transactionData());
    }

    private static byte[] longLe(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private static List<String> names(JsonNode o) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
