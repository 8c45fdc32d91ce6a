package org.sovereignpool.ledger.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads journal records in sequence order, from the segment files, up to the journal's durable sequence. Not thread
 * safe: one reader per consumer (the ledger applier).
 */
public final class JournalReader implements AutoCloseable {
    private static final int CHUNK = 1 << 20;

    private final ShareJournal journal;
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
    private long lastSeq;
    private long segmentFirst = -1;
    private FileChannel channel;
    private long filePos;

    JournalReader(ShareJournal journal, long afterSeq) throws IOException {
        this.journal = journal;
        this.lastSeq = afterSeq;
        Map.Entry<Long, Path> seg = journal.segmentMap().floorEntry(afterSeq + 1);
        if (seg == null) {
            seg = journal.segmentMap().firstEntry();
        }
        if (seg != null) {
            openAt(seg.getKey(), seg.getValue());
        }
        // skip records at or below afterSeq
        read(Integer.MAX_VALUE, afterSeq, r -> {});
        this.lastSeq = afterSeq;
    }

    /** The sequence of the last record returned (or skipped). */
    public long lastSequence() {
        return lastSeq;
    }

    /** Reads at most {@code max} durable records after {@link #lastSequence()}; returns how many were passed. */
    public int read(int max, Consumer<JournalRecord> sink) throws IOException {
        return read(max, journal.durableSequence(), sink);
    }

    private int read(int max, long upTo, Consumer<JournalRecord> sink) throws IOException {
        int n = 0;
        while (n < max && lastSeq < upTo && channel != null) {
            chunk.clear();
            int got = 0;
            while (chunk.hasRemaining()) {
                int r = channel.read(chunk, filePos + got);
                if (r <= 0) {
                    break;
                }
                got += r;
            }
            int pos = 0;
            boolean segmentDone = false;
            while (n < max) {
                JournalCodec.Decoded d = JournalCodec.decode(chunk, pos, got);
                if (d instanceof JournalCodec.Ok ok) {
                    JournalRecord rec = ok.record();
                    if (rec.sequence() > upTo) {
                        filePos += pos;
                        return n; // not durable yet: leave it for the next call
                    }
                    pos += ok.size();
                    if (rec.sequence() > lastSeq) {
                        lastSeq = rec.sequence();
                        sink.accept(rec);
                        n++;
                    }
                } else {
                    // a record may straddle the end of a full chunk: read on from here; else the written end
                    segmentDone = !(got == CHUNK && got - pos < JournalCodec.MAX_RECORD);
                    break;
                }
            }
            filePos += pos;
            if (segmentDone) {
                Map.Entry<Long, Path> next = journal.segmentMap().higherEntry(segmentFirst);
                if (next == null) {
                    return n; // the segment being written: more will come
                }
                openAt(next.getKey(), next.getValue()); // a newer segment exists, so this one is complete
            }
        }
        return n;
    }

    private void openAt(long first, Path file) throws IOException {
        close();
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IOException("journal segment " + file + " is gone (deleted before it was applied?)", e);
        }
        segmentFirst = first;
        filePos = 0;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
