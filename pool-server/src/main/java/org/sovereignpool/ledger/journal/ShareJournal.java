package org.sovereignpool.ledger.journal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.ShareRecorder;

/**
 * The local append-only share journal: preallocated, memory-mapped segment files {@code shares-<firstSeq>.seg} in one
 * directory, each record length-framed with a CRC32C.
 *
 * <p>Threading: {@link #record} may be called from any number of threads (the Netty event loops); a short lock
 * assigns the sequence and copies the record into the mapped segment, so when it returns the record is in the page
 * cache and survives a crash of this process. A daemon thread forces the written range to disk every
 * {@code fsyncIntervalMillis} and then publishes {@link #durableSequence()}: a power loss can lose at most the
 * records of the last interval. Readers ({@link #reader}) see records up to the durable sequence.
 *
 * <p>Opening replays every segment: the written end of the last segment is found, a torn tail (bad length, short
 * record, CRC mismatch, sequence out of order) is cut and zeroed, and numbering continues after the last good record.
 * Segments are deleted only by {@link #deleteSegmentsThrough} once the ledger has applied them; the newest segment
 * is never deleted, so its name keeps the numbering.
 */
public final class ShareJournal implements ShareRecorder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShareJournal.class);
    private static final Pattern SEGMENT_NAME = Pattern.compile("shares-(\\d{20})\\.seg");
    /** The journal's identity, made when the directory is first used: the ledger records which journal it applied. */
    static final String ID_FILE = "journal.id";
    /** Written when the ledger found this journal numbering below what it applied: the node must not start on it. */
    static final String HALT_FILE = "HALTED";

    private static final Pattern JOURNAL_ID = Pattern.compile("[0-9a-f]{32}");

    private final Path dir;
    private final JournalOptions options;
    private final ReentrantLock lock = new ReentrantLock();
    /** firstSeq -> file; the last entry is the segment being written. */
    private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();

    private final RecoveryReport recovery;
    private final String journalId;
    private final java.util.concurrent.atomic.AtomicLong applyingThrough = new java.util.concurrent.atomic.AtomicLong();
    private final boolean idCreated;
    private final Thread syncer;
    private Thread preallocator;

    // guarded by lock
    private MappedByteBuffer current;
    private Spare spare;
    private FileChannel currentChannel;
    /** Segments rotated out whose tail and directory entry the fsync thread has not forced yet, oldest first. */
    private final List<Retired> retired = new ArrayList<>();

    private int position;
    private long lastSeq;
    private boolean closed;

    private volatile long writtenSeq;
    private volatile long durableSeq;
    private volatile IOException syncFailure;
    private final Object syncMonitor = new Object();
    // guarded by syncMonitor
    private MappedByteBuffer forcedBuffer;
    private int forcedEnd;
    private final java.util.concurrent.atomic.LongAdder fsyncs = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder fsyncNanos = new java.util.concurrent.atomic.LongAdder();

    private ShareJournal(Path dir, JournalOptions options, long sequenceFloor) throws IOException {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.options = Objects.requireNonNull(options, "options");
        Files.createDirectories(dir);
        this.recovery = recover(sequenceFloor);
        Path idFile = dir.resolve(ID_FILE);
        if (Files.exists(idFile)) {
            this.journalId = Files.readString(idFile, StandardCharsets.US_ASCII).strip();
            if (!JOURNAL_ID.matcher(journalId).matches()) {
                throw new IOException(idFile + " does not hold a journal id (32 hex digits): \"" + journalId + "\"");
            }
            this.idCreated = false;
        } else {
            this.journalId = java.util.UUID.randomUUID().toString().replace("-", "");
            writeDurably(idFile, journalId + "\n");
            this.idCreated = true;
        }
        this.syncer = Thread.ofPlatform().name("share-journal-fsync").daemon().unstarted(this::syncLoop);
        syncer.start();
        // its own thread: writing 64 MiB of zeros must never delay an fsync
        this.preallocator =
                Thread.ofPlatform().name("share-journal-prealloc").daemon().unstarted(this::preallocLoop);
        preallocator.start();
    }

    /** Opens (and replays) the journal in {@code dir}, creating it if needed. */
    public static ShareJournal open(Path dir, JournalOptions options) throws IOException {
        return new ShareJournal(dir, options, 0);
    }

    /**
     * As {@link #open(Path, JournalOptions)}, numbering new records after at least {@code sequenceFloor} (the
     * ledger's applied sequence), so a journal directory lost or replaced can never reuse a share id.
     */
    public static ShareJournal open(Path dir, JournalOptions options, long sequenceFloor) throws IOException {
        return new ShareJournal(dir, options, sequenceFloor);
    }

    /** What replay at open found. */
    public record RecoveryReport(long lastSequence, int records, int segments, long cutBytes, List<String> problems) {
        public RecoveryReport {
            problems = List.copyOf(problems);
        }
    }

    public RecoveryReport recovery() {
        return recovery;
    }

    /** This journal's identity (32 hex digits), kept in {@code journal.id} in its directory. */
    public String journalId() {
        return journalId;
    }

    /**
     * True when this open found no journal in the directory: no identity file and no record. Its numbering then
     * depends only on the floor it was opened with, which must come from the ledger.
     */
    public boolean isNew() {
        return idCreated && recovery.records() == 0;
    }

    /**
     * Notes that sequences up to {@code throughSeq} are being applied to the ledger (before the commit, whose answer
     * may be lost): the ledger can be at most this far along this journal because of this process.
     */
    public void applyingThrough(long throughSeq) {
        applyingThrough.accumulateAndGet(throughSeq, Math::max);
    }

    /**
     * How far the ledger can have applied this journal: the last sequence found at open (records before it were
     * written before this process) or the last one this process sent to the ledger, whichever is higher. A ledger
     * further along holds records this copy of the journal does not: it is stale, and numbers below the ledger.
     */
    public long applicableThrough() {
        return Math.max(recovery.lastSequence(), applyingThrough.get());
    }

    /** True when no record was found at open (a new journal, or one opened above the ledger's applied sequence). */
    public boolean hadNoRecords() {
        return recovery.records() == 0;
    }

    /**
     * Marks the directory so that no node starts on it again: the ledger found this journal numbering below what it
     * had applied for the node (a stale copy of the directory), so its records after {@code recovery().lastSequence()}
     * would be taken for shares already applied. An operator must move the directory aside (its records are kept).
     */
    public void markHalted(String reason) throws IOException {
        writeDurably(dir.resolve(HALT_FILE), reason + "\n");
    }

    /** Whether {@code dir} holds a journal (its identity file or a segment): opening it would not start a new one. */
    public static boolean existsIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.equals(ID_FILE) || SEGMENT_NAME.matcher(n).matches());
        }
    }

    /** Why the journal directory {@code dir} was marked halted, if it was. */
    public static java.util.Optional<String> haltedReason(Path dir) throws IOException {
        Path f = dir.resolve(HALT_FILE);
        return Files.exists(f)
                ? java.util.Optional.of(
                        Files.readString(f, StandardCharsets.UTF_8).strip())
                : java.util.Optional.empty();
    }

    private void writeDurably(Path file, String content) throws IOException {
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private RecoveryReport recover(long sequenceFloor) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = SEGMENT_NAME.matcher(p.getFileName().toString());
                if (p.getFileName().toString().startsWith("spare-")) {
                    Files.deleteIfExists(p); // a prepared segment never used
                } else if (m.matches()) {
                    segments.put(Long.parseLong(m.group(1)), p);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        long expected = -1;
        int records = 0;
        long cut = 0;
        int lastEnd = 0;
        for (Map.Entry<Long, Path> e : segments.entrySet()) {
            long first = e.getKey();
            if (expected >= 0 && first != expected) {
                problems.add(e.getValue().getFileName() + ": starts at " + first + ", expected " + expected);
            }
            expected = first;
            try (FileChannel ch = FileChannel.open(e.getValue(), StandardOpenOption.READ)) {
                ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                int pos = 0;
                int limit = buf.capacity();
                while (true) {
                    JournalCodec.Decoded d = JournalCodec.decode(buf, pos, limit);
                    if (d instanceof JournalCodec.Ok ok) {
                        if (ok.record().sequence() != expected) {
                            problems.add(e.getValue().getFileName() + " @" + pos + ": sequence "
                                    + ok.record().sequence() + ", expected " + expected + " (cut)");
                            break;
                        }
                        expected++;
                        records++;
                        pos += ok.size();
                    } else {
                        if (d instanceof JournalCodec.Bad bad) {
                            problems.add(e.getValue().getFileName() + " @" + pos + ": " + bad.reason() + " (cut)");
                        }
                        break;
                    }
                }
                lastEnd = pos;
                if (!e.getKey().equals(segments.lastKey()) || pos < limit) {
                    cut += nonZeroTail(buf, pos, limit);
                }
            }
        }
        long last = Math.max(expected - 1, sequenceFloor);
        if (segments.isEmpty() || last > expected - 1) {
            // nothing on disk, or the ledger is ahead of the files: start a fresh segment after it
            lastSeq = last;
            openSegment(last + 1);
        } else {
            lastSeq = expected - 1;
            Map.Entry<Long, Path> tail = segments.lastEntry();
            currentChannel = FileChannel.open(tail.getValue(), StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = Math.max(currentChannel.size(), options.segmentBytes());
            current = currentChannel.map(FileChannel.MapMode.READ_WRITE, 0, Math.min(size, Integer.MAX_VALUE));
            position = lastEnd;
            // zero whatever torn bytes lie past the good end, so they can never be misread after new appends
            int zeroEnd = (int) Math.min(current.capacity(), Math.max(lastEnd, currentChannel.size()));
            for (int i = lastEnd; i < zeroEnd; i++) {
                if (current.get(i) != 0) {
                    current.put(i, (byte) 0);
                }
            }
            current.force();
        }
        writtenSeq = lastSeq;
        durableSeq = lastSeq;
        for (String p : problems) {
            log.warn("share journal replay: {}", p);
        }
        return new RecoveryReport(lastSeq, records, segments.size(), cut, problems);
    }

    private static long nonZeroTail(ByteBuffer buf, int from, int to) {
        int lastNonZero = -1;
        for (int i = from; i < to; i++) {
            if (buf.get(i) != 0) {
                lastNonZero = i;
            }
        }
        return lastNonZero < 0 ? 0 : lastNonZero + 1 - from;
    }

    /** A prepared segment file, already written out in full and mapped: a rotation only renames it. */
    private record Spare(Path file, FileChannel channel, MappedByteBuffer buffer) {}

    /** A segment rotated out: its records up to {@code end} still to be forced, its new name to be made durable. */
    private record Retired(MappedByteBuffer buffer, FileChannel channel, int end) {}

    /**
     * Makes the segment whose first record will be {@code firstSeq} the current one. Called under the lock (or in
     * open). With a prepared spare (the usual case) this is a rename and nothing else: the old segment's last records
     * and the new name's directory entry are forced by the fsync thread before it declares anything after them
     * durable ({@link #sync}), so an appending event loop never waits for a disk here. Without a spare the segment is
     * written out and forced here, as before.
     */
    private void openSegment(long firstSeq) throws IOException {
        Path file = dir.resolve(String.format("shares-%020d.seg", firstSeq));
        FileChannel ch;
        MappedByteBuffer buf;
        boolean prepared = spare != null;
        if (prepared) {
            Files.move(spare.file(), file, StandardCopyOption.ATOMIC_MOVE);
            ch = spare.channel();
            buf = spare.buffer();
            spare = null;
            LockSupport.unpark(preallocator); // prepare the one after
        } else {
            allocate(file);
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            buf = ch.map(FileChannel.MapMode.READ_WRITE, 0, options.segmentBytes());
            forceDirectory(); // the new file's directory entry must survive a power loss too
        }
        if (currentChannel != null) {
            if (prepared) {
                retired.add(new Retired(current, currentChannel, position));
            } else {
                current.force();
                currentChannel.close();
            }
        }
        current = buf;
        currentChannel = ch;
        position = 0;
        segments.put(firstSeq, file);
    }

    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /**
     * Writes a segment's zeros for real: a sparse file would let a full disk surface as a fault inside a mapped write
     * (the JVM's InternalError) instead of an IOException at rotation, where {@code record} throws and the miner is not
     * told true.
     */
    private void allocate(Path file) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long written = 0;
            while (written < options.segmentBytes()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), options.segmentBytes() - written));
                written += ch.write(zeros, written);
            }
            ch.force(true);
        }
    }

    /** Prepares the next segment file off the hot path (the fsync thread), so a rotation is a rename. */
    void prepareSpare() throws IOException {
        lock.lock();
        try {
            if (spare != null || closed) {
                return;
            }
        } finally {
            lock.unlock();
        }
        Path tmp = dir.resolve("spare-" + System.nanoTime() + ".tmp");
        allocate(tmp);
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE);
        MappedByteBuffer buf;
        try {
            buf = ch.map(FileChannel.MapMode.READ_WRITE, 0, options.segmentBytes());
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
        lock.lock();
        try {
            if (spare == null && !closed) {
                spare = new Spare(tmp, ch, buf);
                return;
            }
        } finally {
            lock.unlock();
        }
        ch.close();
        Files.deleteIfExists(tmp);
    }

    @Override
    public void record(AcceptedShare share) {
        append(share);
    }

    /** Appends the share and returns its sequence number once it is in the journal (page cache). */
    public long append(AcceptedShare share) {
        byte[] op = share.worker().operatorId().getBytes(StandardCharsets.US_ASCII);
        byte[] worker = share.worker().worker().getBytes(StandardCharsets.US_ASCII);
        int size = JournalCodec.recordSize(op, worker);
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("share journal is closed");
            }
            if (position + size > current.capacity()) {
                try {
                    openSegment(lastSeq + 1);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot rotate the share journal in " + dir, e);
                }
            }
            long seq = lastSeq + 1;
            position += JournalCodec.encode(
                    current,
                    position,
                    seq,
                    share.timeMillis(),
                    share.difficulty(),
                    share.achievedDifficulty(),
                    share.height(),
                    share.blockCandidate(),
                    share.networkBits(),
                    op,
                    worker);
            lastSeq = seq;
            writtenSeq = seq;
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** The last sequence written (in the page cache). */
    public long writtenSequence() {
        return writtenSeq;
    }

    /** The last sequence forced to disk. */
    public long durableSequence() {
        return durableSeq;
    }

    /** Forces everything written so far to disk now and returns the durable sequence. */
    public long sync() throws IOException {
        synchronized (syncMonitor) {
            MappedByteBuffer buf;
            int end;
            long seq;
            List<Retired> rotated;
            lock.lock();
            try {
                if (current == null) {
                    return durableSeq;
                }
                buf = current;
                end = position;
                seq = lastSeq;
                rotated = retired.isEmpty() ? List.of() : List.copyOf(retired);
            } finally {
                lock.unlock();
            }
            if (!rotated.isEmpty()) {
                // segments rotated out since the last sync: their last records first, then the directory entries
                // of the segments after them, before anything in a newer segment is declared durable
                long t0 = System.nanoTime();
                for (Retired r : rotated) {
                    int from = r.buffer() == forcedBuffer ? forcedEnd & ~4095 : 0;
                    r.buffer().force(from, r.end() - from);
                }
                forceDirectory();
                fsyncNanos.add(System.nanoTime() - t0);
                lock.lock();
                try {
                    retired.subList(0, rotated.size()).clear();
                } finally {
                    lock.unlock();
                }
                for (Retired r : rotated) {
                    r.channel().close();
                }
            }
            if (seq > durableSeq) {
                // only the range written since the last force of this segment (a rotated-out segment was forced
                // whole just above)
                int from = buf == forcedBuffer ? forcedEnd & ~4095 : 0;
                long t0 = System.nanoTime();
                buf.force(from, end - from);
                fsyncNanos.add(System.nanoTime() - t0);
                fsyncs.increment();
                forcedBuffer = buf;
                forcedEnd = end;
                durableSeq = seq;
            }
            return seq;
        }
    }

    /** How many times written records were forced to disk (for metrics and benchmarks). */
    public long fsyncCount() {
        return fsyncs.sum();
    }

    /** Total time spent forcing records to disk, nanoseconds. */
    public long fsyncNanos() {
        return fsyncNanos.sum();
    }

    /**
     * Exports {@code ledger.journal.written} and {@code ledger.journal.durable} (sequences) and the counters
     * {@code ledger.journal.fsyncs} and {@code ledger.journal.fsync.seconds}.
     */
    public void bindMetrics(MeterRegistry registry) {
        Gauge.builder("ledger.journal.written", this, ShareJournal::writtenSequence)
                .description("last share sequence written to the journal")
                .register(registry);
        Gauge.builder("ledger.journal.durable", this, ShareJournal::durableSequence)
                .description("last share sequence forced to disk")
                .register(registry);
        FunctionCounter.builder("ledger.journal.fsyncs", this, j -> j.fsyncCount())
                .description("journal fsyncs")
                .register(registry);
        FunctionCounter.builder("ledger.journal.fsync.seconds", this, j -> j.fsyncNanos() / 1e9)
                .description("time spent in journal fsyncs")
                .register(registry);
    }

    /** Waits until {@code seq} is durable (for callers that want per-batch durability); false on timeout. */
    public boolean awaitDurable(long seq, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (durableSeq < seq) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
        return true;
    }

    private void preallocLoop() {
        while (true) {
            lock.lock();
            boolean stop = closed;
            lock.unlock();
            if (stop) {
                return;
            }
            try {
                prepareSpare();
            } catch (IOException e) {
                log.warn(
                        "cannot prepare the next share journal segment (disk full?); rotation will try again: {}",
                        e.toString());
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        }
    }

    private void syncLoop() {
        long interval = TimeUnit.MILLISECONDS.toNanos(options.fsyncIntervalMillis());
        while (true) {
            LockSupport.parkNanos(interval);
            lock.lock();
            boolean stop = closed;
            lock.unlock();
            if (stop || Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                sync();
                syncFailure = null;
            } catch (IOException | UncheckedIOException e) {
                if (syncFailure == null) {
                    log.error("share journal fsync failed; will retry", e);
                }
                syncFailure = e instanceof IOException io ? io : ((UncheckedIOException) e).getCause();
            }
        }
    }

    /** A reader positioned after {@code afterSeq}; it returns records up to the durable sequence. */
    public JournalReader reader(long afterSeq) throws IOException {
        return new JournalReader(this, afterSeq);
    }

    /** The segment files, oldest first, keyed by their first sequence. */
    public Map<Long, Path> segments() {
        return Map.copyOf(segments);
    }

    ConcurrentSkipListMap<Long, Path> segmentMap() {
        return segments;
    }

    /**
     * Deletes the segments all of whose records are at or below {@code appliedSeq} (the ledger has them); never the
     * newest. Returns how many were deleted.
     */
    public int deleteSegmentsThrough(long appliedSeq) throws IOException {
        int deleted = 0;
        while (true) {
            Map.Entry<Long, Path> first = segments.firstEntry();
            Long next = first == null ? null : segments.higherKey(first.getKey());
            if (next == null || next - 1 > appliedSeq) {
                return deleted;
            }
            Files.deleteIfExists(first.getValue());
            segments.remove(first.getKey());
            deleted++;
        }
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(syncer);
        LockSupport.unpark(preallocator);
        try {
            syncer.join(5_000);
            preallocator.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sync(); // rotated-out segments, the directory, the current segment's tail
        lock.lock();
        try {
            current.force();
            durableSeq = lastSeq;
            currentChannel.close();
            if (spare != null) {
                spare.channel().close();
                Files.deleteIfExists(spare.file());
                spare = null;
            }
        } finally {
            lock.unlock();
        }
    }
}
