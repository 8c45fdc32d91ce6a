package org.sovereignpool.ledger.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.accounting.Pplns;
import org.sovereignpool.ledger.FlakyStore;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.CreditStatus;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.ledger.store.ShareAggregate;
import org.sovereignpool.mining.WorkerName;

class BlockTrackerTest {
    static final String HASH = "0000000000000000000123456789abcdef0123456789abcdef0123456789abcd";

    @TempDir
    Path dir;

    private LedgerStore store;
    private final InMemoryChainView chain = new InMemoryChainView();
    private final AtomicLong written = new AtomicLong(4);
    private final AtomicLong now = new AtomicLong(10_000);

    @BeforeEach
    void open() throws SQLException {
        store = JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null);
        // shares 1..2 applied: alice 30, bob 10 (difficulty)
        store.applyShares(
                1,
                0,
                2,
                List.of(
                        new ShareAggregate(1, 1, 1, "alice", "r1", 0, 1, 30, 30, 1_000, 1_000, 900_000, 0),
                        new ShareAggregate(1, 2, 2, "bob", "r9", 0, 1, 10, 10, 2_000, 2_000, 900_000, 0)),
                0);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private BlockTracker tracker(LedgerStore s) throws IOException {
        return new BlockTracker(s, chain, new Pplns(1.0), 1, dir.resolve("found-blocks.jsonl"), written::get, now::get);
    }

    static FoundBlockInfo found() {
        return new FoundBlockInfo(
                900_001, HASH, new WorkerName("bob", "r9"), 5_000, 400_000_000, 1000, Map.of("node-a", "accepted"));
    }

    private void applyUpTo4() throws SQLException {
        store.applyShares(
                1, 2, 4, List.of(new ShareAggregate(1, 3, 4, "alice", "r1", 0, 2, 2, 1, 9_000, 9_500, 900_000, 0)), 0);
    }

    @Test
    void creditsWaitUntilTheJournalIsAppliedUpToTheBlock() throws Exception {
        BlockTracker t = tracker(store);
        assertThat(t.recordFoundBlock(found())).isTrue();
        BlockRecord b = store.block(HASH).orElseThrow();
        assertThat(b.creditAfterSeq()).isEqualTo(4);
        assertThat(b.status()).isEqualTo(BlockStatus.PENDING);
        assertThat(t.poll().credited()).isZero(); // applied is 2 < 4
        applyUpTo4();
        assertThat(t.poll().credited()).isEqualTo(1);
        // window: aggregates at or before t=5000: alice 30, bob 10 (the t=9500 one is after the block)
        assertThat(store.creditsOfBlock(HASH))
                .extracting(Credit::operatorId, Credit::amountSats, Credit::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice", 300_000_000L, CreditStatus.PENDING),
                        org.assertj.core.groups.Tuple.tuple("bob", 100_000_000L, CreditStatus.PENDING));
        assertThat(t.poll().credited()).isZero();
    }

    @Test
    void maturesAtExactly100Confirmations() throws Exception {
        BlockTracker t = tracker(store);
        t.recordFoundBlock(found());
        applyUpTo4();
        chain.extend(HASH);
        chain.mine(98);
        assertThat(t.poll().matured()).isZero();
        BlockRecord b = store.block(HASH).orElseThrow();
        assertThat(b.confirmations()).isEqualTo(99);
        assertThat(b.status()).isEqualTo(BlockStatus.PENDING);
        chain.mine(1);
        assertThat(t.poll().matured()).isEqualTo(1);
        assertThat(store.block(HASH).orElseThrow().status()).isEqualTo(BlockStatus.MATURE);
        assertThat(store.block(HASH).orElseThrow().confirmations()).isEqualTo(100);
        assertThat(store.creditsOfBlock(HASH)).extracting(Credit::status).containsOnly(CreditStatus.FINAL);
        assertThat(receiptStatuses()).containsExactly("FOUND", "MATURE");
        chain.reorg(100, List.of()); // as deep as maturity: out of scope, the block stays mature
        assertThat(t.poll().orphaned()).isZero();
    }

    @Test
    void anOrphanedBlockHasItsCreditsReversed() throws Exception {
        BlockTracker t = tracker(store);
        t.recordFoundBlock(found());
        applyUpTo4();
        chain.extend(HASH);
        chain.mine(5);
        t.poll();
        assertThat(store.block(HASH).orElseThrow().confirmations()).isEqualTo(6);
        chain.reorg(6, List.of("e".repeat(64)));
        assertThat(t.poll().orphaned()).isEqualTo(1);
        assertThat(store.block(HASH).orElseThrow().status()).isEqualTo(BlockStatus.ORPHANED);
        assertThat(store.creditsOfBlock(HASH))
                .extracting(Credit::status, Credit::amountSats)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CreditStatus.REVERSED, 300_000_000L),
                        org.assertj.core.groups.Tuple.tuple(CreditStatus.REVERSED, 100_000_000L));
        assertThat(receiptStatuses()).containsExactly("FOUND", "ORPHANED");
    }

    /**
     * A one-block race the pool's block first loses (the node reorganises to a competitor: orphaned, credits
     * reversed) and then wins (the node reorganises back: confirmations go 1, -1, 3 as recorded from Bitcoin Core in
     * reorg2-02/06/11): the block is pending again with its credits, then matures; every change is a receipt.
     */
    @Test
    void anOrphanedBlockThatReturnsToTheMainChainIsPendingAgainWithItsCredits() throws Exception {
        BlockTracker t = tracker(store);
        t.recordFoundBlock(found());
        applyUpTo4();
        chain.extend(HASH);
        t.poll();
        assertThat(store.block(HASH).orElseThrow().confirmations()).isEqualTo(1);
        chain.reorg(1, List.of("e1".repeat(32), "e2".repeat(32))); // a competitor at our height, extended
        t.poll();
        assertThat(store.block(HASH).orElseThrow().status()).isEqualTo(BlockStatus.ORPHANED);
        assertThat(store.creditsOfBlock(HASH)).extracting(Credit::status).containsOnly(CreditStatus.REVERSED);
        chain.reorg(2, List.of(HASH, "d2".repeat(32), "d3".repeat(32))); // ours is extended further: back
        t.poll();
        BlockRecord back = store.block(HASH).orElseThrow();
        assertThat(back.status())
                .as("a block back in the main chain with %d confirmations", 3)
                .isEqualTo(BlockStatus.PENDING);
        assertThat(back.confirmations()).isEqualTo(3);
        assertThat(store.creditsOfBlock(HASH))
                .extracting(Credit::status, Credit::amountSats)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CreditStatus.PENDING, 300_000_000L),
                        org.assertj.core.groups.Tuple.tuple(CreditStatus.PENDING, 100_000_000L));
        chain.mine(BlockTracker.MATURITY - 3);
        t.poll();
        assertThat(store.block(HASH).orElseThrow().status()).isEqualTo(BlockStatus.MATURE);
        assertThat(store.creditsOfBlock(HASH)).extracting(Credit::status).containsOnly(CreditStatus.FINAL);
        assertThat(receiptStatuses()).containsExactly("FOUND", "ORPHANED", "PENDING", "MATURE");
    }

    /**
     * Two of the pool's own blocks at one height: whichever the node has in its main chain is pending, the other
     * orphaned, and they swap each time the node switches; the ledger follows the node, not the order they came in.
     */
    @Test
    void twoOwnBlocksAtOneHeightFollowWhicheverTheNodeHasInItsMainChain() throws Exception {
        String second = "00000000000000000002" + "f".repeat(44);
        BlockTracker t = tracker(store);
        t.recordFoundBlock(found());
        t.recordFoundBlock(new FoundBlockInfo(
                900_001,
                second,
                new WorkerName("alice", "r1"),
                5_100,
                400_000_000,
                1000,
                Map.of("node-a", "inconclusive")));
        applyUpTo4();
        chain.extend(HASH);
        t.poll();
        chain.reorg(1, List.of(second)); // the node prefers our second block (preciousblock, or it got more work)
        t.poll();
        assertThat(store.block(HASH).orElseThrow().status()).isEqualTo(BlockStatus.ORPHANED);
        assertThat(store.block(second).orElseThrow().status()).isEqualTo(BlockStatus.PENDING);
        chain.reorg(1, List.of(HASH, "a1".repeat(32))); // and back to the first, which gets extended
        t.poll();
        assertThat(store.block(HASH).orElseThrow().status())
                .as("the first block, back in the main chain")
                .isEqualTo(BlockStatus.PENDING);
        assertThat(store.block(second).orElseThrow().status()).isEqualTo(BlockStatus.ORPHANED);
        assertThat(store.creditsOfBlock(second)).extracting(Credit::status).containsOnly(CreditStatus.REVERSED);
        assertThat(store.creditsOfBlock(HASH)).extracting(Credit::status).containsOnly(CreditStatus.PENDING);
    }

    @Test
    void anOrphanIsGivenUpOnlyOnceTheMainChainIsMaturityPastIt() throws Exception {
        InMemoryChainView heights = new InMemoryChainView(900_001);
        BlockTracker t = new BlockTracker(
                store, heights, new Pplns(1.0), 1, dir.resolve("found-blocks.jsonl"), written::get, now::get);
        t.recordFoundBlock(found()); // height 900,001
        applyUpTo4();
        heights.extend(HASH);
        t.poll();
        heights.reorg(1, List.of("e1".repeat(32)));
        assertThat(t.poll().orphaned()).isEqualTo(1);
        heights.mine(BlockTracker.MATURITY - 1); // tip 900,100: still within reach
        assertThat(heights.tipHeight()).hasValue(900_100);
        assertThat(store.openBlocks()).extracting(BlockRecord::hash).containsExactly(HASH);
        heights.mine(1); // tip 900,101 = height + 100: a reorganisation as deep as maturity is out of scope
        // (were such a deep reorganisation to bring it back, the ledger would not follow)
        List<String> deep = new ArrayList<>(List.of(HASH));
        for (int i = 0; i <= BlockTracker.MATURITY; i++) {
            deep.add(String.format("d%063x", i));
        }
        heights.reorg(BlockTracker.MATURITY + 1, deep);
        assertThat(t.poll()).isEqualTo(new BlockTracker.PollResult(0, 0, 0, 0, 0, 0));
    }

    @Test
    void anUnknownBlockOrAnUnreachableNodeChangesNothing() throws Exception {
        BlockTracker t = tracker(store);
        t.recordFoundBlock(found());
        assertThat(t.poll()).isEqualTo(new BlockTracker.PollResult(0, 0, 0, 0, 0, 0));
        BlockTracker down = new BlockTracker(
                store,
                h -> {
                    throw new IOException("node down");
                },
                (b, window) -> List.of(),
                1,
                dir.resolve("other.jsonl"),
                written::get,
                now::get);
        applyUpTo4();
        assertThat(down.poll().credited()).isEqualTo(1); // an empty window: credited with nothing
        assertThat(store.block(HASH).orElseThrow().status()).isEqualTo(BlockStatus.PENDING);
        assertThat(store.creditsOfBlock(HASH)).isEmpty();
    }

    @Test
    void aBlockFoundWhileTheDatabaseIsDownIsKeptAndRecordedLater() throws Exception {
        FlakyStore flaky = new FlakyStore(store);
        flaky.down = true;
        BlockTracker t = tracker(flaky.store);
        assertThat(t.recordFoundBlock(found())).isFalse();
        assertThatThrownBy(t::poll).isInstanceOf(SQLException.class);
        // the process restarts while the database is still down: the block is in the local file
        BlockTracker restarted = tracker(flaky.store);
        flaky.down = false;
        assertThat(restarted.poll().saved()).isEqualTo(1);
        assertThat(store.block(HASH)).isPresent();
        assertThat(restarted.poll().saved()).isZero();
        assertThat(tracker(store).poll().saved()).isEqualTo(1); // replays the file; recordBlock is idempotent
        assertThat(receiptStatuses()).containsExactly("FOUND");
    }

    @Test
    void aBlockTheNodeNeverLearnsOfIsOrphanedAfterAnHour() throws Exception {
        BlockTracker t = tracker(store);
        t.recordFoundBlock(found()); // found at t = 5,000
        applyUpTo4();
        now.set(5_000 + BlockTracker.UNKNOWN_GIVE_UP_MILLIS);
        assertThat(t.poll().orphaned()).isZero();
        assertThat(store.block(HASH).orElseThrow().status()).isEqualTo(BlockStatus.PENDING);
        now.set(5_001 + BlockTracker.UNKNOWN_GIVE_UP_MILLIS);
        assertThat(t.poll().orphaned()).isEqualTo(1);
        assertThat(store.creditsOfBlock(HASH)).extracting(Credit::status).containsOnly(CreditStatus.REVERSED);
    }

    @Test
    void underPpsABlockIsRecordedAsPpsAndNeverCredited() throws Exception {
        BlockTracker t = new BlockTracker(
                store, chain, BlockCredits.PPS, 1, dir.resolve("found-blocks.jsonl"), written::get, now::get);
        t.recordFoundBlock(found());
        applyUpTo4();
        chain.extend(HASH);
        assertThat(t.poll().credited()).isZero();
        BlockRecord b = store.block(HASH).orElseThrow();
        assertThat(b.payoutScheme()).isEqualTo(BlockRecord.PPS);
        assertThat(b.credited()).isFalse();
        assertThat(store.creditsOfBlock(HASH)).isEmpty();
        chain.mine(BlockTracker.MATURITY - 1);
        assertThat(t.poll().matured()).isEqualTo(1);
        assertThat(store.openBlocks()).as("a mature PPS block is done").isEmpty();
        assertThat(receiptStatuses()).containsExactly("FOUND", "MATURE");
    }

    /** A found-block file that cannot be written (out of file descriptors, disk full) no longer costs the block. */
    @Test
    void aBlockIsSavedToTheDatabaseWhenTheLocalFileCannotBeWritten() throws Exception {
        BlockTracker t = new BlockTracker(
                store, chain, new Pplns(1.0), 1, dir.resolve("unwritable.jsonl"), written::get, now::get);
        java.nio.file.Files.createDirectories(dir.resolve("unwritable.jsonl")); // a directory: every append fails
        org.assertj.core.api.Assertions.assertThatCode(() -> t.recordFoundBlock(found()))
                .as("recording a found block while its local file cannot be written")
                .doesNotThrowAnyException();
        assertThat(store.block(HASH)).as("the block in the ledger database").isPresent();
        assertThat(receiptStatuses()).containsExactly("FOUND");
    }

    @Test
    void candidatesLeftWithoutAResultAreResolvedAgainstTheNodeAtStart() throws Exception {
        String unknown = "00000000000000000003" + "c".repeat(44);
        String gone = "00000000000000000004" + "d".repeat(44);
        FoundBlockLog file = new FoundBlockLog(dir.resolve("found-blocks.jsonl"));
        for (String h : List.of(HASH, unknown, gone)) {
            file.appendCandidate(new FoundBlockLog.Candidate(
                    new FoundBlockInfo(900_001, h, new WorkerName("bob", "r9"), 5_000, 400_000_000, 1000, Map.of()),
                    4,
                    "00".repeat(80),
                    "01",
                    "0000000000000001"));
        }
        chain.extend(gone);
        chain.reorg(1, List.of(HASH)); // HASH on chain, gone stale, unknown never reached the node
        AtomicLong asked = new AtomicLong();
        ChainView flaky = h -> {
            if (asked.incrementAndGet() == 1) {
                throw new IOException("node restarting");
            }
            return chain.status(h);
        };
        BlockTracker t = new BlockTracker(
                store, flaky, new Pplns(1.0), 1, dir.resolve("found-blocks.jsonl"), written::get, now::get);
        assertThat(t.poll().saved())
                .as("the node could not be asked about the first")
                .isEqualTo(2);
        assertThat(t.poll().saved()).isEqualTo(1);
        assertThat(store.block(HASH).orElseThrow().submitResults().values())
                .singleElement()
                .asString()
                .contains("in the main chain");
        assertThat(store.block(gone).orElseThrow().submitResults().values())
                .singleElement()
                .asString()
                .contains("not in the main chain");
        assertThat(store.block(unknown).orElseThrow().submitResults().values())
                .singleElement()
                .asString()
                .contains("unknown");
        // recorded once: a restart finds their results in the file and the blocks in the ledger
        BlockTracker again = tracker(store);
        assertThat(again.poll().saved()).isEqualTo(3); // the result lines replayed: recordBlock is idempotent
        assertThat(receiptStatuses()).filteredOn("FOUND"::equals).hasSize(3);
    }

    @Test
    void aCandidateWhoseLocalFileFailsIsWrittenAheadToTheDatabaseAndCompletedByItsResult() throws Exception {
        BlockTracker t = new BlockTracker(
                store, chain, new Pplns(1.0), 1, dir.resolve("unwritable.jsonl"), written::get, now::get);
        java.nio.file.Files.createDirectories(dir.resolve("unwritable.jsonl"));
        FoundBlockInfo f = found();
        t.recordCandidate(new FoundBlockLog.Candidate(
                new FoundBlockInfo(
                        f.height(),
                        f.hash(),
                        f.finder(),
                        f.timeMillis(),
                        f.rewardSats(),
                        f.networkDifficulty(),
                        Map.of()),
                4,
                "00".repeat(80),
                "01",
                "0000000000000001"));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> store.block(HASH).isPresent());
        assertThat(store.block(HASH).orElseThrow().submitResults()).containsKey(BlockTracker.SUBMITTING);
        t.recordFoundBlock(f);
        assertThat(store.block(HASH).orElseThrow().submitResults()).isEqualTo(f.submitResults());
        assertThat(receiptStatuses()).containsExactly("FOUND");
    }

    @Test
    void aNodeThatDoesNotLeadSavesItsBlocksButNeitherCreditsNorFollowsTheChain() throws Exception {
        BlockTracker t = tracker(store);
        t.leadOnlyWhen(() -> false);
        t.recordFoundBlock(found());
        applyUpTo4();
        chain.extend(HASH);
        assertThat(t.poll()).isEqualTo(new BlockTracker.PollResult(0, 0, 0, 0, 0, 0));
        assertThat(store.block(HASH).orElseThrow().credited()).isFalse();
        assertThat(store.block(HASH).orElseThrow().confirmations()).isZero();
        t.leadOnlyWhen(() -> true);
        assertThat(t.poll().credited()).isEqualTo(1);
    }

    @Test
    void chainStatusIsValidated() {
        assertThatThrownBy(() -> ChainView.ChainStatus.inMainChain(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(chain.status("a".repeat(64))).isEqualTo(ChainView.ChainStatus.unknown());
    }

    private List<String> receiptStatuses() throws SQLException {
        List<String> out = new ArrayList<>();
        store.forEachReceipt(r -> out.add(r.status()));
        return out;
    }
}
