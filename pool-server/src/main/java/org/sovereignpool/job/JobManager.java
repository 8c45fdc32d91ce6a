package org.sovereignpool.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.TreasuryPayee;
import org.sovereignpool.mining.AnchorSource;
import org.sovereignpool.mining.JobListener;
import org.sovereignpool.node.NodeException;
import org.sovereignpool.node.TemplateSource;
import org.sovereignpool.share.job.CoinbaseBuilder;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.job.MerkleBranch;
import org.sovereignpool.share.job.ReceiptAnchor;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Hash256;

/**
 * Turns templates into jobs and hands them to {@link JobListener}s (the Stratum server). A new block (from the
 * template source's listener) gives a job with {@code clean_jobs=true}; the periodic mempool refresh gives one with
 * {@code clean_jobs=false}. Every job is kept with its template in a bounded window of recent jobs, so that a share
 * on an older job (accepted until the next block) can still be checked and a block assembled.
 *
 * <p>Threading: refreshes run one at a time ({@code synchronized}); with {@link #start} they run on the manager's own
 * thread. Reads ({@link #currentJob}, {@link #issued}, {@link #isStale}) are safe from any thread. Listeners are
 * called on the refreshing thread and must not block.
 */
public final class JobManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobManager.class);
    public static final int DEFAULT_WINDOW = 64;

    /** Why a template was fetched: the tag of {@code job.templates}. */
    public enum Reason {
        STARTUP("startup"),
        NEW_BLOCK("new-block"),
        /**
         * A new block, before its template: a job with no transactions from the tip's header ({@link EmptyTemplate});
         * the {@link #NEW_BLOCK} job follows as soon as the template is fetched.
         */
        NEW_BLOCK_EMPTY("new-block-empty"),
        MEMPOOL_REFRESH("mempool-refresh"),
        /** Templates now come from another node, or a node that was down is back. */
        NODE_CHANGE("node-change"),
        /** The receipt chain has a new head: a job whose coinbase anchors it. */
        ANCHOR("anchor"),
        /** A found block used the treasury's index: jobs pay the next one. */
        TREASURY_INDEX("treasury-index"),
        MANUAL("manual");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /**
     * A job with the template it was built from, the receipt head its coinbase anchors (if any) and the {@code
     * treasury.descriptor} index its coinbase pays ({@link TreasuryPayee#NO_INDEX} for a fixed address).
     */
    public record IssuedJob(
            Job job, BlockTemplate template, Reason reason, Optional<ReceiptAnchor> anchor, long treasuryIndex) {
        public IssuedJob {
            Objects.requireNonNull(anchor, "anchor");
        }

        /** A job paying a fixed treasury address. */
        public IssuedJob(Job job, BlockTemplate template, Reason reason, Optional<ReceiptAnchor> anchor) {
            this(job, template, reason, anchor, TreasuryPayee.NO_INDEX);
        }
    }

    private final TemplateSource source;
    private final CoinbaseBuilder coinbase;
    private final JobIds ids;
    private final int window;
    private final MeterRegistry registry;
    private final AnchorSource anchors;
    private volatile TreasuryIndexing treasury;
    /** A descriptor treasury: no job until {@link #payTreasuryIndexes} says which index to pay. */
    private volatile boolean indexRequired;

    private long builtIndex = TreasuryPayee.NO_INDEX;
    private CoinbaseBuilder builtCoinbase;
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, IssuedJob> recent;
    private final Map<Reason, Timer> newBlockLatency = new java.util.EnumMap<>(Reason.class);
    private volatile IssuedJob current;
    private volatile ScheduledExecutorService executor;
    /** Set: an empty job on each new block, on this network, at this clock's time ({@link #emptyJobsOnNewBlock}). */
    private volatile EmptyJobs emptyJobs;

    private record EmptyJobs(Network network, Clock clock) {}

    /**
     * @param source where templates come from
     * @param coinbase how the coinbase is built (treasury script, tag, extranonce sizes)
     * @param ids job id generator
     * @param window how many recent jobs are kept (at least 2)
     * @param registry where {@code job.templates} is counted
     */
    public JobManager(TemplateSource source, CoinbaseBuilder coinbase, JobIds ids, int window, MeterRegistry registry) {
        this(source, coinbase, ids, window, registry, AnchorSource.NONE);
    }

    /**
     * As {@link #JobManager(TemplateSource, CoinbaseBuilder, JobIds, int, MeterRegistry)}, with every coinbase
     * anchoring the receipt chain head {@code anchors} gives when the job is built (none while it gives none).
     */
    public JobManager(
            TemplateSource source,
            CoinbaseBuilder coinbase,
            JobIds ids,
            int window,
            MeterRegistry registry,
            AnchorSource anchors) {
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.source = Objects.requireNonNull(source, "source");
        this.coinbase = Objects.requireNonNull(coinbase, "coinbase");
        this.ids = Objects.requireNonNull(ids, "ids");
        if (window < 2) {
            throw new IllegalArgumentException("the job window must be >= 2, got " + window);
        }
        this.window = window;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, IssuedJob> eldest) {
                return size() > JobManager.this.window;
            }
        };
    }

    /**
     * The job manager a pool configuration describes: coinbase paying the treasury's scriptPubKey with the pool tag,
     * an extranonce slot of {@code extranonce1Size} (chosen by the Stratum server) plus {@code
     * stratum.extranonce2Size}, at most {@link CoinbaseBuilder#DEFAULT_MAX_COINBASE_BYTES} bytes; job ids from the
     * pool's node id and the clock's current second; a window of {@link #DEFAULT_WINDOW} jobs.
     *
     * @throws IllegalArgumentException when that coinbase would exceed the limits (scriptSig 100 bytes, 500 bytes)
     */
    public static JobManager fromConfig(
            PoolConfig config, TemplateSource source, int extranonce1Size, Clock clock, MeterRegistry registry) {
        return fromConfig(config, source, extranonce1Size, clock, registry, AnchorSource.NONE);
    }

    /** As {@link #fromConfig(PoolConfig, TemplateSource, int, Clock, MeterRegistry)}, anchoring what {@code anchors} gives. */
    public static JobManager fromConfig(
            PoolConfig config,
            TemplateSource source,
            int extranonce1Size,
            Clock clock,
            MeterRegistry registry,
            AnchorSource anchors) {
        CoinbaseBuilder coinbase = new CoinbaseBuilder(
                config.pool().tag().getBytes(StandardCharsets.US_ASCII),
                // a descriptor's index 0 only sizes the coinbase: jobs pay the index payTreasuryIndexes gives
                config.treasury().payee().scriptPubKey(0),
                extranonce1Size,
                config.stratum().extranonce2Size(),
                CoinbaseBuilder.DEFAULT_MAX_COINBASE_BYTES);
        JobIds ids = new JobIds(config.pool().nodeId(), clock.instant().getEpochSecond());
        JobManager manager = new JobManager(source, coinbase, ids, DEFAULT_WINDOW, registry, anchors);
        manager.indexRequired = config.treasury().isDescriptor();
        if (config.job().emptyJobOnNewBlock()) {
            manager.emptyJobsOnNewBlock(config.network(), clock);
        }
        return manager;
    }

    /**
     * Where a descriptor treasury's index comes from: each job pays {@code payee.scriptPubKey(index.getAsLong())},
     * read once when the job is built (so a job uses one index, and the job built after the index moves pays the
     * next). Without it every job pays the coinbase builder's fixed script. Set it before {@link #start}.
     */
    public record TreasuryIndexing(TreasuryPayee payee, LongSupplier index) {
        public TreasuryIndexing {
            Objects.requireNonNull(payee, "payee");
            Objects.requireNonNull(index, "index");
        }
    }

    /**
     * Pays a descriptor treasury at the index {@code indexing} gives (see {@link TreasuryIndexing}); checks at once
     * that the coinbase fits the limits with that payee's scripts.
     *
     * @throws IllegalArgumentException when the coinbase would exceed the limits
     */
    public synchronized void payTreasuryIndexes(TreasuryIndexing indexing) {
        coinbaseAt(indexing.payee(), indexing.index().getAsLong());
        this.treasury = indexing;
    }

    /** The coinbase builder paying {@code t}'s current index, or the fixed treasury script without one. */
    private CoinbaseBuilder coinbaseFor(TreasuryIndexing t) {
        return t == null ? coinbase : coinbaseFor(t, t.index().getAsLong());
    }

    private CoinbaseBuilder coinbaseFor(TreasuryIndexing t, long index) {
        return t == null ? coinbase : coinbaseAt(t.payee(), index);
    }

    private CoinbaseBuilder coinbaseAt(TreasuryPayee payee, long index) {
        if (index != builtIndex || builtCoinbase == null) {
            builtCoinbase = coinbase.withPayoutScript(payee.scriptPubKey(index));
            builtIndex = index;
        }
        return builtCoinbase;
    }

    /**
     * On each new block the source announces, issue first a job with no transactions built from the new tip's header
     * ({@link EmptyTemplate}, {@code clean_jobs=true}), then the full template's job ({@code clean_jobs=false} when it
     * builds on the same tip). Off unless called; {@code job.emptyJobOnNewBlock} in the configuration.
     */
    public void emptyJobsOnNewBlock(Network network, Clock clock) {
        this.emptyJobs =
                new EmptyJobs(Objects.requireNonNull(network, "network"), Objects.requireNonNull(clock, "clock"));
    }

    public void addListener(JobListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Fetches a template now and issues a job from it. Returns empty (with a log line and {@code
     * job.template.failures{reason}}) when no node can give one, e.g. during initial block download.
     */
    public synchronized Optional<Job> refresh(Reason reason) {
        return refresh(reason, JobListener.NO_TIP);
    }

    private synchronized Optional<Job> refresh(Reason reason, long tipSeenNanos) {
        Optional<BlockTemplate> template = fetchTemplate(reason);
        if (template.isEmpty()) {
            return Optional.empty();
        }
        IssuedJob previous = current;
        if (reason == Reason.NEW_BLOCK
                && previous != null
                && previous.job().prevHash().equals(template.get().previousBlockHash())) {
            log.debug("block notification for the tip we already build on");
        }
        return issue(template.get(), reason, tipSeenNanos);
    }

    /** A template from the source, or empty with a log line and {@code job.template.failures}. Any thread. */
    private Optional<BlockTemplate> fetchTemplate(Reason reason) {
        try {
            return Optional.of(source.template());
        } catch (NodeException e) {
            Counter.builder("job.template.failures")
                    .description("templates that could not be fetched, by cause")
                    .tag("reason", e.kind().tag())
                    .register(registry)
                    .increment();
            log.warn("no new job ({}): {}", reason.tag(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A new tip, learnt at {@code tipSeenNanos}: with {@link #emptyJobsOnNewBlock} on and a new tip, the empty job
     * first while the template is fetched beside it, then the template's job; else the template's job. On the
     * manager's thread.
     */
    synchronized void newBlock(Hash256 tip, long tipSeenNanos) {
        EmptyJobs rules = emptyJobs;
        IssuedJob previous = current;
        if (rules == null || previous == null || previous.job().prevHash().equals(tip)) {
            refresh(Reason.NEW_BLOCK, tipSeenNanos);
            return;
        }
        // the template's round trip runs while the header is read and the empty job goes out
        CompletableFuture<Optional<BlockTemplate>> full = CompletableFuture.supplyAsync(
                () -> fetchTemplate(Reason.NEW_BLOCK),
                task -> Thread.ofVirtual().name("job-template").start(task));
        emptyJob(rules, previous.template(), tip, tipSeenNanos);
        Optional<BlockTemplate> template = full.join();
        if (template.isPresent()
                && template.get().previousBlockHash().equals(previous.job().prevHash())) {
            // a node announces a block once its tip moved, so this is not expected; never send the old tip again
            log.warn(
                    "the template fetched on block {} still builds on {}: fetching it again",
                    tip,
                    previous.job().prevHash());
            template = fetchTemplate(Reason.NEW_BLOCK);
        }
        template.ifPresent(t -> issue(t, Reason.NEW_BLOCK, tipSeenNanos));
    }

    private void emptyJob(EmptyJobs rules, BlockTemplate last, Hash256 tip, long tipSeenNanos) {
        Optional<EmptyTemplate.Built> built;
        try {
            built = emptyTemplate(rules, last, tip);
        } catch (NodeException e) {
            log.warn("no empty job on block {}: getblockheader failed: {}", tip, e.getMessage());
            return;
        }
        if (built.isEmpty()) {
            log.warn("no empty job on block {}: the node does not know it", tip);
            return;
        }
        if (built.get().template().isEmpty()) {
            log.info("no empty job on block {}: {}", tip, built.get().whyNot());
            return;
        }
        issue(built.get().template().get(), Reason.NEW_BLOCK_EMPTY, tipSeenNanos);
    }

    /** The empty job's template on {@code tip} (or why there is none); empty when the node does not know the tip. */
    private Optional<EmptyTemplate.Built> emptyTemplate(EmptyJobs rules, BlockTemplate last, Hash256 tip)
            throws NodeException {
        long nowSeconds = Math.floorDiv(rules.clock().millis(), 1000);
        return source.blockHeader(tip).map(header -> EmptyTemplate.on(rules.network(), last, header, nowSeconds));
    }

    /**
     * At start, with {@link #emptyJobsOnNewBlock} on: builds (without sending) the empty job the current tip would
     * give, so that the log says at once whether the node's {@code getblockheader} serves it, and the path a new
     * block takes has run once (classes loaded, connections open) before the first block. Returns what it found.
     */
    synchronized String checkEmptyJobs() {
        EmptyJobs rules = emptyJobs;
        IssuedJob c = current;
        if (rules == null) {
            return "off";
        }
        if (c == null) {
            log.info("empty job on a new block: on, not checked (no job yet)");
            return "on, not checked (no job yet)";
        }
        Hash256 tip = c.job().prevHash();
        String outcome;
        try {
            Optional<EmptyTemplate.Built> built = emptyTemplate(rules, c.template(), tip);
            if (built.isEmpty()) {
                outcome = "the node does not know its tip " + tip + " (getblockheader)";
            } else if (built.get().template().isPresent()) {
                BlockTemplate t = built.get().template().get();
                TreasuryIndexing ti = treasury;
                coinbaseFor(ti).build(t.height(), t.coinbaseValue(), t.witnessCommitmentOrNull(), null);
                outcome = "on: one built from tip " + tip + " (height " + t.height() + ", value " + t.coinbaseValue()
                        + ")";
            } else {
                outcome = "on, but none on tip " + tip + ": " + built.get().whyNot();
            }
        } catch (NodeException | RuntimeException e) {
            outcome = "on, but getblockheader failed: " + e.getMessage();
        }
        log.info("empty job on a new block: {}", outcome);
        return outcome;
    }

    private Timer newBlockTimer(Reason reason) {
        return Timer.builder("job.new_block.latency")
                .description("from the new block's notification (the ZMQ message's arrival) to its job handed to the"
                        + " event loops: job=new-block-empty for the empty job, new-block for the full template's")
                .tag("job", reason.tag())
                .register(registry);
    }

    /** Builds and publishes a job from {@code template}; under the monitor. */
    private Optional<Job> issue(BlockTemplate template, Reason reason, long tipSeenNanos) {
        IssuedJob previous = current;
        boolean newTip = previous == null || !previous.job().prevHash().equals(template.previousBlockHash());
        Optional<ReceiptAnchor> anchor = anchors.currentAnchor();
        TreasuryIndexing t = treasury;
        if (t == null && indexRequired) {
            log.error("no job: the treasury is a descriptor, and no treasury index source is set");
            return Optional.empty();
        }
        long index = t == null ? TreasuryPayee.NO_INDEX : t.index().getAsLong();
        Job job = build(coinbaseFor(t, index), template, newTip, anchor.orElse(null));
        IssuedJob issued = new IssuedJob(job, template, reason, anchor, index);
        synchronized (recent) {
            recent.put(job.id(), issued);
        }
        current = issued;
        for (JobListener l : listeners) {
            try {
                l.newJob(job, tipSeenNanos);
            } catch (RuntimeException e) {
                log.error("job listener failed", e);
            }
        }
        long handedNanos = System.nanoTime();
        if (tipSeenNanos != JobListener.NO_TIP) {
            newBlockLatency
                    .computeIfAbsent(reason, this::newBlockTimer)
                    .record(handedNanos - tipSeenNanos, TimeUnit.NANOSECONDS);
        }
        // after the listeners (which hand the job to the event loops): the line is not on the way to the miners
        Counter.builder("job.templates")
                .description("templates turned into jobs, by reason")
                .tag("reason", reason.tag())
                .register(registry)
                .increment();
        log.info(
                "job {} height {} prev {} txs {} value {} clean_jobs={} anchor {}{} ({}{})",
                job.idHex(),
                job.height(),
                job.prevHash(),
                template.transactions().size(),
                template.coinbaseValue(),
                job.cleanJobs(),
                issued.anchor().map(a -> "receipt " + a.receiptId()).orElse("none"),
                index == TreasuryPayee.NO_INDEX ? "" : " treasury index " + index,
                reason.tag(),
                tipSeenNanos == JobListener.NO_TIP
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", handed to the event loops %.1f ms after the block's notification",
                                (handedNanos - tipSeenNanos) / 1e6));
        return Optional.of(job);
    }

    private Job build(CoinbaseBuilder coinbase, BlockTemplate template, boolean cleanJobs, ReceiptAnchor anchor) {
        CoinbaseBuilder.Parts parts =
                coinbase.build(template.height(), template.coinbaseValue(), template.witnessCommitmentOrNull(), anchor);
        int minTime = (int) template.minTime();
        int ntime = (int) Math.max(template.curTime(), template.minTime());
        return Job.builder()
                .id(ids.next())
                .height(template.height())
                .prevHash(template.previousBlockHash())
                .coinbase1(parts.coinbase1())
                .coinbase2(parts.coinbase2())
                .merkleBranch(MerkleBranch.fromTxids(template.txids()))
                .version(template.version())
                .bits(template.bits())
                .ntime(ntime)
                .minTime(minTime)
                .cleanJobs(cleanJobs)
                .build();
    }

    /**
     * Starts the manager's thread: a first job now, a new job with {@code clean_jobs=true} on every new block the
     * source reports, a new job when the source changes nodes (clean only if the tip differs), and one with {@code
     * clean_jobs=false} every {@code mempoolRefresh}.
     */
    public synchronized void start(Duration mempoolRefresh) {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("job-manager").daemon(true).factory());
        source.addTipListener((hash, seenNanos) -> executor.execute(() -> newBlock(hash, seenNanos)));
        source.addSourceChangeListener(() -> executor.execute(() -> refresh(Reason.NODE_CHANGE)));
        executor.execute(() -> refresh(Reason.STARTUP));
        executor.execute(this::checkEmptyJobs);
        long every = mempoolRefresh.toMillis();
        executor.scheduleWithFixedDelay(() -> refresh(Reason.MEMPOOL_REFRESH), every, every, TimeUnit.MILLISECONDS);
        source.start();
    }

    /**
     * Asks for a new job on the manager's thread ({@link #refresh} there), without waiting; ignored before
     * {@link #start} and after {@link #close}.
     */
    public void requestRefresh(Reason reason) {
        ScheduledExecutorService e = executor; // not under the monitor: refresh holds it while it fetches
        if (e != null) {
            try {
                e.execute(() -> refresh(reason));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                log.debug("job manager closed; {} refresh dropped", reason.tag());
            }
        }
    }

    /** The latest job, or null before the first template. */
    public Job currentJob() {
        IssuedJob c = current;
        return c == null ? null : c.job();
    }

    public Optional<IssuedJob> current() {
        return Optional.ofNullable(current);
    }

    /** A recent job and its template, by id; empty when unknown or fallen out of the window. */
    public Optional<IssuedJob> issued(long jobId) {
        synchronized (recent) {
            return Optional.ofNullable(recent.get(jobId));
        }
    }

    /** The template a job was built from. */
    public Optional<BlockTemplate> templateFor(long jobId) {
        return issued(jobId).map(IssuedJob::template);
    }

    /**
     * Whether shares for {@code job} are stale: it builds on another block than the latest job. Shares for older jobs
     * on the same block stay valid until the next block.
     */
    public boolean isStale(Job job) {
        IssuedJob c = current;
        return c != null && !c.job().prevHash().equals(job.prevHash());
    }

    /** The recent jobs, oldest first. */
    public List<IssuedJob> recentJobs() {
        synchronized (recent) {
            return new ArrayList<>(recent.values());
        }
    }

    /** The current tip as the latest job sees it. */
    public Optional<Hash256> currentPrevHash() {
        return current().map(c -> c.job().prevHash());
    }

    /** The bits of the current job (for statistics). */
    public Optional<CompactBits> currentBits() {
        return current().map(c -> c.job().bits());
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
