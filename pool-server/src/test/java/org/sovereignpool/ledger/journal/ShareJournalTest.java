package org.sovereignpool.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.WorkerName;

class ShareJournalTest {
    private static final JournalOptions SLOW_SYNC = new JournalOptions(1000, 64 << 10);

    @TempDir
    Path dir;

    static AcceptedShare share(int i) {
        return new AcceptedShare(
                new WorkerName("op" + (i % 3), "rig-" + (i % 7)),
                1 + i % 5,
                10.5 + i,
                1_700_000_000_000L + i,
                800_000 + i,
                i % 11 == 0,
                i % 2 == 0 ? 0x18058436 : 0x17034219);
    }

    static List<JournalRecord> readAll(ShareJournal journal, long after) throws IOException {
        List<JournalRecord> out = new ArrayList<>();
        try (JournalReader r = journal.reader(after)) {
            while (r.read(1000, out::add) > 0) {
                // drain
            }
        }
        return out;
    }

    @Test
    void appendsNumberFromOneAndSurviveReopen() throws IOException {
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            for (int i = 0; i < 10; i++) {
                assertThat(j.append(share(i))).isEqualTo(i + 1);
            }
            assertThat(j.writtenSequence()).isEqualTo(10);
        }
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            assertThat(j.recovery().records()).isEqualTo(10);
            assertThat(j.recovery().problems()).isEmpty();
            assertThat(j.append(share(10))).isEqualTo(11);
            j.sync();
            List<JournalRecord> all = readAll(j, 0);
            assertThat(all).hasSize(11);
            for (int i = 0; i < 11; i++) {
                assertThat(all.get(i)).isEqualTo(JournalRecord.of(i + 1, share(i)));
            }
        }
    }

    /**
     * Records of a journal written before the network target was recorded (no flag bit 1, no trailing field) are read
     * as they were, with network bits 0; new records carry the bits.
     */
    @Test
    void recordsWithoutTheNetworkTargetFieldStillDecode() {
        byte[] op = "alpha".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] worker = "rig1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer old = ByteBuffer.allocate(256);
        int payload = JournalCodec.FIXED_PAYLOAD + op.length + worker.length;
        int p = JournalCodec.HEADER;
        old.putLong(p, 7)
                .putLong(p + 8, 1_700_000_000_000L)
                .putDouble(p + 16, 2.0)
                .putDouble(p + 24, 3.5);
        old.putInt(p + 32, 800_000)
                .put(p + 36, (byte) 1)
                .put(p + 37, (byte) op.length)
                .put(p + 38, op);
        old.put(p + 38 + op.length, (byte) worker.length).put(p + 39 + op.length, worker);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(old.slice(p, payload));
        old.putInt(4, (int) crc.getValue()).putInt(0, payload);
        assertThat(JournalCodec.decode(old, 0, old.capacity()))
                .isEqualTo(new JournalCodec.Ok(
                        new JournalRecord(7, 1_700_000_000_000L, "alpha", "rig1", 2.0, 3.5, 800_000, true, 0),
                        JournalCodec.HEADER + payload));
        ByteBuffer current = ByteBuffer.allocate(256);
        int size = JournalCodec.encode(current, 0, 7, 1, 2.0, 3.5, 800_000, false, 0x18058436, op, worker);
        assertThat(JournalCodec.decode(current, 0, current.capacity()))
                .isEqualTo(new JournalCodec.Ok(
                        new JournalRecord(7, 1, "alpha", "rig1", 2.0, 3.5, 800_000, false, 0x18058436), size));
    }

    @Test
    void aJournalHasAnIdentityThatSurvivesReopening() throws IOException {
        assertThat(ShareJournal.existsIn(dir)).isFalse();
        String id;
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC, 40)) {
            id = j.journalId();
            assertThat(id).matches("[0-9a-f]{32}");
            assertThat(j.isNew()).isTrue();
            assertThat(j.recovery().lastSequence()).isEqualTo(40);
            j.append(share(1));
        }
        assertThat(ShareJournal.existsIn(dir)).isTrue();
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            assertThat(j.journalId()).isEqualTo(id);
            assertThat(j.isNew()).isFalse();
            assertThat(j.hadNoRecords()).isFalse();
            assertThat(j.recovery().lastSequence()).isEqualTo(41);
            assertThat(ShareJournal.haltedReason(dir)).isEmpty();
            j.markHalted("a stale copy");
        }
        assertThat(ShareJournal.haltedReason(dir)).contains("a stale copy");
        java.nio.file.Files.writeString(dir.resolve("journal.id"), "not an id\n");
        assertThatThrownBy(() -> ShareJournal.open(dir, SLOW_SYNC)).hasMessageContaining("journal id");
    }

    @Test
    void readersSeeOnlyDurableRecords() throws IOException {
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            j.append(share(1));
            j.append(share(2));
            assertThat(j.durableSequence()).isZero();
            assertThat(readAll(j, 0)).isEmpty();
            assertThat(j.sync()).isEqualTo(2);
            assertThat(readAll(j, 0)).extracting(JournalRecord::sequence).containsExactly(1L, 2L);
            assertThat(readAll(j, 1)).extracting(JournalRecord::sequence).containsExactly(2L);
        }
    }

    @Test
    void backgroundFsyncMakesRecordsDurable() throws IOException {
        try (ShareJournal j = ShareJournal.open(dir, new JournalOptions(5, 64 << 10))) {
            var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            j.bindMetrics(registry);
            long seq = j.append(share(1));
            assertThat(j.awaitDurable(seq, 10_000)).isTrue();
            assertThat(registry.get("ledger.journal.written").gauge().value()).isEqualTo(1);
            assertThat(registry.get("ledger.journal.durable").gauge().value()).isEqualTo(1);
            assertThat(registry.get("ledger.journal.fsyncs").functionCounter().count())
                    .isPositive();
        }
    }

    @Test
    void rotatesSegmentsAndReadsAcrossThem() throws IOException {
        int n = 5000; // ~70 bytes each over 64 KiB segments: several rotations
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            for (int i = 0; i < n; i++) {
                j.append(share(i));
            }
            j.sync();
            assertThat(j.segments()).hasSizeGreaterThan(3);
            List<JournalRecord> all = readAll(j, 0);
            assertThat(all).extracting(JournalRecord::sequence).containsExactlyElementsOf(seqs(1, n));
            assertThat(readAll(j, 4321)).extracting(JournalRecord::sequence).containsExactlyElementsOf(seqs(4322, n));
        }
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            assertThat(j.recovery().records()).isEqualTo(n);
            assertThat(j.recovery().lastSequence()).isEqualTo(n);
        }
    }

    @Test
    void deletesOnlyAppliedSegmentsAndNeverTheNewest() throws IOException {
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            for (int i = 0; i < 5000; i++) {
                j.append(share(i));
            }
            j.sync();
            Map<Long, Path> before = j.segments();
            List<Long> firsts = before.keySet().stream().sorted().toList();
            long secondStart = firsts.get(1);
            assertThat(j.deleteSegmentsThrough(secondStart - 2)).isZero();
            assertThat(j.deleteSegmentsThrough(secondStart - 1)).isEqualTo(1);
            assertThat(j.deleteSegmentsThrough(Long.MAX_VALUE)).isEqualTo(firsts.size() - 2);
            assertThat(j.segments()).hasSize(1);
            assertThat(readAll(j, firsts.getLast() - 1).getFirst().sequence()).isEqualTo(firsts.getLast());
        }
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            assertThat(j.writtenSequence()).isEqualTo(5000);
            assertThat(j.append(share(0))).isEqualTo(5001);
        }
    }

    @Test
    void aSequenceFloorAboveTheFilesIsRespected() throws IOException {
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC, 500)) {
            assertThat(j.append(share(1))).isEqualTo(501);
        }
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            assertThat(j.append(share(1))).isEqualTo(502);
            j.sync();
            assertThat(readAll(j, 0)).extracting(JournalRecord::sequence).containsExactly(501L, 502L);
        }
    }

    @Test
    void aTornTailIsCutAndZeroedThenAppendsContinue() throws IOException {
        Path segment;
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            for (int i = 0; i < 20; i++) {
                j.append(share(i));
            }
            segment = j.segments().values().iterator().next();
        }
        // a half-written 21st record: a length and some payload, then nothing
        int end = endOfRecords(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(20)
                    .putInt(60)
                    .putInt(12345)
                    .putLong(21)
                    .putInt(7)
                    .flip();
            ch.write(b, end);
        }
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            assertThat(j.recovery().lastSequence()).isEqualTo(20);
            assertThat(j.recovery().problems()).singleElement().asString().contains("CRC32C mismatch");
            assertThat(j.recovery().cutBytes()).isEqualTo(20);
            assertThat(j.append(share(99))).isEqualTo(21);
        }
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            assertThat(j.recovery().problems()).isEmpty();
            j.sync();
            List<JournalRecord> all = readAll(j, 0);
            assertThat(all).hasSize(21);
            assertThat(all.getLast()).isEqualTo(JournalRecord.of(21, share(99)));
        }
    }

    /** Seeded random damage anywhere in the file: what replays is always an exact prefix of what was written. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void randomDamageIsNeverMisread(long seed) throws IOException {
        Random rnd = new Random(seed);
        int n = 200;
        Path segment;
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            for (int i = 0; i < n; i++) {
                j.append(share(i));
            }
            segment = j.segments().values().iterator().next();
        }
        int end = endOfRecords(segment);
        int at = rnd.nextInt(end);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            byte flipped = (byte) (one.get(0) ^ (1 << rnd.nextInt(8)));
            ch.write(ByteBuffer.wrap(new byte[] {flipped}), at);
        }
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            long kept = j.recovery().lastSequence();
            assertThat(kept).isLessThan(n);
            assertThat(j.recovery().problems()).isNotEmpty();
            j.sync();
            List<JournalRecord> all = readAll(j, 0);
            assertThat(all).hasSize((int) kept);
            for (int i = 0; i < kept; i++) {
                assertThat(all.get(i)).isEqualTo(JournalRecord.of(i + 1, share(i)));
            }
        }
    }

    @Test
    void concurrentWritersGetUniqueGaplessSequences() throws Exception {
        int threads = 4;
        int per = 5000;
        Map<Long, Boolean> seen = new ConcurrentHashMap<>();
        try (ShareJournal j = ShareJournal.open(dir, new JournalOptions(5, 1 << 20));
                ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < per; i++) {
                        assertThat(seen.put(j.append(share(i)), true)).isNull();
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            j.sync();
            assertThat(readAll(j, 0))
                    .extracting(JournalRecord::sequence)
                    .containsExactlyElementsOf(seqs(1, threads * per));
        }
    }

    @Test
    void rotationUsesThePreparedSpareAndLeftoverSparesAreRemoved() throws IOException {
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            j.prepareSpare();
            j.prepareSpare();
            for (int i = 0; i < 2000; i++) { // past one 64 KiB segment
                j.append(share(i));
            }
            assertThat(j.segments()).hasSizeGreaterThan(1);
            for (Path p : j.segments().values()) {
                assertThat(Files.size(p)).isEqualTo(64 << 10);
            }
        }
        assertThat(spares()).isEmpty();
        Files.write(dir.resolve("spare-1.tmp"), new byte[10]);
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            assertThat(j.recovery().records()).isEqualTo(2000);
        }
        assertThat(spares()).isEmpty();
    }

    /**
     * A rotation onto a prepared spare leaves forcing the old segment's tail and the directory to the fsync thread
     * (sync): after it, every record of every rotated-out segment is durable, readable and replays without a problem.
     */
    @Test
    void aRotationOntoASpareIsDeclaredDurableOnlyBySync() throws IOException {
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            j.prepareSpare();
            int n = 0;
            while (j.segments().size() < 3) {
                j.append(share(n++));
                if (j.segments().size() == 2) {
                    j.prepareSpare(); // a second rotation onto a spare before any sync
                }
            }
            assertThat(j.sync()).isEqualTo(n);
            assertThat(j.durableSequence()).isEqualTo(n);
            assertThat(readAll(j, 0)).extracting(JournalRecord::sequence).containsExactlyElementsOf(seqs(1, n));
        }
        try (ShareJournal j = ShareJournal.open(dir, SLOW_SYNC)) {
            assertThat(j.recovery().problems()).isEmpty();
        }
    }

    private List<Path> spares() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("spare-"))
                    .toList();
        }
    }

    @Test
    void appendAfterCloseFails() throws IOException {
        ShareJournal j = ShareJournal.open(dir, SLOW_SYNC);
        j.close();
        assertThatThrownBy(() -> j.append(share(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> new JournalOptions(0, 1 << 20)).hasMessageContaining("fsyncIntervalMillis");
        assertThatThrownBy(() -> new JournalOptions(20, 1000)).hasMessageContaining("segmentBytes");
    }

    private static List<Long> seqs(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }

    private static int endOfRecords(Path segment) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            int pos = 0;
            while (JournalCodec.decode(buf, pos, buf.capacity()) instanceof JournalCodec.Ok ok) {
                pos += ok.size();
            }
            return pos;
        }
    }
}
