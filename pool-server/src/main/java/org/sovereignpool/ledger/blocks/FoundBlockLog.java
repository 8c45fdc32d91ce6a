package org.sovereignpool.ledger.blocks;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.mining.WorkerName;

/**
 * A local, fsynced, append-only file of found blocks (one JSON object per line). Three kinds of line: a
 * <em>candidate</em>, written ahead of {@code submitblock} (header, coinbase, height, worker, job, reward), so a crash
 * while the block is in flight cannot make the ledger forget it; a <em>result</em>, written when the nodes have
 * answered, before the database is asked, so a block found while the database is down is not lost (miningcore#531);
 * and <em>rejected</em>, when every node refused the block (a consensus rejection or an RPC error): it is not a found
 * block, so the candidate is settled without entering the ledger (the submitter keeps its hex for inspection).
 * Lines of files written before candidates existed have no {@code kind} and are results. A torn last line is skipped
 * at reading. Each line carries the block's {@code treasuryIndex} when the treasury is a descriptor (the index is
 * used from its candidate line on, whatever becomes of the block). Thread safe.
 */
public final class FoundBlockLog {
    private static final Logger log = LoggerFactory.getLogger(FoundBlockLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CANDIDATE = "candidate";
    static final String RESULT = "result";
    static final String REJECTED = "rejected";

    private final Path file;

    public FoundBlockLog(Path file) {
        this.file = file;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Line(
            String kind,
            int height,
            String hash,
            String operator,
            String worker,
            long timeMillis,
            long rewardSats,
            double networkDifficulty,
            long creditAfterSeq,
            Map<String, String> submitResults,
            String header,
            String coinbase,
            String jobId,
            Long treasuryIndex) {}

    /** A result: the block and the journal sequence its credits wait for. */
    public record Entry(FoundBlockInfo block, long creditAfterSeq) {}

    /**
     * A block about to be submitted: what the ledger needs to record it ({@code block}, without submission results)
     * and what the share was (80-byte header and coinbase in hex, the job id), for the record.
     */
    public record Candidate(
            FoundBlockInfo block, long creditAfterSeq, String headerHex, String coinbaseHex, String jobIdHex) {
        public Candidate {
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(headerHex, "headerHex");
            Objects.requireNonNull(coinbaseHex, "coinbaseHex");
            Objects.requireNonNull(jobIdHex, "jobIdHex");
        }
    }

    /** What the file holds, in file order; {@code rejected} the hashes of blocks every node refused. */
    public record Contents(List<Candidate> candidates, List<Entry> results, Set<String> rejected) {
        public Contents {
            candidates = List.copyOf(candidates);
            results = List.copyOf(results);
            rejected = Set.copyOf(rejected);
        }

        public Contents(List<Candidate> candidates, List<Entry> results) {
            this(candidates, results, Set.of());
        }
    }

    /** Appends a result line (fsynced). */
    public synchronized void append(FoundBlockInfo b, long creditAfterSeq) throws IOException {
        write(line(RESULT, b, creditAfterSeq, b.submitResults(), null, null, null));
    }

    /** Appends a rejected line (fsynced): every node refused the block, which settles its candidate. */
    public synchronized void appendRejected(FoundBlockInfo b) throws IOException {
        write(line(REJECTED, b, 0, b.submitResults(), null, null, null));
    }

    /** Appends a candidate line (fsynced): call it before the block is submitted. */
    public synchronized void appendCandidate(Candidate c) throws IOException {
        write(line(CANDIDATE, c.block(), c.creditAfterSeq(), null, c.headerHex(), c.coinbaseHex(), c.jobIdHex()));
    }

    private static Line line(
            String kind,
            FoundBlockInfo b,
            long creditAfterSeq,
            Map<String, String> results,
            String header,
            String coinbase,
            String jobId) {
        return new Line(
                kind,
                b.height(),
                b.hash(),
                b.finder().operatorId(),
                b.finder().worker(),
                b.timeMillis(),
                b.rewardSats(),
                b.networkDifficulty(),
                creditAfterSeq,
                results,
                header,
                coinbase,
                jobId,
                b.treasuryIndex() == BlockRecord.NO_TREASURY_INDEX ? null : b.treasuryIndex());
    }

    private void write(Line line) throws IOException {
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot encode found block " + line.hash(), e);
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

    /** The result lines (what the ledger must hold). */
    public List<Entry> readAll() throws IOException {
        return read().results();
    }

    public synchronized Contents read() throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        List<Entry> results = new ArrayList<>();
        Set<String> rejected = new HashSet<>();
        if (!Files.exists(file)) {
            return new Contents(candidates, results, rejected);
        }
        int n = 0;
        for (String s : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (s.isBlank()) {
                continue;
            }
            try {
                Line l = JSON.readValue(s, Line.class);
                FoundBlockInfo info = new FoundBlockInfo(
                        l.height(),
                        l.hash(),
                        new WorkerName(l.operator(), l.worker()),
                        l.timeMillis(),
                        l.rewardSats(),
                        l.networkDifficulty(),
                        l.submitResults() == null ? Map.of() : l.submitResults(),
                        l.treasuryIndex() == null ? BlockRecord.NO_TREASURY_INDEX : l.treasuryIndex());
                if (CANDIDATE.equals(l.kind())) {
                    candidates.add(new Candidate(info, l.creditAfterSeq(), l.header(), l.coinbase(), l.jobId()));
                } else if (REJECTED.equals(l.kind())) {
                    rejected.add(l.hash());
                } else {
                    results.add(new Entry(info, l.creditAfterSeq()));
                }
            } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
                log.warn("{} line {} is unreadable (torn write?), skipped: {}", file, n, e.getMessage());
            }
        }
        return new Contents(candidates, results, rejected);
    }
}
