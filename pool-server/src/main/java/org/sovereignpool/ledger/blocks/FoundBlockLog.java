package org.sovereignpool.ledger.blocks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.mining.WorkerName;

/**
 * A local, fsynced, append-only file of found blocks (one JSON object per line), written before the database is
 * asked: a block found while the database is down is not lost (miningcore#531), and is inserted when it returns.
 * A torn last line is skipped at reading. Thread safe.
 */
public final class FoundBlockLog {
    private static final Logger log = LoggerFactory.getLogger(FoundBlockLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public FoundBlockLog(Path file) {
        this.file = file;
    }

    record Line(
            int height,
            String hash,
            String operator,
            String worker,
            long timeMillis,
            long rewardSats,
            double networkDifficulty,
            long creditAfterSeq,
            Map<String, String> submitResults) {}

    /** An entry: the block and the journal sequence its credits wait for. */
    public record Entry(FoundBlockInfo block, long creditAfterSeq) {}

    public synchronized void append(FoundBlockInfo b, long creditAfterSeq) throws IOException {
        Line line = new Line(
                b.height(),
                b.hash(),
                b.finder().operatorId(),
                b.finder().worker(),
                b.timeMillis(),
                b.rewardSats(),
                b.networkDifficulty(),
                creditAfterSeq,
                b.submitResults());
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot encode found block " + b.hash(), e);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    public synchronized List<Entry> readAll() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        int n = 0;
        for (String s : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (s.isBlank()) {
                continue;
            }
            try {
                Line l = JSON.readValue(s, Line.class);
                out.add(new Entry(
                        new FoundBlockInfo(
                                l.height(),
                                l.hash(),
                                new WorkerName(l.operator(), l.worker()),
                                l.timeMillis(),
                                l.rewardSats(),
                                l.networkDifficulty(),
                                l.submitResults()),
                        l.creditAfterSeq()));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                log.warn("{} line {} is unreadable (torn write?), skipped: {}", file, n, e.getMessage());
            }
        }
        return out;
    }
}
