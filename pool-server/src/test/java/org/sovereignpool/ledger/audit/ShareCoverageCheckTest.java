package org.sovereignpool.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sovereignpool.ledger.store.ShareAggregate;

class ShareCoverageCheckTest {
    private final TestLedger ledger = new TestLedger();

    private Outcome run() throws Exception {
        return new ShareCoverageCheck().run(ledger.snapshot());
    }

    /** Two batches of node 1 with interleaved workers, one batch of node 2. */
    private void interleaved() {
        ledger.apply(
                1,
                10,
                TestLedger.agg(1, 1, 9, 5, "a", 5), // 1, 3, 5, 7, 9
                TestLedger.agg(1, 2, 10, 4, "b", 4), // 2, 4, 8, 10
                TestLedger.agg(1, 6, 6, 1, "c", 1));
        ledger.apply(1, 14, TestLedger.agg(1, 11, 14, 4, "a", 4));
        ledger.apply(2, 3, TestLedger.agg(2, 1, 3, 3, "d", 3));
    }

    @Test
    void interleavedRowsCoverEverySequenceOnce() throws Exception {
        interleaved();
        Outcome o = run();
        assertThat(o.ok()).isTrue();
        assertThat(o.summary()).startsWith("17 shares in 5 rows cover every applied journal sequence of 2 nodes");
    }

    @Test
    void aDeletedRowAtTheEdgeLeavesAHole() throws Exception {
        interleaved();
        ledger.shares.removeIf(a -> a.nodeId() == 1 && a.firstSeq() == 11);
        assertThat(run().discrepancy().orElseThrow().toString())
                .isEqualTo("share_agg of node 1: sequences 11..14 are applied (journal_progress) but in no row: share"
                        + " rows were deleted");
        ledger.shares.removeIf(a -> a.nodeId() == 1 && a.firstSeq() == 1);
        assertThat(run().discrepancy().orElseThrow().problem())
                .isEqualTo("sequences 1..1 are applied (through 14) but in no row: share rows were deleted");
    }

    @Test
    void aDeletedRowInsideOthersLeavesTheStretchShort() throws Exception {
        interleaved();
        ledger.shares.removeIf(a -> a.operatorId().equals("c"));
        assertThat(run().discrepancy().orElseThrow().toString())
                .isEqualTo("share_agg of node 1: sequences 1..10: the rows there hold 9 shares, expected 10 (one per"
                        + " sequence): a row was deleted or its share_count lowered");
    }

    @Test
    void anInsertedOrInflatedRowOverflows() throws Exception {
        interleaved();
        ledger.shares.add(TestLedger.agg(1, 12, 12, 1, "mallory", 1_000));
        assertThat(run().discrepancy().orElseThrow().problem())
                .isEqualTo("sequences 11..14: the rows there hold 5 shares, expected 4 (one per sequence): a row was"
                        + " inserted or its share_count raised");
    }

    @Test
    void rowsBeyondTheProgressOrOfAnUnknownNodeAreNamed() throws Exception {
        interleaved();
        ledger.applied.put(1, 13L);
        assertThat(run().discrepancy().orElseThrow().problem())
                .isEqualTo("row first_seq 11 (a/rig1) ends at 14, beyond the applied sequence 13 (journal_progress)");
        ledger.applied.put(1, 14L);
        ledger.applied.remove(2);
        assertThat(run().discrepancy().orElseThrow().toString())
                .isEqualTo("share_agg of node 2: row first_seq 1 (d/rig1), but journal_progress has no row for this"
                        + " node");
        ledger.applied.put(2, 3L);
        ledger.applied.put(3, 5L);
        assertThat(run().discrepancy().orElseThrow().toString())
                .isEqualTo("share_agg of node 3: sequences 1..5 are applied (journal_progress) but in no row: share"
                        + " rows were deleted");
    }

    static Stream<Long> seeds() {
        return LongStream.range(0, 40).map(i -> 0x5eed_0000L + i).boxed();
    }

    /**
     * Batches aggregated as the applier does (per worker per bucket, each row from its worker's first to last share
     * in the batch) cover the journal; deleting any one row is always caught.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void appliedBatchesVerifyAndAnyDeletedRowIsCaught(long seed) throws Exception {
        Random random = new Random(seed);
        for (int node = 0; node < 1 + random.nextInt(3); node++) {
            long seq = 0;
            for (int batch = 0; batch < 1 + random.nextInt(6); batch++) {
                int size = 1 + random.nextInt(40);
                Map<String, long[]> rows = new LinkedHashMap<>(); // worker|bucket -> first, last, count
                for (int k = 0; k < size; k++) {
                    seq++;
                    String key = "w" + random.nextInt(5) + "|" + (k * 3 / size);
                    long s = seq;
                    rows.computeIfAbsent(key, x -> new long[] {s, s, 0});
                    rows.get(key)[1] = s;
                    rows.get(key)[2]++;
                }
                List<ShareAggregate> aggs = new ArrayList<>();
                for (Map.Entry<String, long[]> e : rows.entrySet()) {
                    long[] r = e.getValue();
                    aggs.add(TestLedger.agg(node, r[0], r[1], r[2], e.getKey(), r[2]));
                }
                ledger.apply(node, seq, aggs.toArray(ShareAggregate[]::new));
            }
        }
        assertThat(run().ok()).isTrue();
        ledger.shares.remove(random.nextInt(ledger.shares.size()));
        assertThat(run().discrepancy()).as("seed %d", seed).isPresent();
    }
}
