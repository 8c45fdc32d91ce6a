package org.sovereignpool.ledger.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sovereignpool.accounting.Pplns;
import org.sovereignpool.accounting.Pps;
import org.sovereignpool.accounting.Subsidy;
import org.sovereignpool.ledger.receipts.ReceiptChain;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;

/** The one contract every {@link LedgerStore} keeps; subclasses run it on H2 and on PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LedgerStoreContract {
    static final String HASH_A = "00000000000000000001aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String HASH_B = "00000000000000000002bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private LedgerStore store;

    /** A store on an empty, migrated database, created once per class. */
    abstract LedgerStore createStore() throws Exception;

    /** Empties every table (and resets the receipt head) between tests. */
    abstract void wipe() throws Exception;

    LedgerStore store() throws Exception {
        if (store == null) {
            store = createStore();
        }
        return store;
    }

    @BeforeEach
    void clean() throws Exception {
        store();
        wipe();
    }

    @AfterAll
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
        dropAll();
    }

    /** Drops what {@link #createStore} created (schema, files). */
    void dropAll() throws Exception {}

    static ShareAggregate agg(
            int node, long first, long last, String op, String worker, long count, double diff, long t) {
        return new ShareAggregate(
                node, first, last, op, worker, t - t % 10_000, count, diff, diff, t, t + 5, 900_000, 0);
    }

    static BlockRecord block(String hash, String op, long t) {
        return new BlockRecord(
                hash,
                900_000,
                op,
                "rig1",
                t,
                312_500_000,
                1000.0,
                1,
                10,
                Map.of("node-a", "accepted", "node-b", "duplicate"),
                BlockStatus.PENDING,
                0,
                false,
                t);
    }

    static TreasuryReceipt.Draft found(BlockRecord b) {
        return new TreasuryReceipt.Draft(b.height(), b.hash(), b.rewardSats(), b.foundMillis(), "FOUND");
    }

    @Test
    void appliedSequenceStartsAtZeroAndAdvancesWithTheBatch() throws Exception {
        assertThat(store().appliedSequence(1)).isZero();
        var rows = List.of(agg(1, 1, 5, "alpha", "r1", 3, 3.0, 1_000), agg(1, 2, 4, "beta", "r1", 2, 8.0, 1_000));
        assertThat(store().applyShares(1, 0, 5, rows, 42)).isEqualTo(ApplyResult.APPLIED);
        assertThat(store().appliedSequence(1)).isEqualTo(5);
        assertThat(store().appliedSequence(2)).isZero();
        assertThat(store().shareCount(1)).isEqualTo(5);
        assertThat(store().applyShares(1, 5, 6, List.of(agg(1, 6, 6, "alpha", "r1", 1, 1.0, 2_000)), 43))
                .isEqualTo(ApplyResult.APPLIED);
        assertThat(store().shareCount(1)).isEqualTo(6);
    }

    @Test
    void replayingABatchNeverDoubleCounts() throws Exception {
        var rows = List.of(agg(1, 1, 4, "alpha", "r1", 4, 4.0, 1_000));
        store().applyShares(1, 0, 4, rows, 1);
        assertThat(store().applyShares(1, 0, 4, rows, 2)).isEqualTo(ApplyResult.ALREADY_APPLIED);
        assertThat(store().applyShares(1, 0, 2, List.of(agg(1, 1, 2, "alpha", "r1", 2, 2.0, 1_000)), 2))
                .isEqualTo(ApplyResult.ALREADY_APPLIED);
        assertThat(store().shareCount(1)).isEqualTo(4);
        assertThat(store().appliedSequence(1)).isEqualTo(4);
    }

    @Test
    void aBatchThatDoesNotStartAtTheAppliedSequenceIsRefused() throws Exception {
        store().applyShares(1, 0, 4, List.of(agg(1, 1, 4, "alpha", "r1", 4, 4.0, 1_000)), 1);
        assertThatThrownBy(() -> store().applyShares(1, 6, 8, List.of(agg(1, 7, 8, "alpha", "r1", 2, 2.0, 1)), 2))
                .isInstanceOfSatisfying(
                        StaleCursorException.class,
                        e -> assertThat(e.appliedSeq()).isEqualTo(4));
        assertThatThrownBy(() -> store().applyShares(1, 2, 8, List.of(agg(1, 3, 8, "alpha", "r1", 2, 2.0, 1)), 2))
                .isInstanceOf(StaleCursorException.class);
        assertThat(store().shareCount(1)).isEqualTo(4);
    }

    @Test
    void rowsOutsideTheBatchAreRefusedAndNothingIsWritten() throws Exception {
        var rows = List.of(agg(1, 1, 2, "alpha", "r1", 2, 2.0, 1), agg(1, 3, 9, "alpha", "r2", 2, 2.0, 1));
        assertThatThrownBy(() -> store().applyShares(1, 0, 5, rows, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store().appliedSequence(1)).isZero();
        assertThat(store().shareCount(1)).isZero();
    }

    @Test
    void theWindowIsReadNewestFirstAcrossNodesWithAKeysetCursor() throws Exception {
        store().applyShares(
                        1,
                        0,
                        3,
                        List.of(
                                agg(1, 1, 1, "a", "w", 1, 1, 1_000),
                                agg(1, 2, 2, "b", "w", 1, 2, 2_000),
                                agg(1, 3, 3, "c", "w", 1, 3, 3_000)),
                        1);
        store().applyShares(
                        2, 0, 2, List.of(agg(2, 1, 1, "d", "w", 1, 4, 2_000), agg(2, 2, 2, "e", "w", 1, 5, 9_000)), 1);
        List<String> order = new ArrayList<>();
        ShareAggregate cursor = null;
        while (true) {
            List<ShareAggregate> page = store().sharesNewestFirst(3_005, cursor, 2);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(a -> order.add(a.operatorId()));
            cursor = page.getLast();
        }
        // e (9_005) is after the block; d and b share last_millis 2_005: node 2 before node 1
        assertThat(order).containsExactly("c", "d", "b", "a");
    }

    /** More rows than one page of the audit's reads (10,000): every row once, in key order, stoppable. */
    @Test
    void theAuditReadsEveryShareRowAndAppliedSequenceInKeyOrder() throws Exception {
        int many = 10_050;
        List<ShareAggregate> rows = new ArrayList<>(many);
        for (int i = 1; i <= many; i++) {
            rows.add(agg(2, i, i, "op", "w" + (i % 7), 1, 1.0, 1_000L + i));
        }
        store().applyShares(2, 0, many, rows, 1);
        store().applyShares(1, 0, 3, List.of(agg(1, 1, 2, "a", "w", 2, 2, 5), agg(1, 3, 3, "b", "w", 1, 1, 5)), 1);
        assertThat(store().appliedSequences()).containsExactly(Map.entry(1, 3L), Map.entry(2, (long) many));

        List<ShareAggregate> seen = new ArrayList<>();
        store().forEachShareAggregate(seen::add);
        assertThat(seen).hasSize(many + 2);
        assertThat(seen.subList(0, 3))
                .extracting(a -> a.nodeId() + ":" + a.firstSeq())
                .containsExactly("1:1", "1:3", "2:1");
        assertThat(seen.subList(2, seen.size())).isEqualTo(rows);
        List<ShareAggregate> some = new ArrayList<>();
        store().forEachShareAggregate(a -> some.add(a) && some.size() < 5);
        assertThat(some).hasSize(5);
    }

    /** Every block whatever its status, by height; every credit (beyond one page) in key order. */
    @Test
    void theAuditReadsEveryBlockAndCredit() throws Exception {
        BlockRecord high = block(HASH_A, "alpha", 5_000);
        BlockRecord low = new BlockRecord(
                HASH_B, 899_999, "beta", "rig1", 4_000, 1_000, 1.0, 1, 0, Map.of(), BlockStatus.PENDING, 0, false, 0);
        store().recordBlock(high, found(high));
        store().recordBlock(low, found(low));
        store().transitionBlock(HASH_B, BlockStatus.ORPHANED, 0, 6_000);
        assertThat(store().allBlocks()).extracting(BlockRecord::hash).containsExactly(HASH_B, HASH_A);
        assertThat(store().allBlocks().getFirst().status()).isEqualTo(BlockStatus.ORPHANED);

        int many = 10_050;
        List<Credit> credits = new ArrayList<>(many);
        for (int i = 0; i < many; i++) {
            credits.add(new Credit(
                    "block:" + HASH_A,
                    HASH_A,
                    "op" + (i % 3),
                    String.format("w%05d", i),
                    "PPLNS",
                    1.0,
                    1,
                    CreditStatus.PENDING,
                    5_000));
        }
        store().creditBlock(HASH_A, credits, 7_000);
        store().creditBlock(
                        HASH_B,
                        List.of(new Credit(
                                "block:" + HASH_B, HASH_B, "a", "w", "PPLNS", 4.0, 9, CreditStatus.PENDING, 1)),
                        7_000);
        List<Credit> seen = new ArrayList<>();
        store().forEachCredit(seen::add);
        assertThat(seen).hasSize(many + 1);
        assertThat(seen.getLast().source()).isEqualTo("block:" + HASH_B);
        assertThat(seen.getLast().status()).isEqualTo(CreditStatus.REVERSED);
        assertThat(seen.subList(0, many))
                .extracting(c -> c.operatorId() + "/" + c.worker())
                .isSorted()
                .doesNotHaveDuplicates();
        List<Credit> some = new ArrayList<>();
        store().forEachCredit(c -> some.add(c) && some.size() < 3);
        assertThat(some).hasSize(3);
    }

    @Test
    void sharesBySequenceAndWorkerTotals() throws Exception {
        store().applyShares(
                        1,
                        0,
                        6,
                        List.of(
                                agg(1, 1, 3, "alpha", "r1", 2, 2.0, 1_000),
                                agg(1, 2, 2, "alpha", "r2", 1, 5.0, 1_000),
                                agg(1, 4, 6, "alpha", "r1", 3, 3.0, 11_000)),
                        1);
        assertThat(store().sharesBySequence(1, 1, 4))
                .extracting(ShareAggregate::firstSeq)
                .containsExactly(2L, 4L);
        assertThat(store().workerTotals("alpha", 0, 20_000))
                .containsExactly(
                        new LedgerStore.WorkerTotals("r1", 5, 5.0, 1_000, 11_005),
                        new LedgerStore.WorkerTotals("r2", 1, 5.0, 1_000, 1_005));
        assertThat(store().workerTotals("alpha", 5_000, 20_000))
                .singleElement()
                .extracting(LedgerStore.WorkerTotals::shares)
                .isEqualTo(3L);
        assertThat(store().workerTotals("nobody", 0, 20_000)).isEmpty();
    }

    @Test
    void aFoundBlockIsRecordedOnceWithItsReceipt() throws Exception {
        BlockRecord b = block(HASH_A, "alpha", 5_000);
        assertThat(store().recordBlock(b, found(b))).isTrue();
        assertThat(store().recordBlock(b, found(b))).isFalse();
        assertThat(store().block(HASH_A)).contains(b);
        assertThat(store().block(HASH_B)).isEmpty();
        assertThat(store().openBlocks()).containsExactly(b);
        assertThat(store().blocksFoundBy("alpha", 0, 10_000)).containsExactly(b);
        assertThat(store().blocksFoundBy("alpha", 6_000, 10_000)).isEmpty();
        List<TreasuryReceipt> receipts = receipts();
        assertThat(receipts).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(1);
            assertThat(r.status()).isEqualTo("FOUND");
            assertThat(r.amountSats()).isEqualTo(312_500_000);
            assertThat(r.prevHash()).isEqualTo(ReceiptChain.GENESIS_HASH);
        });
        assertThat(store().receiptHead())
                .isEqualTo(new LedgerStore.ReceiptHead(1, receipts.getFirst().entryHash()));
    }

    @Test
    void creditsArePendingThenFinalAtMaturity() throws Exception {
        BlockRecord b = block(HASH_A, "alpha", 5_000);
        store().recordBlock(b, found(b));
        List<Credit> credits = List.of(credit(HASH_A, "alpha", 200_000_000), credit(HASH_A, "beta", 112_500_000));
        assertThat(store().creditBlock(HASH_A, credits, 6_000)).isTrue();
        assertThat(store().creditBlock(HASH_A, credits, 6_000)).isFalse();
        assertThat(store().creditsOfBlock(HASH_A)).extracting(Credit::status).containsOnly(CreditStatus.PENDING);
        store().updateConfirmations(HASH_A, 50, 7_000);
        assertThat(store().block(HASH_A).orElseThrow().confirmations()).isEqualTo(50);
        assertThat(store().transitionBlock(HASH_A, BlockStatus.MATURE, 100, 8_000))
                .isTrue();
        assertThat(store().transitionBlock(HASH_A, BlockStatus.ORPHANED, 0, 9_000))
                .isFalse();
        assertThat(store().block(HASH_A).orElseThrow().status()).isEqualTo(BlockStatus.MATURE);
        assertThat(store().creditsOfBlock(HASH_A)).extracting(Credit::status).containsOnly(CreditStatus.FINAL);
        assertThat(store().creditsOf("alpha", 0, 10_000))
                .singleElement()
                .extracting(Credit::amountSats)
                .isEqualTo(200_000_000L);
        assertThat(store().openBlocks()).isEmpty();
        assertThat(receipts()).extracting(TreasuryReceipt::status).containsExactly("FOUND", "MATURE");
    }

    @Test
    void anOrphanReversesCreditsAndKeepsTheAmountsUntilItReturns() throws Exception {
        BlockRecord b = block(HASH_B, "beta", 5_000);
        store().recordBlock(b, found(b));
        store().creditBlock(HASH_B, List.of(credit(HASH_B, "alpha", 312_500_000)), 6_000);
        assertThat(store().transitionBlock(HASH_B, BlockStatus.ORPHANED, 0, 7_000))
                .isTrue();
        assertThat(store().transitionBlock(HASH_B, BlockStatus.ORPHANED, 0, 7_500))
                .isFalse();
        assertThat(store().creditsOfBlock(HASH_B)).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(CreditStatus.REVERSED);
            assertThat(c.amountSats()).isEqualTo(312_500_000);
        });
        assertThat(store().openBlocks())
                .as("an orphan may return")
                .extracting(BlockRecord::hash)
                .containsExactly(HASH_B);
        // back in the main chain
        assertThat(store().transitionBlock(HASH_B, BlockStatus.PENDING, 3, 8_000))
                .isTrue();
        assertThat(store().block(HASH_B).orElseThrow().confirmations()).isEqualTo(3);
        assertThat(store().creditsOfBlock(HASH_B)).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(CreditStatus.PENDING);
            assertThat(c.amountSats()).isEqualTo(312_500_000);
        });
        assertThat(receipts()).extracting(TreasuryReceipt::status).containsExactly("FOUND", "ORPHANED", "PENDING");
    }

    @Test
    void anOrphanReachingMaturityInTheMainChainIsFinalAndMatureIsFinal() throws Exception {
        BlockRecord b = block(HASH_B, "beta", 5_000);
        store().recordBlock(b, found(b));
        store().creditBlock(HASH_B, List.of(credit(HASH_B, "alpha", 312_500_000)), 6_000);
        store().transitionBlock(HASH_B, BlockStatus.ORPHANED, 0, 7_000);
        assertThat(store().transitionBlock(HASH_B, BlockStatus.MATURE, 100, 8_000))
                .isTrue();
        assertThat(store().creditsOfBlock(HASH_B)).extracting(Credit::status).containsOnly(CreditStatus.FINAL);
        assertThat(store().transitionBlock(HASH_B, BlockStatus.ORPHANED, 0, 9_000))
                .isFalse();
        assertThat(store().transitionBlock(HASH_B, BlockStatus.PENDING, 0, 9_000))
                .isFalse();
        assertThat(store().openBlocks()).isEmpty();
        assertThat(receipts()).extracting(TreasuryReceipt::status).containsExactly("FOUND", "ORPHANED", "MATURE");
        assertThat(store().transitionBlock(HASH_A, BlockStatus.ORPHANED, 0, 9_000))
                .as("an unknown block")
                .isFalse();
    }

    @Test
    void creditsOfABlockOrphanedBeforeItWasCreditedAreReversedAtOnce() throws Exception {
        BlockRecord b = block(HASH_A, "alpha", 5_000);
        store().recordBlock(b, found(b));
        store().transitionBlock(HASH_A, BlockStatus.ORPHANED, 0, 6_000);
        assertThat(store().openBlocks())
                .singleElement()
                .extracting(BlockRecord::credited)
                .isEqualTo(false);
        store().creditBlock(HASH_A, List.of(credit(HASH_A, "alpha", 312_500_000)), 7_000);
        assertThat(store().creditsOfBlock(HASH_A)).extracting(Credit::status).containsOnly(CreditStatus.REVERSED);
        assertThat(store().openBlocks())
                .singleElement()
                .extracting(BlockRecord::credited)
                .isEqualTo(true);
    }

    /** Mainnet block 413,567's nBits (block-413567-mainnet.raw): network difficulty 199,312,067,531.24. */
    static final int BITS_413567 = 0x18058436;

    static ShareAggregate ppsAgg(int node, long first, long last, String worker, double diff, int height, int bits) {
        return new ShareAggregate(
                node,
                first,
                last,
                "alpha",
                worker,
                0,
                last - first + 1,
                diff,
                diff,
                1_000,
                1_000 + last,
                height,
                0,
                bits);
    }

    @Test
    void ppsCreditsAppliedSharesInTheSameTransactionFromAnExactRunningSum() throws Exception {
        Pps pps = new Pps(Subsidy.HALVING_INTERVAL);
        // 500 shares of difficulty 65,536 at height 413,567 (25 BTC): 2.5e9 x 32,768,000 / 199,312,067,531.24
        // = 411,013.75 -> 411,013
        assertThat(store().applyShares(new ShareBatch(
                        1,
                        null,
                        0,
                        500,
                        List.of(ppsAgg(1, 1, 500, "r1", 65_536.0 * 500, 413_567, BITS_413567)),
                        10,
                        pps)))
                .isEqualTo(ApplyResult.APPLIED);
        assertThat(store().creditsOf("alpha", 0, Long.MAX_VALUE))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.source()).isEqualTo("pps:1:1-500");
                    assertThat(c.scheme()).isEqualTo("PPS");
                    assertThat(c.amountSats()).isEqualTo(411_013);
                    assertThat(c.status()).isEqualTo(CreditStatus.FINAL);
                    assertThat(c.blockHash()).isNull();
                });
        // 500 more: 1,000 shares are owed 822,027.497 -> 822,027 in all, so this batch gets 411,014 (the 0.75
        // carried), not another 411,013
        store().applyShares(new ShareBatch(
                1,
                null,
                500,
                1000,
                List.of(ppsAgg(1, 501, 1000, "r1", 65_536.0 * 500, 413_567, BITS_413567)),
                11,
                pps));
        assertThat(store().creditsOf("alpha", 0, Long.MAX_VALUE))
                .extracting(Credit::amountSats)
                .containsExactly(411_013L, 411_014L);
        // a replay writes nothing
        assertThat(store().applyShares(new ShareBatch(
                        1,
                        null,
                        500,
                        1000,
                        List.of(ppsAgg(1, 501, 1000, "r1", 65_536.0 * 500, 413_567, BITS_413567)),
                        12,
                        pps)))
                .isEqualTo(ApplyResult.ALREADY_APPLIED);
        assertThat(store().creditsOf("alpha", 0, Long.MAX_VALUE)).hasSize(2);
        // past the halving at 420,000 the same shares are worth half: 10 x 65,536 at 12.5 BTC -> 4,110
        store().applyShares(new ShareBatch(
                1,
                null,
                1000,
                1010,
                List.of(ppsAgg(1, 1001, 1010, "r1", 65_536.0 * 10, 420_000, BITS_413567)),
                13,
                pps));
        assertThat(store().creditsOf("alpha", 0, Long.MAX_VALUE).getLast().amountSats())
                .isEqualTo(4_110);
        assertThat(pps.entitlements(store().sharesBySequence(1, 0, 1010)))
                .containsExactly(Map.entry(new Pps.NodeWorker(1, "alpha", "r1"), 822_027L + 4_110L));
    }

    @Test
    void aShareWithoutItsNetworkTargetIsRefusedUnderPpsAndNothingIsWritten() throws Exception {
        Pps pps = new Pps(Subsidy.HALVING_INTERVAL);
        var rows = List.of(ppsAgg(1, 1, 2, "r1", 10.0, 413_567, BITS_413567), ppsAgg(1, 3, 3, "r2", 10.0, 413_567, 0));
        assertThatThrownBy(() -> store().applyShares(new ShareBatch(1, null, 0, 3, rows, 1, pps)))
                .isInstanceOf(UnvaluedShareException.class)
                .hasMessageContaining("alpha.r2");
        assertThat(store().appliedSequence(1)).isZero();
        assertThat(store().shareCount(1)).isZero();
        assertThat(store().creditsOf("alpha", 0, Long.MAX_VALUE)).isEmpty();
        // under PPLNS the same shares are fine: blocks credit them
        assertThat(store().applyShares(1, 0, 3, rows, 1)).isEqualTo(ApplyResult.APPLIED);
        assertThat(store().creditsOf("alpha", 0, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void aBlockUnderPpsIsNeverCreditedNorWaitedFor() throws Exception {
        BlockRecord b = new BlockRecord(
                HASH_A,
                900_000,
                "alpha",
                "rig1",
                5_000,
                312_500_000,
                1000.0,
                1,
                10,
                Map.of(),
                BlockStatus.PENDING,
                0,
                false,
                5_000,
                BlockRecord.PPS);
        store().recordBlock(b, found(b));
        assertThat(store().block(HASH_A)).contains(b);
        assertThatThrownBy(() -> store().creditBlock(HASH_A, List.of(), 6_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PPS");
        assertThat(store().transitionBlock(HASH_A, BlockStatus.MATURE, 100, 7_000))
                .isTrue();
        assertThat(store().openBlocks()).isEmpty();
        assertThat(store().block(HASH_A).orElseThrow().credited()).isFalse();
        assertThatThrownBy(() -> b.with(BlockStatus.PENDING, 0, true, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNodeIdIsHeldByOneLiveInstanceAtATime() throws Exception {
        assertThat(store().claimLease(4, "inst-a", "host-a pid 1", 1_000, 30_000))
                .isInstanceOfSatisfying(LeaseClaim.Granted.class, g -> {
                    assertThat(g.previous()).isEmpty();
                    assertThat(g.lease())
                            .isEqualTo(new NodeLease(4, "inst-a", "host-a pid 1", 1_000, 1_000, 31_000, false));
                });
        assertThat(store().claimLease(4, "inst-b", "host-b pid 2", 20_000, 30_000))
                .isInstanceOfSatisfying(
                        LeaseClaim.Refused.class,
                        r -> assertThat(r.holder().instanceId()).isEqualTo("inst-a"));
        assertThat(store().renewLease(4, "inst-a", 25_000, 30_000)).isTrue();
        assertThat(store().leases()).singleElement().satisfies(l -> {
            assertThat(l.heartbeatMillis()).isEqualTo(25_000);
            assertThat(l.liveAt(54_999)).isTrue();
            assertThat(l.liveAt(55_000)).isFalse();
        });
        // a's lease runs out (its link is cut): b may take the id; a then finds out at its next heartbeat
        assertThat(store().claimLease(4, "inst-b", "host-b pid 2", 55_000, 30_000))
                .isInstanceOfSatisfying(
                        LeaseClaim.Granted.class,
                        g -> assertThat(g.previous().orElseThrow().instanceId()).isEqualTo("inst-a"));
        assertThat(store().renewLease(4, "inst-a", 56_000, 30_000)).isFalse();
        // b stops cleanly: the id is free at once
        store().releaseLease(4, "inst-b", 60_000);
        store().releaseLease(4, "inst-a", 60_000); // not a's to release: nothing happens
        assertThat(store().leases().getFirst().released()).isTrue();
        assertThat(store().claimLease(4, "inst-c", "host-c pid 3", 60_001, 30_000))
                .isInstanceOf(LeaseClaim.Granted.class);
        assertThat(store().nodeEvents(4, 0))
                .extracting(NodeEvent::kind, NodeEvent::instanceId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(NodeEvent.STARTED, "inst-a"),
                        org.assertj.core.groups.Tuple.tuple(NodeEvent.DUPLICATE_REFUSED, "inst-b"),
                        org.assertj.core.groups.Tuple.tuple(NodeEvent.STARTED, "inst-b"),
                        org.assertj.core.groups.Tuple.tuple(NodeEvent.LEASE_LOST, "inst-a"),
                        org.assertj.core.groups.Tuple.tuple(NodeEvent.RELEASED, "inst-b"),
                        org.assertj.core.groups.Tuple.tuple(NodeEvent.STARTED, "inst-c"));
        assertThat(store().nodeEvents(4, 56_000)).hasSize(3);
    }

    @Test
    void aLeaseThatRanOutWithNobodyTakingItIsRenewedAsAReturn() throws Exception {
        store().claimLease(2, "inst-a", "host-a", 1_000, 10_000);
        assertThat(store().renewLease(2, "inst-a", 50_000, 10_000)).isTrue();
        assertThat(store().leases().getFirst().liveAt(55_000)).isTrue();
        assertThat(store().nodeEvents(2, 0))
                .extracting(NodeEvent::kind)
                .containsExactly(NodeEvent.STARTED, NodeEvent.RETURNED);
        assertThat(store().renewLease(3, "inst-x", 50_000, 10_000))
                .as("a node id nobody claimed")
                .isFalse();
    }

    @Test
    void theLedgerRecordsWhichJournalItAppliedAndRefusesAnother() throws Exception {
        String j1 = "a".repeat(32);
        String j2 = "b".repeat(32);
        assertThat(store().journalProgress(6)).isEqualTo(JournalProgress.NONE);
        store().applyShares(new ShareBatch(
                6, j1, 0, 4, List.of(agg(6, 1, 4, "alpha", "r1", 4, 4.0, 1_000)), 1, ShareAccrual.NONE));
        assertThat(store().journalProgress(6)).isEqualTo(new JournalProgress(4, java.util.Optional.of(j1), 0));
        assertThatThrownBy(() -> store().applyShares(new ShareBatch(
                        6, j2, 4, 5, List.of(agg(6, 5, 5, "alpha", "r1", 1, 1.0, 2_000)), 2, ShareAccrual.NONE)))
                .isInstanceOf(JournalMismatchException.class)
                .hasMessageContaining(j1)
                .hasMessageContaining(j2)
                .hasMessageContaining("through sequence 4");
        assertThat(store().shareCount(6)).isEqualTo(4);
        // a new journal numbering after 4 is adopted explicitly (and only from where the ledger is)
        assertThat(store().adoptJournal(6, j2, 3, "inst", 3)).isFalse();
        assertThat(store().adoptJournal(6, j2, 4, "inst", 3)).isTrue();
        store().applyShares(new ShareBatch(
                6, j2, 4, 5, List.of(agg(6, 5, 5, "alpha", "r1", 1, 1.0, 2_000)), 4, ShareAccrual.NONE));
        assertThat(store().journalProgress(6)).isEqualTo(new JournalProgress(5, java.util.Optional.of(j2), 0));
        assertThat(store().nodeEvents(6, 0)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(NodeEvent.JOURNAL_REPLACED);
            assertThat(e.detail()).contains(j1).contains(j2);
        });
        // a journal of an older version (no id recorded) is adopted by its next batch
        store().applyShares(7, 0, 1, List.of(agg(7, 1, 1, "alpha", "r1", 1, 1.0, 1_000)), 1);
        assertThat(store().journalProgress(7).journalId()).isEmpty();
        store().applyShares(new ShareBatch(
                7, j1, 1, 2, List.of(agg(7, 2, 2, "alpha", "r1", 1, 1.0, 1_000)), 2, ShareAccrual.NONE));
        assertThat(store().journalProgress(7).journalId()).contains(j1);
    }

    static BlockRecord clusterBlock(String hash, long t) {
        return new BlockRecord(
                hash, 900_000, "alpha", "r1", t, 300_000_000, 12.0, 1, 1, Map.of(), BlockStatus.PENDING, 0, false, t);
    }

    private static ShareBatch batch(int node, long after, long through, ShareAggregate row, long watermark) {
        return new ShareBatch(node, null, after, through, List.of(row), 1, ShareAccrual.NONE, watermark);
    }

    @Test
    void aBlockIsCreditedOnlyOnceEveryLiveNodeHasAppliedPastItAndRecreditedWhenLateSharesCome() throws Exception {
        Pplns pplns = new Pplns(1.0);
        store().claimLease(1, "inst-1", "h1", 0, 60_000);
        store().claimLease(2, "inst-2", "h2", 0, 60_000);
        store().applyShares(batch(1, 0, 1, agg(1, 1, 1, "alpha", "r1", 1, 4.0, 1_000), 4_000));
        BlockRecord b = clusterBlock(HASH_A, 5_000);
        store().recordBlock(b, found(b));
        assertThat(store().creditBlockWhenReady(HASH_A, pplns, 10_000))
                .isEqualTo(new CreditOutcome(
                        CreditOutcome.Kind.WAITING,
                        "node 1 (instance inst-1, lease until 60000) has applied its shares only through 4000, the"
                                + " block is at 5000"));
        store().advanceWatermark(1, 6_000, 10_000);
        assertThat(store().creditBlockWhenReady(HASH_A, pplns, 10_000).detail()).startsWith("node 2 (instance inst-2");
        assertThat(store().creditsOfBlock(HASH_A)).isEmpty();
        // node 2 applies its shares before the block, and past it
        store().applyShares(batch(2, 0, 1, agg(2, 1, 1, "beta", "r1", 1, 4.0, 1_500), 6_000));
        assertThat(store().creditBlockWhenReady(HASH_A, pplns, 10_000))
                .isEqualTo(new CreditOutcome(
                        CreditOutcome.Kind.CREDITED, "node 1 applied past the block; node 2 applied past the block"));
        assertThat(store().creditBasis(HASH_A))
                .contains("node 1 applied past the block; node 2 applied past the block");
        assertThat(store().creditsOfBlock(HASH_A))
                .extracting(Credit::amountSats)
                .containsExactly(150_000_000L, 150_000_000L);
        assertThat(store().creditBlockWhenReady(HASH_A, pplns, 10_000).kind()).isEqualTo(CreditOutcome.Kind.NOT_NEEDED);
        assertThat(store().blocksDueForRecredit()).isEmpty();
        // a share of node 2 stamped before the block turns up late (beyond the watermark's slack): recomputed
        store().applyShares(batch(2, 1, 2, agg(2, 2, 2, "beta", "r1", 1, 4.0, 4_000), 0));
        assertThat(store().blocksDueForRecredit()).containsExactly(HASH_A);
        assertThat(store().openBlocks()).extracting(BlockRecord::hash).contains(HASH_A);
        CreditOutcome recredited = store().recreditBlock(HASH_A, pplns, 11_000);
        assertThat(recredited.kind()).isEqualTo(CreditOutcome.Kind.CREDITED);
        assertThat(recredited.detail()).contains("alpha.r1=150000000 sats").contains("beta.r1=200000000 sats");
        assertThat(store().creditsOfBlock(HASH_A))
                .extracting(Credit::operatorId, Credit::amountSats, Credit::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alpha", 100_000_000L, CreditStatus.PENDING),
                        org.assertj.core.groups.Tuple.tuple("beta", 200_000_000L, CreditStatus.PENDING));
        assertThat(store().creditHistory(HASH_A))
                .extracting(Credit::amountSats)
                .containsExactly(150_000_000L, 150_000_000L);
        assertThat(store().blocksDueForRecredit()).isEmpty();
        assertThat(store().recreditBlock(HASH_A, pplns, 12_000).kind()).isEqualTo(CreditOutcome.Kind.NOT_NEEDED);
        assertThat(receipts()).extracting(TreasuryReceipt::status).containsExactly("FOUND", "RECREDITED");
        // shares after the block do not touch it
        store().applyShares(batch(2, 2, 3, agg(2, 3, 3, "beta", "r1", 1, 4.0, 9_000), 0));
        assertThat(store().blocksDueForRecredit()).isEmpty();
        // an old share beyond the (full) window of 12: recomputed, unchanged, no receipt
        store().applyShares(batch(1, 1, 2, agg(1, 2, 2, "gamma", "r1", 1, 0.5, 100), 0));
        assertThat(store().blocksDueForRecredit()).containsExactly(HASH_A);
        assertThat(store().recreditBlock(HASH_A, pplns, 13_000))
                .isEqualTo(new CreditOutcome(CreditOutcome.Kind.NOT_NEEDED, "recomputed: unchanged"));
    }

    @Test
    void aNodeWhoseLeaseRanOutIsDeclaredDownOnceAndAReleasedOneDoesNotHoldBlocksUp() throws Exception {
        Pplns pplns = new Pplns(1.0);
        store().claimLease(1, "inst-1", "h1", 0, 1_000_000);
        store().claimLease(2, "inst-2", "h2", 0, 20_000);
        store().claimLease(3, "inst-3", "h3", 0, 1_000_000);
        store().releaseLease(3, "inst-3", 100);
        store().applyShares(batch(1, 0, 1, agg(1, 1, 1, "alpha", "r1", 1, 4.0, 1_000), 50_000));
        BlockRecord a = clusterBlock(HASH_A, 5_000);
        BlockRecord b = clusterBlock(HASH_B, 6_000);
        store().recordBlock(a, found(a));
        store().recordBlock(b, found(b));
        assertThat(store().creditBlockWhenReady(HASH_A, pplns, 15_000).kind()).isEqualTo(CreditOutcome.Kind.WAITING);
        assertThat(store().creditBlockWhenReady(HASH_A, pplns, 25_000))
                .isEqualTo(new CreditOutcome(
                        CreditOutcome.Kind.CREDITED,
                        "node 1 applied past the block; node 2 declared down (lease of instance inst-2 on h2 ran out"
                                + " at 20000; applied through 0); node 3 stopped cleanly with everything applied"));
        assertThat(store().creditBlockWhenReady(HASH_B, pplns, 26_000).kind()).isEqualTo(CreditOutcome.Kind.CREDITED);
        assertThat(store().nodeEvents(2, 0))
                .filteredOn(e -> e.kind().equals(NodeEvent.DECLARED_DOWN))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).contains(HASH_A));
        // node 2 comes back and applies shares from before both blocks: both are recomputed
        store().applyShares(batch(2, 0, 1, agg(2, 1, 1, "beta", "r1", 1, 4.0, 2_000), 30_000));
        assertThat(store().blocksDueForRecredit()).containsExactly(HASH_A, HASH_B);
    }

    @Test
    void theReceiptChainOfManyChangesVerifies() throws Exception {
        for (int i = 0; i < 30; i++) {
            String hash = String.format("%064x", i + 1);
            BlockRecord b = block(hash, "alpha", 1_000L * i);
            store().recordBlock(b, found(b));
            if (i % 3 == 0) {
                store().transitionBlock(hash, i % 2 == 0 ? BlockStatus.MATURE : BlockStatus.ORPHANED, 100, 1_000L * i);
            }
        }
        ReceiptChain.Verifier v = new ReceiptChain.Verifier();
        store().forEachReceipt(v::accept);
        LedgerStore.ReceiptHead head = store().receiptHead();
        assertThat(v.finish(head.lastId(), head.lastHash())).isEqualTo(ReceiptChain.Verdict.ok(40));
    }

    static Credit credit(String hash, String op, long sats) {
        return new Credit("block:" + hash, hash, op, "rig1", "PPLNS", 1.0, sats, CreditStatus.PENDING, 5_000);
    }

    List<TreasuryReceipt> receipts() throws SQLException, Exception {
        List<TreasuryReceipt> out = new ArrayList<>();
        store().forEachReceipt(out::add);
        return out;
    }
}
