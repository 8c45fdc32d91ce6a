package org.sovereignpool.treasury;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sovereignpool.ledger.blocks.FoundBlockInfo;
import org.sovereignpool.ledger.blocks.FoundBlockLog;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.mining.WorkerName;

/**
 * The treasury index of a node: its range, where it resumes (ledger, cursor and local found-block file, including a
 * block every node rejected), that a found block moves it on and the ledger's cursor follows, on H2 and PostgreSQL.
 */
class TreasuryIndexesTest {
    enum Db {
        H2,
        POSTGRES
    }

    @TempDir
    Path dir;

    private String schema;
    private JdbcLedgerStore store;

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        if (schema != null) {
            LedgerTestDatabases.dropSchema(schema);
        }
    }

    private JdbcLedgerStore open(Db db) throws Exception {
        if (db == Db.H2) {
            store = JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null);
        } else {
            schema = LedgerTestDatabases.freshSchema("treasuryidx");
            try (Connection c =
                            DriverManager.getConnection(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            store = JdbcLedgerStore.open(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "", schema);
        }
        return store;
    }

    @Test
    void eachNodeOwnsTwoToThe23IndexesAndTheRangesTileTheUnhardenedChildren() {
        assertThat(TreasuryIndexes.first(0)).isZero();
        assertThat(TreasuryIndexes.last(0)).isEqualTo(8_388_607L);
        assertThat(TreasuryIndexes.first(1)).isEqualTo(8_388_608L);
        assertThat(TreasuryIndexes.last(255)).isEqualTo(0x7fffffffL); // BIP 32's last unhardened child
        assertThatThrownBy(() -> TreasuryIndexes.first(256)).hasMessageContaining("pool.nodeId must be 0..255");
    }

    static Stream<Long> seeds() {
        return Stream.of(1L, 2L, 3L, 14L, 2026L);
    }

    /** Two different node ids never share an index, and every index has exactly one owner. */
    @ParameterizedTest
    @MethodSource("seeds")
    void twoNodesNeverShareAnIndex(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 1_000; i++) {
            int a = r.nextInt(256);
            int b = r.nextInt(256);
            long index = TreasuryIndexes.first(a) + (long) (r.nextDouble() * TreasuryIndexes.RANGE_SIZE);
            boolean inA = index >= TreasuryIndexes.first(a) && index <= TreasuryIndexes.last(a);
            boolean inB = index >= TreasuryIndexes.first(b) && index <= TreasuryIndexes.last(b);
            assertThat(inA).isTrue();
            assertThat(inB)
                    .as("index %d of node %d in node %d's range", index, a, b)
                    .isEqualTo(a == b);
        }
    }

    @Test
    void resumesOnePastTheHighestUsedIndexNoLowerThanTheCursor() {
        OptionalLong none = OptionalLong.empty();
        assertThat(TreasuryIndexes.resumeAt(0, none, none, none)).isZero();
        assertThat(TreasuryIndexes.resumeAt(2, none, none, none)).isEqualTo(2 * 8_388_608L);
        // a cursor that no block used yet is paid again (nothing paid it on chain)
        assertThat(TreasuryIndexes.resumeAt(0, OptionalLong.of(5), none, none)).isEqualTo(5);
        // the ledger says 6 was used, the local file 7 (a block the database has not seen yet)
        assertThat(TreasuryIndexes.resumeAt(0, OptionalLong.of(5), OptionalLong.of(6), OptionalLong.of(7)))
                .isEqualTo(8);
        assertThat(TreasuryIndexes.resumeAt(0, OptionalLong.of(9), OptionalLong.of(6), none))
                .isEqualTo(9);
        // indexes of another node's range do not count
        assertThat(TreasuryIndexes.resumeAt(0, none, OptionalLong.of(8_388_608L), none))
                .isZero();
    }

    static FoundBlockInfo block(int height, char hashDigit, long index) {
        return new FoundBlockInfo(
                height,
                String.valueOf(hashDigit).repeat(64),
                new WorkerName("demo", "w1"),
                1_000L * height,
                5_000_000_000L,
                1e-4,
                Map.of(),
                index);
    }

    static BlockRecord record(FoundBlockInfo b, int nodeId) {
        return new BlockRecord(
                b.hash(),
                b.height(),
                "demo",
                "w1",
                b.timeMillis(),
                b.rewardSats(),
                1e-4,
                nodeId,
                0,
                Map.of(),
                BlockStatus.PENDING,
                0,
                false,
                b.timeMillis(),
                BlockRecord.PPLNS,
                b.treasuryIndex());
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aRestartContinuesAfterTheLedgersAndTheLocalFilesBlocksAndWritesTheCursorFirst(Db db) throws Exception {
        JdbcLedgerStore s = open(db);
        TreasuryCursorStore cursor = new TreasuryCursorStore(s.dataSource());
        Path file = dir.resolve("found-blocks.jsonl");
        // node 0's blocks at indexes 0 and 1 in the ledger; node 1's block at its first index
        FoundBlockInfo b0 = block(101, 'a', 0);
        FoundBlockInfo b1 = block(102, 'b', 1);
        s.recordBlock(record(b0, 0), new TreasuryReceipt.Draft(101, b0.hash(), b0.rewardSats(), 1, "FOUND"));
        s.recordBlock(record(b1, 0), new TreasuryReceipt.Draft(102, b1.hash(), b1.rewardSats(), 2, "FOUND"));
        FoundBlockInfo other = block(103, 'c', TreasuryIndexes.first(1));
        s.recordBlock(record(other, 1), new TreasuryReceipt.Draft(103, other.hash(), other.rewardSats(), 3, "FOUND"));
        assertThat(s.block(b1.hash()).orElseThrow().treasuryIndex()).isEqualTo(1);

        TreasuryIndexes node0 = TreasuryIndexes.resume(0, cursor, file, () -> 10);
        assertThat(node0.current()).isEqualTo(2);
        assertThat(cursor.cursor(0)).hasValue(2); // written before any job pays it
        TreasuryIndexes node1 = TreasuryIndexes.resume(1, cursor, file, () -> 10);
        assertThat(node1.current()).isEqualTo(TreasuryIndexes.first(1) + 1);

        // a block every node rejected: only its candidate and rejected lines in the local file; its index stays used
        FoundBlockLog log = new FoundBlockLog(file);
        FoundBlockInfo rejected = block(104, 'd', 2);
        log.appendCandidate(new FoundBlockLog.Candidate(rejected, 0, "00".repeat(80), "00", "0000000000000001"));
        log.appendRejected(rejected);
        assertThat(TreasuryIndexes.resume(0, cursor, file, () -> 20).current()).isEqualTo(3);
        assertThat(cursor.cursor(0)).hasValue(3);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aFoundBlockMovesTheIndexOnOnceAndTheLedgersCursorFollows(Db db) throws Exception {
        JdbcLedgerStore s = open(db);
        TreasuryCursorStore cursor = new TreasuryCursorStore(s.dataSource());
        TreasuryIndexes indexes = TreasuryIndexes.resume(0, cursor, dir.resolve("found-blocks.jsonl"), () -> 1);
        assertThat(indexes.current()).isZero();
        assertThat(indexes.used(0)).isTrue();
        assertThat(indexes.current()).isEqualTo(1);
        // a second block on a job built before the first was found: same index, nothing moves
        assertThat(indexes.used(0)).isFalse();
        assertThat(indexes.current()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> cursor.cursor(0).orElse(-1) == 1);
        // the cursor never moves back
        cursor.save(0, 0, 2);
        assertThat(cursor.cursor(0)).hasValue(1);
    }

    /**
     * Two nodes on one database find blocks at the same time: each moves through its own range, no index is used by
     * both, and each node's cursor row follows its own blocks (no lock between them).
     */
    @ParameterizedTest
    @EnumSource(Db.class)
    void twoNodesOnOneDatabaseNeverUseTheSameIndex(Db db) throws Exception {
        JdbcLedgerStore s = open(db);
        TreasuryCursorStore cursor = new TreasuryCursorStore(s.dataSource());
        TreasuryIndexes a = TreasuryIndexes.resume(0, cursor, dir.resolve("a.jsonl"), () -> 1);
        TreasuryIndexes b = TreasuryIndexes.resume(1, cursor, dir.resolve("b.jsonl"), () -> 1);
        java.util.Set<Long> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger clashes = new java.util.concurrent.atomic.AtomicInteger();
        int blocks = 200;
        List<Thread> finders = new java.util.ArrayList<>();
        for (TreasuryIndexes node : List.of(a, b)) {
            finders.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < blocks; i++) {
                    long index = node.current();
                    if (!used.add(index)) {
                        clashes.incrementAndGet();
                    }
                    node.used(index);
                }
            }));
        }
        for (Thread t : finders) {
            t.join();
        }
        assertThat(clashes).hasValue(0);
        assertThat(used).hasSize(2 * blocks);
        assertThat(a.current()).isEqualTo(blocks);
        assertThat(b.current()).isEqualTo(TreasuryIndexes.first(1) + blocks);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cursor.cursor(0).orElse(-1) == blocks
                        && cursor.cursor(1).orElse(-1) == TreasuryIndexes.first(1) + blocks);
    }

    @Test
    void withTheDatabaseDownTheLocalFileDecides() throws Exception {
        Path file = dir.resolve("found-blocks.jsonl");
        new FoundBlockLog(file).append(block(101, 'a', 4), 0);
        org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {1}); // nothing listens: connection refused
        nowhere.setConnectTimeout(2);
        TreasuryCursorStore down = new TreasuryCursorStore(nowhere);
        assertThat(TreasuryIndexes.resume(0, down, file, () -> 1).current()).isEqualTo(5);
    }
}
