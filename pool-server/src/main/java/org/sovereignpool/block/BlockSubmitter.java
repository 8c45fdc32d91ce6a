package org.sovereignpool.block;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.job.JobManager;
import org.sovereignpool.ledger.store.DatabaseThreads;
import org.sovereignpool.mining.BlockSink;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.node.HeaderInfo;
import org.sovereignpool.node.NodeException;
import org.sovereignpool.node.SubmitResult;
import org.sovereignpool.node.TemplateSource;
import org.sovereignpool.share.job.BlockAssembler;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;

/**
 * Turns a block-solving share into a block and gets it to every node before anything else is done for that share.
 *
 * <p>{@link #blockFound} assembles the block on the caller's thread (header, coinbase with the witness reserved
 * value, the template's transactions: microseconds) and hands submission to the submitter's own thread, so the
 * Stratum event loop is not blocked by the nodes. The block goes to all nodes in parallel, and each answer is handled
 * as its meaning demands ({@link #submit}): accepted; known ("duplicate", "inconclusive": resolved with {@code
 * getblockheader}, preferred with {@code preciousblock}, stale if it stays off the best chain); rejected (Core's
 * reason logged, hex kept in {@code rejectedDir}, never counted as found); or unanswered (retried with backoff while
 * it can still win). Every outcome is logged with the share, counted in {@code block.submitted{result}}, and passed
 * to the {@link BlockResultListener}s.
 */
public final class BlockSubmitter implements BlockSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlockSubmitter.class);

    /**
     * @param maxAttempts submissions of one block at most (the first included)
     * @param retryBackoff the wait before the first retry, doubled each time
     */
    public record RetryPolicy(int maxAttempts, Duration retryBackoff) {
        public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(250));

        public RetryPolicy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
            }
            Objects.requireNonNull(retryBackoff, "retryBackoff");
        }
    }

    private final JobManager jobs;
    private final TemplateSource source;
    private final Path rejectedDir;
    private final RetryPolicy retry;
    private final MeterRegistry registry;
    private final ScheduledExecutorService executor;
    private final List<BlockResultListener> listeners = new CopyOnWriteArrayList<>();
    private volatile BlockWriteAhead writeAhead = BlockWriteAhead.NONE;

    /**
     * @param jobs where the template of each job is found
     * @param source where blocks go (every node)
     * @param rejectedDir where the hex of blocks no node accepted is written (created when needed)
     */
    public BlockSubmitter(
            JobManager jobs, TemplateSource source, Path rejectedDir, RetryPolicy retry, MeterRegistry registry) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.source = Objects.requireNonNull(source, "source");
        this.rejectedDir = Objects.requireNonNull(rejectedDir, "rejectedDir");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.registry = Objects.requireNonNull(registry, "registry");
        // Two threads: a block found while another block's submission waits on a slow node is not held up.
        this.executor = Executors.newScheduledThreadPool(
                2, Thread.ofPlatform().name("block-submitter-", 0).daemon(true).factory());
    }

    public void addListener(BlockResultListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The record written before each block's first submission (the ledger's write-ahead). */
    public void setWriteAhead(BlockWriteAhead writeAhead) {
        this.writeAhead = Objects.requireNonNull(writeAhead, "writeAhead");
    }

    private void writeAhead(FoundBlock found, BlockTemplate template) {
        try {
            writeAhead.beforeSubmit(found, template);
        } catch (RuntimeException e) {
            log.error("BLOCK {}: the write-ahead record failed; submitting it regardless", found.hash(), e);
        }
    }

    @Override
    public void blockFound(FoundBlock found) {
        Optional<BlockTemplate> template = jobs.templateFor(found.job().id());
        if (template.isEmpty()) {
            // Cannot happen while the job window is longer than a share can be late; keep what we have regardless.
            log.error(
                    "BLOCK {} by {} on job {}: its template is no longer known; header and coinbase kept",
                    found.hash(),
                    found.worker(),
                    found.job().idHex());
            Optional<Path> saved = save(found, Hex.encode(found.header()) + "\n" + Hex.encode(found.coinbase()));
            finish(new BlockResult(found, found.job().height(), List.of(), 0, false, saved, Optional.empty()));
            return;
        }
        BlockTemplate t = template.get();
        byte[] block = BlockAssembler.assemble(
                found.header(), found.coinbase(), t.defaultWitnessCommitment().isPresent(), t.transactionData());
        log.info(
                "BLOCK {} height {} found by {} on job {}",
                found.hash(),
                t.height(),
                found.worker(),
                found.job().idHex());
        executor.execute(() -> {
            writeAhead(found, t);
            submit(found, t.height(), block, 1);
        });
    }

    /**
     * One submission to every node, and what each kind of answer means (Bitcoin Core's submitblock, see the
     * recordings' README point 2):
     *
     * <ul>
     *   <li>null from any node: accepted and connected (even if the reply does not say it reorganised the chain);
     *   <li>"duplicate" (the node has it, e.g. our earlier attempt whose reply was lost, or relay was faster) and
     *       "inconclusive" (stored on a side branch: it arrived second at its height, or on an old tip): the node
     *       has a valid block; getblockheader says whether it is on the best chain, and preciousblock asks the nodes
     *       to prefer it when it is not (it wins a tie of equal work). Not on the best chain after that: stale;
     *   <li>any other string (Core's reason: "bad-prevblk", "bad-cb-amount", "duplicate-invalid", ...) or an RPC
     *       error: rejected. Logged with the reason and the share, the hex kept for inspection, never retried and
     *       never counted as found;
     *   <li>no answer at all: retried with backoff while the block can still win.
     * </ul>
     */
    private void submit(FoundBlock found, int height, byte[] block, int attempt) {
        List<SubmitResult> results = source.submitBlock(block);
        for (SubmitResult r : results) {
            log.info(
                    "BLOCK {} height {} by {} attempt {}: {} answered {}{}",
                    found.hash(),
                    height,
                    found.worker(),
                    attempt,
                    r.node(),
                    r.status().tag(),
                    r.reason().isEmpty() ? "" : " (" + r.reason() + ")");
        }
        boolean nodeHasIt =
                results.stream().anyMatch(r -> r.nodeHasBlock() || r.status() == SubmitResult.Status.INCONCLUSIVE);
        if (nodeHasIt) {
            Optional<Boolean> best = resolveOnChain(found.hash(), results);
            Optional<Path> saved = Optional.empty();
            if (best.isPresent() && !best.get()) {
                saved = save(found, Hex.encode(block));
                log.warn(
                        "BLOCK {} height {} by {} is STALE: the node stores it on a side branch ({}); it counts only"
                                + " if its branch becomes the best chain; hex kept at {}",
                        found.hash(),
                        height,
                        found.worker(),
                        results,
                        saved.map(Path::toString).orElse("(not written)"));
            }
            finish(new BlockResult(found, height, results, attempt, true, saved, best));
            return;
        }
        boolean definite = results.stream()
                .anyMatch(r -> r.status() == SubmitResult.Status.REJECTED || r.status() == SubmitResult.Status.ERROR);
        Optional<Path> saved = attempt == 1 ? save(found, Hex.encode(block)) : Optional.empty();
        if (!definite && attempt < retry.maxAttempts() && canStillWin(found)) {
            long delay = retry.retryBackoff().toMillis() << Math.min(attempt - 1, 16);
            log.warn("BLOCK {} not accepted yet; retry {} in {} ms", found.hash(), attempt + 1, delay);
            executor.schedule(() -> submit(found, height, block, attempt + 1), delay, TimeUnit.MILLISECONDS);
            return;
        }
        String where = saved.map(Path::toString).orElse("(earlier attempt)");
        if (definite) {
            for (SubmitResult r : results) {
                if (r.status() == SubmitResult.Status.REJECTED || r.status() == SubmitResult.Status.ERROR) {
                    log.error(
                            "BLOCK {} height {} by {} REJECTED by {}: {}; not counted as found; hex kept at {}",
                            found.hash(),
                            height,
                            found.worker(),
                            r.node(),
                            r.reason(),
                            where);
                }
            }
        } else {
            log.error(
                    "BLOCK {} height {} by {}: no node answered after {} attempts: {}; hex kept at {}",
                    found.hash(),
                    height,
                    found.worker(),
                    attempt,
                    results,
                    where);
        }
        finish(new BlockResult(found, height, results, attempt, false, saved, Optional.empty()));
    }

    /** Whether the block's parent is still the tip (or the block itself is): a retry may still make it count. */
    private boolean canStillWin(FoundBlock found) {
        try {
            Hash256 tip = source.bestBlockHash();
            return tip.equals(found.job().prevHash()) || tip.equals(found.hash());
        } catch (NodeException e) {
            return true; // cannot tell: the nodes may be coming back
        }
    }

    /**
     * Whether a block a node has is on the best chain (getblockheader confirmations >= 1); when it is not, the nodes
     * are asked to prefer it (preciousblock: it wins a tie of equal work) and asked again. Empty when no node answers.
     */
    private Optional<Boolean> resolveOnChain(Hash256 hash, List<SubmitResult> results) {
        try {
            Optional<HeaderInfo> header = source.blockHeader(hash);
            if (header.isPresent() && !header.get().onBestChain()) {
                source.preferBlock(hash);
                header = source.blockHeader(hash);
            }
            if (header.isEmpty()) {
                log.warn("BLOCK {}: the nodes answered {} but getblockheader does not know it", hash, results);
                return Optional.of(false);
            }
            log.info(
                    "BLOCK {} height {}: {} confirmation(s){}",
                    hash,
                    header.get().height(),
                    header.get().confirmations(),
                    header.get().onBestChain() ? ", on the best chain" : ", NOT on the best chain");
            return Optional.of(header.get().onBestChain());
        } catch (NodeException e) {
            log.warn("BLOCK {}: getblockheader failed: {}", hash, e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Path> save(FoundBlock found, String content) {
        try {
            Files.createDirectories(rejectedDir);
            Path file = rejectedDir.resolve("block-" + found.job().height() + "-" + found.hash() + ".hex");
            Files.writeString(file, content + "\n", StandardCharsets.US_ASCII);
            return Optional.of(file);
        } catch (IOException e) {
            log.error("BLOCK {}: could not keep the block hex in {}: {}", found.hash(), rejectedDir, e.toString());
            return Optional.empty();
        }
    }

    private void finish(BlockResult result) {
        Counter.builder("block.submitted")
                .description("found blocks by final outcome")
                .tag("result", result.outcome())
                .register(registry)
                .increment();
        for (BlockResultListener l : listeners) {
            try {
                l.blockResult(result);
            } catch (RuntimeException e) {
                log.error("block result listener failed", e);
            }
        }
    }

    /**
     * Lets a submission in progress finish (its result listeners record the block in the ledger database, which an
     * interrupt in the middle of H2's file I/O would close for the whole process), interrupting it only after 5 s.
     */
    @Override
    public void close() {
        DatabaseThreads.stop(executor, 5_000);
    }
}
