package org.sovereignpool.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.ledger.journal.JournalOptions;
import org.sovereignpool.ledger.journal.ShareJournal;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.ledger.store.ShareAggregate;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.WorkerName;

class LedgerApplierTest {
    @TempDir
    Path dir;

    private ShareJournal journal;
    private LedgerStore store;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LedgerApplier.Options options = new LedgerApplier.Options(10_000, 1_000, 5, 100);

    @BeforeEach
    void open() throws Exception {
        journal = ShareJournal.open(dir.resolve("journal"), new JournalOptions(1000, 64 << 10));
        store = JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null);
    }

    @AfterEach
    void close() throws Exception {
        journal.close();
        store.close();
    }

    static AcceptedShare share(String op, String worker, double diff, long t) {
        return new AcceptedShare(new WorkerName(op, worker), diff, diff * 2, t, 900_000, false);
    }

    private static void drain(LedgerApplier a) throws Exception {
        while (a.applyOnce() > 0) {
            // until nothing is left
        }
    }

    @Test
    void aggregatesPerWorkerPerTenSecondBucket() throws Exception {
        journal.append(share("alpha", "r1", 1, 1_000));
        journal.append(share("beta", "r1", 4, 2_000));
        journal.append(share("alpha", "r1", 2, 9_999));
        journal.append(share("alpha", "r1", 8, 10_000)); // next bucket
        journal.append(share("alpha", "r2", 16, 3_000));
        journal.sync();
        try (LedgerApplier a = new LedgerApplier(journal, store, 7, options, registry, () -> 0)) {
            assertThat(a.applyOnce()).isEqualTo(5);
            assertThat(a.applyOnce()).isZero();
        }
        List<ShareAggregate> rows = store.sharesBySequence(7, 0, 100);
        assertThat(rows)
                .extracting(
                        ShareAggregate::operatorId,
                        ShareAggregate::worker,
                        ShareAggregate::shareCount,
                        ShareAggregate::sumDifficulty,
                        ShareAggregate::firstSeq,
                        ShareAggregate::lastSeq,
                        ShareAggregate::firstMillis,
                        ShareAggregate::lastMillis,
                        ShareAggregate::bucketStartMillis)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alpha", "r1", 2L, 3.0, 1L, 3L, 1_000L, 9_999L, 0L),
                        org.assertj.core.groups.Tuple.tuple("beta", "r1", 1L, 4.0, 2L, 2L, 2_000L, 2_000L, 0L),
                        org.assertj.core.groups.Tuple.tuple("alpha", "r1", 1L, 8.0, 4L, 4L, 10_000L, 10_000L, 10_000L),
                        org.assertj.core.groups.Tuple.tuple("alpha", "r2", 1L, 16.0, 5L, 5L, 3_000L, 3_000L, 0L));
        assertThat(store.appliedSequence(7)).isEqualTo(5);
        assertThat(registry.get("ledger.apply.batches").counter().count()).isEqualTo(1);
        assertThat(registry.get("ledger.journal.lag").gauge().value()).isZero();
    }

    @Test
    void onlyDurableRecordsAreApplied() throws Exception {
        journal.append(share("alpha", "r1", 1, 1_000));
        try (LedgerApplier a = new LedgerApplier(journal, store, 1, options, registry, () -> 0)) {
            assertThat(a.applyOnce()).isZero();
            assertThat(a.lag()).isEqualTo(1);
            journal.sync();
            assertThat(a.applyOnce()).isEqualTo(1);
        }
    }

    @Test
    void replayingTheSameJournalTwiceNeverDoubleCounts() throws Exception {
        for (int i = 0; i < 3000; i++) {
            journal.append(share("alpha", "r" + (i % 5), 1 + i % 3, 1_000L * i));
        }
        journal.sync();
        try (LedgerApplier a = new LedgerApplier(journal, store, 1, options, registry, () -> 0)) {
            drain(a);
        }
        Map<String, Long> before = totals();
        // a second applier (a restart) over the same journal and ledger
        try (LedgerApplier b = new LedgerApplier(journal, store, 1, options, new SimpleMeterRegistry(), () -> 0)) {
            assertThat(b.applyOnce()).isZero();
        }
        assertThat(totals()).isEqualTo(before);
        assertThat(store.shareCount(1)).isEqualTo(3000);
        assertThat(before.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3000);
    }

    @Test
    void aCommitWhoseAnswerWasLostIsNotAppliedAgain() throws Exception {
        for (int i = 0; i < 10; i++) {
            journal.append(share("alpha", "r1", 1, 1_000L * i));
        }
        journal.sync();
        // the first 6 records reached the database, but the applier never heard so (outage during commit)
        journal.applyingThrough(6); // as the applier notes before it commits
        store.applyShares(1, 0, 6, List.of(new ShareAggregate(1, 1, 6, "alpha", "r1", 0, 6, 6, 1, 0, 5_000, 1, 0)), 0);
        try (LedgerApplier a = new LedgerApplier(journal, store, 1, options, registry, () -> 0)) {
            drain(a);
            assertThat(a.appliedSequence()).isEqualTo(10);
        }
        assertThat(store.shareCount(1)).isEqualTo(10);
    }

    @Test
    void appliedSegmentsAreDeleted() throws Exception {
        for (int i = 0; i < 5000; i++) {
            journal.append(share("alpha", "r1", 1, 1_000L * i));
        }
        journal.sync();
        int before = journal.segments().size();
        assertThat(before).isGreaterThan(2);
        try (LedgerApplier a = new LedgerApplier(journal, store, 1, options, registry, () -> 0)) {
            drain(a);
        }
        assertThat(journal.segments()).hasSize(1);
        assertThat(store.shareCount(1)).isEqualTo(5000);
    }

    @Test
    void keepsTheJournalThroughAnOutageAndCatchesUp() throws Exception {
        FlakyStore flaky = new FlakyStore(store);
        try (LedgerApplier a =
                new LedgerApplier(journal, flaky.store, 1, options, registry, System::currentTimeMillis)) {
            a.start();
            for (int i = 0; i < 100; i++) {
                journal.append(share("alpha", "r1", 1, i));
            }
            journal.sync();
            await().atMost(Duration.ofSeconds(20)).until(a::caughtUp);
            flaky.down = true;
            for (int i = 0; i < 500; i++) {
                journal.append(share("beta", "r" + i % 3, 2, 100 + i));
            }
            journal.sync();
            await().atMost(Duration.ofSeconds(20)).until(() -> flaky.refused.get() > 3);
            assertThat(a.databaseUp()).isFalse();
            assertThat(registry.get("ledger.journal.lag").gauge().value()).isEqualTo(500);
            assertThat(registry.get("ledger.database.up").gauge().value()).isZero();
            flaky.down = false;
            await().atMost(Duration.ofSeconds(20)).until(a::caughtUp);
            assertThat(a.databaseUp()).isTrue();
            assertThat(registry.get("ledger.apply.failures").counter().count()).isPositive();
        }
        assertThat(store.shareCount(1)).isEqualTo(600);
        assertThat(totals()).containsEntry("beta.r0", 167L).containsEntry("alpha.r1", 100L);
    }

    @Test
    void aGapBetweenTheLedgerAndTheJournalIsRefusedNotSkipped() throws Exception {
        for (int i = 0; i < 5000; i++) {
            journal.append(share("alpha", "r1", 1, 1_000L * i));
        }
        journal.sync();
        try (LedgerApplier a = new LedgerApplier(journal, store, 1, options, registry, () -> 0)) {
            drain(a);
        }
        assertThat(journal.segments().keySet().stream().min(Long::compare).orElseThrow())
                .isGreaterThan(1001L);
        // the database loses its last commits (as an unsynced embedded database can), after the segments are gone
        try (var c = java.sql.DriverManager.getConnection(LedgerTestDatabases.h2Url(dir), "sa", "");
                var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM share_agg WHERE node_id = 1 AND first_seq > 1000");
            s.executeUpdate("UPDATE journal_progress SET applied_seq = 1000 WHERE node_id = 1");
        }
        try (LedgerApplier a = new LedgerApplier(journal, store, 1, options, registry, () -> 0)) {
            assertThatThrownBy(a::applyOnce)
                    .isInstanceOf(JournalGapException.class)
                    .hasMessageContaining("gap");
        }
        // running, it stops for good, says why, and keeps the journal
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (LedgerApplier a = new LedgerApplier(journal, store, 1, options, metrics, () -> 0)) {
            a.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.haltReason().isPresent());
            assertThat(a.haltReason().orElseThrow()).contains("applied through 1000");
            assertThat(metrics.get("ledger.applier.halted").gauge().value()).isEqualTo(1);
            assertThat(metrics.get("ledger.applier.halts")
                            .tag("reason", "JournalGapException")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(a.lag()).isNotNegative();
        }
        assertThat(store.appliedSequence(1)).isEqualTo(1000);
        assertThat(journal.segments()).isNotEmpty();
    }

    @Test
    void anotherJournalThanTheLedgersStopsTheApplier() throws Exception {
        journal.append(share("alpha", "r1", 1, 1_000));
        journal.sync();
        try (LedgerApplier a = new LedgerApplier(journal, store, 1, options, registry, () -> 0)) {
            drain(a);
        }
        try (ShareJournal other = ShareJournal.open(dir.resolve("other"), new JournalOptions(1000, 64 << 10))) {
            other.append(share("alpha", "r1", 1, 2_000));
            other.append(share("alpha", "r1", 1, 3_000));
            other.sync();
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            try (LedgerApplier a = new LedgerApplier(other, store, 1, options, metrics, () -> 0)) {
                assertThatThrownBy(a::applyOnce)
                        .isInstanceOf(org.sovereignpool.ledger.store.JournalMismatchException.class)
                        .hasMessageContaining(journal.journalId())
                        .hasMessageContaining(other.journalId());
                a.start();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> a.haltReason().isPresent());
            }
        }
        assertThat(store.appliedSequence(1)).isEqualTo(1);
    }

    /**
     * A stale copy of the journal (restored while the database was down) numbers below what the ledger applied of it:
     * the applier stops and marks the directory so that no node starts on it again.
     */
    @Test
    void aJournalBehindTheLedgerStopsTheApplierAndIsMarked() throws Exception {
        for (int i = 0; i < 5; i++) {
            journal.append(share("alpha", "r1", 1, 1_000L * i));
        }
        journal.sync();
        try (LedgerApplier a = new LedgerApplier(journal, store, 1, options, registry, () -> 0)) {
            drain(a);
        }
        try (var c = java.sql.DriverManager.getConnection(LedgerTestDatabases.h2Url(dir), "sa", "");
                var s = c.createStatement()) {
            s.executeUpdate("UPDATE journal_progress SET applied_seq = 9 WHERE node_id = 1"); // the copy lacks 6..9
        }
        Path journalDir = dir.resolve("journal");
        journal.close();
        journal = ShareJournal.open(journalDir, new JournalOptions(1000, 64 << 10)); // the database was down
        journal.append(share("alpha", "r1", 1, 9_000)); // numbered 6: below the ledger
        journal.sync();
        try (LedgerApplier a = new LedgerApplier(journal, store, 1, options, registry, () -> 0)) {
            assertThatThrownBy(a::applyOnce)
                    .isInstanceOf(JournalBehindLedgerException.class)
                    .hasMessageContaining("through sequence 9")
                    .hasMessageContaining("ended at 5");
            a.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.haltReason().isPresent());
        }
        assertThat(ShareJournal.haltedReason(journalDir))
                .hasValueSatisfying(r -> assertThat(r).contains("ended at 5"));
    }

    /**
     * The watermark (every share stamped at or before it is applied) follows the applier: the clock read before a
     * batch, once the batch covers what was written then, less the slack; while idle it still moves; at a clean stop
     * it is the stop time.
     */
    @Test
    void theWatermarkFollowsWhatIsApplied() throws Exception {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(100_000);
        for (int i = 0; i < 3; i++) {
            journal.append(share("alpha", "r1", 1, 99_000 + i));
        }
        journal.sync();
        try (LedgerApplier a = new LedgerApplier(journal, store, 7, options, registry, now::get)) {
            assertThat(a.applyOnce()).isEqualTo(3);
            assertThat(store.journalProgress(7).watermarkMillis())
                    .isEqualTo(100_000 - LedgerApplier.WATERMARK_SLACK_MILLIS);
            now.set(200_000);
            assertThat(a.applyOnce()).isZero(); // nothing new: the watermark still moves
            assertThat(store.journalProgress(7).watermarkMillis())
                    .isEqualTo(200_000 - LedgerApplier.WATERMARK_SLACK_MILLIS);
            journal.append(share("alpha", "r1", 1, 200_100));
            now.set(200_500);
            assertThat(a.finish(5_000)).isTrue();
            assertThat(store.journalProgress(7).watermarkMillis()).isEqualTo(200_500);
            assertThat(store.shareCount(7)).isEqualTo(4);
        }
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> new LedgerApplier.Options(10_001, 1, 1, 1)).hasMessageContaining("bucketMillis");
        assertThatThrownBy(() -> new LedgerApplier.Options(10_000, 0, 1, 1)).hasMessageContaining("maxBatchRecords");
    }

    private Map<String, Long> totals() throws SQLException {
        Map<String, Long> out = new HashMap<>();
        for (ShareAggregate a : store.sharesBySequence(1, 0, Long.MAX_VALUE)) {
            out.merge(a.operatorId() + "." + a.worker(), a.shareCount(), Long::sum);
        }
        return out;
    }
}
