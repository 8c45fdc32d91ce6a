package org.sovereignpool.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.accounting.Pplns;
import org.sovereignpool.accounting.Pps;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.block.BlockResultListener;
import org.sovereignpool.block.BlockSubmitter;
import org.sovereignpool.cluster.ClusterStore;
import org.sovereignpool.cluster.NodeFigures;
import org.sovereignpool.cluster.NodeStatusReporter;
import org.sovereignpool.config.LedgerConfig;
import org.sovereignpool.config.NodeConfig;
import org.sovereignpool.config.PayoutScheme;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.TreasuryPayee;
import org.sovereignpool.http.PoolHttpServer;
import org.sovereignpool.http.RuntimePoolStatus;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.job.JobManager;
import org.sovereignpool.ledger.JournalRefusedException;
import org.sovereignpool.ledger.LedgerApplier;
import org.sovereignpool.ledger.audit.NodeChainSource;
import org.sovereignpool.ledger.blocks.BlockCredits;
import org.sovereignpool.ledger.blocks.BlockTracker;
import org.sovereignpool.ledger.blocks.FoundBlockRecorder;
import org.sovereignpool.ledger.cluster.NodeLeaseKeeper;
import org.sovereignpool.ledger.journal.JournalOptions;
import org.sovereignpool.ledger.journal.ShareJournal;
import org.sovereignpool.ledger.receipts.ReceiptHeadCache;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.JournalProgress;
import org.sovereignpool.ledger.store.ShareAccrual;
import org.sovereignpool.node.RpcClient;
import org.sovereignpool.node.TemplateSource;
import org.sovereignpool.operator.HashrateTracker;
import org.sovereignpool.operator.OperatorHistory;
import org.sovereignpool.operator.OperatorRegistry;
import org.sovereignpool.operator.PowerAuthorizer;
import org.sovereignpool.operator.PowerMonitor;
import org.sovereignpool.operator.RegistryMismatchException;
import org.sovereignpool.operator.TrackingShareRecorder;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.stratum.ExtranonceAllocator;
import org.sovereignpool.stratum.Listener;
import org.sovereignpool.stratum.RegisteredOperators;
import org.sovereignpool.stratum.StratumServer;
import org.sovereignpool.treasury.PublicReports;
import org.sovereignpool.treasury.TreasuryCursorStore;
import org.sovereignpool.treasury.TreasuryIndexes;

/**
 * One running pool node: the ledger (share journal, database, applier, block tracker), the job manager on a
 * template source (bitcoind, or the simulated chain for the demo), block submission and the Stratum server, wired in
 * the order the data flows. {@link #close()} stops them in reverse, draining miners first.
 */
public final class PoolRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PoolRuntime.class);
    /** How often the tracker asks the node about found blocks (confirmations, orphans). */
    private static final long TRACKER_PERIOD_MILLIS = 5_000;

    private final PoolConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private final TemplateSource source;
    private final JdbcLedgerStore store;
    private final ShareJournal journal;
    private final LedgerApplier applier;
    private final NodeLeaseKeeper leaseKeeper;
    private final BlockTracker tracker;
    private final ReceiptHeadCache receiptHead;
    /** The descriptor treasury's index of this node; null for a fixed treasury address. */
    private final TreasuryIndexes treasuryIndexes;

    private final JobManager jobs;
    private final BlockSubmitter submitter;
    private final StratumServer stratum;
    private final List<InetSocketAddress> stratumAddresses;
    private final HashrateTracker hashrate;
    private final PowerMonitor power;
    private final RuntimePoolStatus status;
    private final PoolHttpServer http;
    private final InetSocketAddress httpAddress;
    private final NodeStatusReporter statusReporter;
    private final List<BlockResultListener> blockListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile boolean registryMismatch;
    private OperatorHistory operatorHistory;
    private final org.sovereignpool.energy.EnergyService energy;

    /**
     * Knobs that differ between the demo, tests and production; production uses {@link #defaults()}.
     *
     * @param trackerPeriod how often the block tracker asks the node about found blocks (5 s)
     * @param submitRetry how a block no node answered for is resubmitted
     * @param updateRegistry record the configured operators as the cluster's registry when they differ from it
     *     ({@code run --update-registry}); without it such a node refuses to start
     */
    public record Options(
            List<Listener> listeners,
            Path dataDir,
            InetSocketAddress http,
            Duration trackerPeriod,
            BlockSubmitter.RetryPolicy submitRetry,
            boolean updateRegistry) {
        public Options {
            Objects.requireNonNull(trackerPeriod, "trackerPeriod");
            Objects.requireNonNull(submitRetry, "submitRetry");
        }

        public static Options defaults(PoolConfig config) {
            return new Options(
                    config.stratum().listeners().stream().map(Listener::of).toList(),
                    config.ledger().journalDir().toAbsolutePath().getParent(),
                    new InetSocketAddress(config.http().host(), config.http().port()),
                    Duration.ofMillis(TRACKER_PERIOD_MILLIS),
                    BlockSubmitter.RetryPolicy.DEFAULT,
                    false);
        }

        public Options withListeners(List<Listener> listeners) {
            return new Options(listeners, dataDir, http, trackerPeriod, submitRetry, updateRegistry);
        }

        /** Where the HTTP server (API, metrics, dashboard) binds; tests use port 0. */
        public Options withHttp(InetSocketAddress address) {
            return new Options(listeners, dataDir, address, trackerPeriod, submitRetry, updateRegistry);
        }

        /** Where found blocks' hex and other node-local files go (tests and child processes use a temp dir). */
        public Options withDataDir(Path dir) {
            return new Options(listeners, dir, http, trackerPeriod, submitRetry, updateRegistry);
        }

        /** How often found blocks are checked against the node (tests: a fraction of a second). */
        public Options withTrackerPeriod(Duration period) {
            return new Options(listeners, dataDir, http, period, submitRetry, updateRegistry);
        }

        public Options withSubmitRetry(BlockSubmitter.RetryPolicy retry) {
            return new Options(listeners, dataDir, http, trackerPeriod, retry, updateRegistry);
        }

        /** Whether the configured operators may become the cluster's registry (see {@code run --update-registry}). */
        public Options withUpdateRegistry(boolean update) {
            return new Options(listeners, dataDir, http, trackerPeriod, submitRetry, update);
        }
    }

    /** Makes the template source once the registry exists (the node client registers its meters). */
    @FunctionalInterface
    public interface SourceFactory {
        TemplateSource create(MeterRegistry registry) throws Exception;
    }

    private PoolRuntime(
            PoolConfig config,
            SourceFactory sources,
            Clock clock,
            Options options,
            org.sovereignpool.energy.EnergyService.Options energyOptions)
            throws Exception {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.source = Objects.requireNonNull(sources.create(registry), "source");
        int nodeId = config.pool().nodeId();
        var ledger = config.ledger();
        List<AutoCloseable> opened = new ArrayList<>();
        opened.add(source);
        try {
            // The ledger first: no share may be accepted before there is a journal to hold it. The database may be
            // down; the journal then starts from its own files and the applier catches up later.
            store = JdbcLedgerStore.openDeferred(ledger.jdbcUrl(), ledger.user(), ledger.password(), null);
            opened.add(store);
            // one live instance per node id: refused at start while another holds it (DuplicateNodeIdException);
            // with the database down, claimed when it returns, and shares are applied only while it is held
            leaseKeeper = new NodeLeaseKeeper(
                    store,
                    nodeId,
                    NodeLeaseKeeper.thisHost(),
                    ledger.nodeLeaseSeconds() * 1000L,
                    clock::millis,
                    registry);
            opened.add(leaseKeeper);
            JournalProgress progress = null;
            String databaseProblem = null;
            try {
                leaseKeeper.claim();
                progress = store.journalProgress(nodeId);
            } catch (SQLException e) {
                databaseProblem = e.getMessage();
                LOG.warn(
                        "ledger database unreachable at start ({}); journalling shares until it returns",
                        databaseProblem);
            }
            journal = openJournal(nodeId, ledger, progress, databaseProblem);
            opened.add(journal);
            // one operator registry for the cluster: a node configured otherwise refuses to start, unless told to
            // record its configuration (run --update-registry); checked when the database returns if it is down
            operatorHistory = new OperatorHistory(store.dataSource());
            Gauge.builder("operator.registry.mismatch", this, p -> p.registryMismatch ? 1 : 0)
                    .description("1 when the configured operators differ from the cluster's registry")
                    .register(registry);
            try {
                if (databaseProblem != null) {
                    throw new SQLException(databaseProblem);
                }
                checkOperatorRegistry(options.updateRegistry());
            } catch (SQLException e) {
                deferRegistryCheck(options.updateRegistry());
            }
            journal.bindMetrics(registry);
            // PPLNS: found blocks credit their window; PPS: every applied share is credited in the transaction that
            // applies it, and blocks credit nothing
            boolean pps = config.payout().scheme() == PayoutScheme.PPS;
            applier = new LedgerApplier(
                    journal,
                    store,
                    nodeId,
                    LedgerApplier.Options.defaults(),
                    pps ? Pps.forNetwork(config.network()) : ShareAccrual.NONE,
                    registry,
                    clock::millis);
            opened.add(applier);
            leaseKeeper.onConflict(reason -> LOG.error("{}", reason));
            applier.requireLease(leaseKeeper::held);
            leaseKeeper.start();
            applier.start();
            BlockCredits credits =
                    pps ? BlockCredits.PPS : new Pplns(config.payout().windowFactor());
            tracker = new BlockTracker(
                    store,
                    new NodeChainView(source),
                    credits,
                    nodeId,
                    ledger.journalDir().resolve("found-blocks.jsonl"),
                    journal::writtenSequence,
                    clock::millis);
            opened.add(tracker);
            tracker.leadOnlyWhen(leaseKeeper::isLeader);
            tracker.start(options.trackerPeriod().toMillis());

            // every coinbase anchors the receipt chain's head, read off the job manager's path (README: On-chain
            // anchors); a first read now, so that the first job anchors it when the database is up
            receiptHead = new ReceiptHeadCache(store::receiptHead).bindTo(registry);
            opened.add(receiptHead);
            receiptHead.refresh();
            jobs = JobManager.fromConfig(config, source, ExtranonceAllocator.SIZE, clock, registry, receiptHead);
            opened.add(jobs);
            // a descriptor treasury: every job pays this node's current index, written to the ledger before the first
            // job pays it; a found block moves it on (README: Treasury)
            TreasuryPayee payee = config.treasury().payee();
            if (payee.freshPerIndex()) {
                treasuryIndexes = TreasuryIndexes.resume(
                        nodeId,
                        new TreasuryCursorStore(store.dataSource()),
                        ledger.journalDir().resolve("found-blocks.jsonl"),
                        clock::millis);
                jobs.payTreasuryIndexes(new JobManager.TreasuryIndexing(payee, treasuryIndexes::current));
                prederive(payee, treasuryIndexes.current() + 1);
            } else {
                treasuryIndexes = null;
            }
            receiptHead.addChangeListener(head -> jobs.requestRefresh(JobManager.Reason.ANCHOR));
            receiptHead.start(ReceiptHeadCache.DEFAULT_PERIOD_MILLIS);
            Path blocksDir = options.dataDir().resolve("blocks");
            Files.createDirectories(blocksDir);
            submitter = new BlockSubmitter(jobs, source, blocksDir, options.submitRetry(), registry);
            opened.add(submitter);
            FoundBlockRecorder recorder = new FoundBlockRecorder(
                    tracker,
                    found -> jobs.templateFor(found.job().id())
                            .map(BlockTemplate::coinbaseValue)
                            .orElse(0L),
                    found -> jobs.issued(found.job().id())
                            .map(JobManager.IssuedJob::treasuryIndex)
                            .orElse(TreasuryPayee.NO_INDEX));
            submitter.setWriteAhead((found, template) -> {
                recorder.beforeSubmit(found, template); // fsynced before submitblock, with the treasury index
                if (treasuryIndexes != null) {
                    long used = jobs.issued(found.job().id())
                            .map(JobManager.IssuedJob::treasuryIndex)
                            .orElse(TreasuryPayee.NO_INDEX);
                    if (treasuryIndexes.used(used)) {
                        jobs.requestRefresh(JobManager.Reason.TREASURY_INDEX);
                        prederive(payee, treasuryIndexes.current() + 1);
                    }
                }
            });
            submitter.addListener(recorder);
            submitter.addListener(result -> receiptHead.refreshSoon()); // after the recorder: its receipt is the head
            submitter.addListener(this::blockResult);

            // operators and power: hashrate counted after the journal took each share; new workers of an operator
            // over its allocation refused when power.refuseNewWorkersOverAllocation is on
            hashrate = new HashrateTracker(clock.millis());
            power = new PowerMonitor(OperatorRegistry.fromConfig(config), config.power(), hashrate, clock::millis);
            power.bindTo(registry);

            stratum = new StratumServer(
                    config,
                    registry,
                    submitter,
                    new TrackingShareRecorder(journal, hashrate),
                    new PowerAuthorizer(new RegisteredOperators(config), power, clock::millis),
                    Sha256s::fastest,
                    clock,
                    (job, nowSeconds) -> {
                        // publishes through the listener itself; ids stay in the job manager's table
                        jobs.refresh(JobManager.Reason.MEMPOOL_REFRESH);
                        return null;
                    },
                    0);
            opened.add(stratum);
            jobs.addListener(stratum);
            // energy accounting and grid curtailment (README: Energy and curtailment), off the Stratum path
            energy = new org.sovereignpool.energy.EnergyService(
                    config.energy(),
                    power.registry(),
                    new org.sovereignpool.energy.EnergyStore(store.dataSource()),
                    hashrate,
                    stratum,
                    clock::millis,
                    energyOptions);
            opened.add(energy);
            energy.bindTo(registry);
            status = RuntimePoolStatus.of(config, stratum, store, power, operatorHistory, registry, clock);
            jobs.addListener(status);
            submitter.addListener(status);
            PublicReports publicReports =
                    publicReports(config, store, ledger.journalDir().resolve("found-blocks.jsonl"));
            publicReports.setEnergy(energy::mwhByMonth);
            status.setPublicReports(publicReports);
            stratumAddresses = stratum.start(options.listeners());
            http = new PoolHttpServer(config.http(), registry, status, clock, stratum);
            opened.add(http);
            http.addExtension(new org.sovereignpool.energy.EnergyApi(energy));
            energy.start(energyOptions);
            httpAddress = http.start(options.http());
            // the cluster: this node's live figures in node_status every 2 s, and the console's commands, on the
            // reporter's own thread (never an event loop)
            NodeFigures figures = new NodeFigures(
                    new NodeFigures.Identity(
                            nodeId,
                            leaseKeeper.instanceId(),
                            NodeLeaseKeeper.thisHost(),
                            stratumAddresses.stream()
                                    .map(PoolRuntime::advertised)
                                    .toList(),
                            advertised(httpAddress)),
                    stratum::connectionCount,
                    power,
                    config.operators(),
                    journal::writtenSequence,
                    applier::lag,
                    registry,
                    clock::millis);
            jobs.addListener(figures);
            statusReporter = new NodeStatusReporter(
                            nodeId,
                            new ClusterStore(store.dataSource(), store::ensureMigrated),
                            figures,
                            stratum.steering(),
                            clock::millis,
                            registry)
                    .onlyWhile(leaseKeeper::held)
                    .start(NodeStatusReporter.DEFAULT_PERIOD_MILLIS);
            opened.add(statusReporter);
            jobs.start(Duration.ofSeconds(config.stratum().jobRefreshSeconds()));
        } catch (Exception | Error e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                closeQuietly(opened.get(i));
            }
            throw e;
        }
        LOG.info(
                "pool node {} on {}: stratum {}, dashboard http://{}:{}/, ledger {}, treasury {}",
                nodeId,
                config.network().configName(),
                stratumAddresses,
                httpAddress.getHostString(),
                httpAddress.getPort(),
                ledger.jdbcUrl(),
                config.treasury().describe()
                        + (treasuryIndexes == null ? "" : " at index " + treasuryIndexes.current()));
    }

    /**
     * Derives the index after the current one in the background (about a millisecond per key: BENCHMARKS.md), so that
     * the job built right after the next found block, the one miners need within milliseconds, finds its script in
     * the payee's cache instead of deriving it on the job manager's thread.
     */
    private static void prederive(TreasuryPayee payee, long index) {
        if (index > TreasuryPayee.MAX_INDEX) {
            return;
        }
        Thread.ofVirtual().name("treasury-prederive").start(() -> {
            try {
                payee.scriptPubKey(index);
            } catch (RuntimeException e) {
                LOG.warn("treasury index {} could not be derived ahead: {}", index, e.toString());
            }
        });
    }

    /**
     * The public transparency page's data: anchors checked against the first configured node ({@code getblock}), or,
     * without one (the simulated chain), against the coinbases this node submitted (its found-block file).
     */
    private PublicReports publicReports(PoolConfig config, JdbcLedgerStore store, Path foundBlocks) {
        if (config.nodes().isEmpty()) {
            return new PublicReports(
                    config,
                    store,
                    PublicReports.foundBlockFile(foundBlocks),
                    "this pool's record of the coinbases it submitted (no node configured)",
                    clock::millis);
        }
        NodeConfig node = config.nodes().getFirst();
        RpcClient rpc = new RpcClient(
                "public-page", node.rpcUrl(), node.auth(), Duration.ofSeconds(5), 1, Duration.ofMillis(200), registry);
        return new PublicReports(
                config, store, new NodeChainSource(rpc), "the pool's Bitcoin node (getblock)", clock::millis);
    }

    /** Starts a pool node on {@code source}. */
    public static PoolRuntime start(PoolConfig config, SourceFactory sources, Clock clock, Options options)
            throws Exception {
        return new PoolRuntime(
                config, sources, clock, options, org.sovereignpool.energy.EnergyService.Options.defaults());
    }

    /** As {@link #start(PoolConfig, SourceFactory, Clock, Options)} with energy accounting's own timings (tests). */
    public static PoolRuntime start(
            PoolConfig config,
            SourceFactory sources,
            Clock clock,
            Options options,
            org.sovereignpool.energy.EnergyService.Options energyOptions)
            throws Exception {
        return new PoolRuntime(config, sources, clock, options, energyOptions);
    }

    /** Energy accounting and curtailment on this node. */
    public org.sovereignpool.energy.EnergyService energy() {
        return energy;
    }

    /**
     * Compares the configured operators with the cluster's registry: the same, or recorded as its first or next
     * version when the registry is empty or {@code update} is set (once: nothing is written when they are the same).
     *
     * @throws RegistryMismatchException they differ and {@code update} is not set
     */
    private void checkOperatorRegistry(boolean update) throws SQLException, RegistryMismatchException {
        List<String> differences = operatorHistory.differences(config.operators());
        if (differences.isEmpty()) {
            return;
        }
        if (!update && !operatorHistory.isEmpty()) {
            registryMismatch = true;
            throw new RegistryMismatchException(differences, operatorHistory.currentVersion());
        }
        String by = "node " + config.pool().nodeId() + " (instance " + leaseKeeper.instanceId() + " on "
                + NodeLeaseKeeper.thisHost() + ")";
        operatorHistory
                .update(config.operators(), clock.millis(), by)
                .ifPresent(v -> LOG.warn(
                        "operator registry version {} recorded by {}: {}", v.version(), v.changedBy(), v.summary()));
    }

    /** With the database down at start: the same check once it is back; a mismatch then is an error and a metric. */
    private void deferRegistryCheck(boolean update) {
        Thread.ofVirtual().name("operator-registry-check").start(() -> {
            while (!closed) {
                try {
                    checkOperatorRegistry(update);
                    return;
                } catch (RegistryMismatchException e) {
                    LOG.error(
                            "node {} runs with operators that differ from the cluster's registry: {}",
                            config.pool().nodeId(),
                            e.getMessage());
                    return;
                } catch (SQLException | RuntimeException e) {
                    java.util.concurrent.locks.LockSupport.parkNanos(
                            java.time.Duration.ofSeconds(2).toNanos());
                }
            }
        });
    }

    /**
     * Opens the share journal so that it never numbers below what the ledger applied for this node: with the ledger's
     * progress known, numbering continues after it, a new (empty) journal replacing another is adopted, and a journal
     * with records that is not the ledger's is refused; with the database unreachable, only an existing journal may
     * be used (its own numbering continues; the applier checks it against the ledger when the database is back).
     */
    private ShareJournal openJournal(int nodeId, LedgerConfig ledger, JournalProgress progress, String databaseProblem)
            throws Exception {
        Path dir = ledger.journalDir();
        Optional<String> halted = ShareJournal.haltedReason(dir);
        if (halted.isPresent()) {
            throw JournalRefusedException.halted(dir, halted.get());
        }
        if (progress == null && !ShareJournal.existsIn(dir)) {
            throw JournalRefusedException.floorUnknown(nodeId, dir, databaseProblem);
        }
        ShareJournal opened = ShareJournal.open(
                dir,
                new JournalOptions(ledger.fsyncIntervalMillis(), JournalOptions.DEFAULT_SEGMENT_BYTES),
                progress == null ? 0 : progress.appliedSeq());
        try {
            if (progress != null
                    && progress.journalId().isPresent()
                    && !progress.journalId().get().equals(opened.journalId())) {
                if (!opened.hadNoRecords()) {
                    throw JournalRefusedException.mismatch(
                            nodeId,
                            dir,
                            opened.journalId(),
                            opened.recovery().lastSequence(),
                            progress.journalId().get(),
                            progress.appliedSeq());
                }
                LOG.warn(
                        "node {}: a new share journal {} in {} replaces journal {}; numbering continues after {}",
                        nodeId,
                        opened.journalId(),
                        dir,
                        progress.journalId().get(),
                        progress.appliedSeq());
            }
            if (progress != null && !progress.journalId().equals(Optional.of(opened.journalId()))) {
                store.adoptJournal(
                        nodeId, opened.journalId(), progress.appliedSeq(), leaseKeeper.instanceId(), clock.millis());
            }
        } catch (Exception | Error e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    private void blockResult(BlockResult result) {
        for (BlockResultListener l : blockListeners) {
            try {
                l.blockResult(result);
            } catch (RuntimeException e) {
                LOG.warn("block result listener failed", e);
            }
        }
    }

    /** {@code host:port} others can reach: the bound address, or this host's address when bound to every interface. */
    private static String advertised(InetSocketAddress bound) {
        String host = bound.getAddress().getHostAddress();
        if (bound.getAddress().isAnyLocalAddress()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostAddress();
            } catch (IOException e) {
                host = "localhost";
            }
        }
        return NodeStatusReporter.HostPort.format(host, bound.getPort());
    }

    /** This node's status writer and command poller (the cluster console's view of it). */
    public NodeStatusReporter statusReporter() {
        return statusReporter;
    }

    /** Hears the outcome of every found block's submission. */
    public void addBlockListener(BlockResultListener listener) {
        blockListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public PoolConfig config() {
        return config;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The descriptor treasury's index of this node; empty for a fixed treasury address. */
    public Optional<TreasuryIndexes> treasuryIndexes() {
        return Optional.ofNullable(treasuryIndexes);
    }

    public TemplateSource source() {
        return source;
    }

    public JdbcLedgerStore store() {
        return store;
    }

    public ShareJournal journal() {
        return journal;
    }

    /** This node's identity lease in the ledger. */
    public NodeLeaseKeeper leaseKeeper() {
        return leaseKeeper;
    }

    public BlockTracker tracker() {
        return tracker;
    }

    public JobManager jobs() {
        return jobs;
    }

    public BlockSubmitter submitter() {
        return submitter;
    }

    public StratumServer stratum() {
        return stratum;
    }

    public HashrateTracker hashrate() {
        return hashrate;
    }

    public PowerMonitor power() {
        return power;
    }

    public RuntimePoolStatus status() {
        return status;
    }

    /** The HTTP server's bound address (API, metrics, dashboard). */
    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    /** The Stratum listeners' bound addresses, in configuration order. */
    public List<InetSocketAddress> stratumAddresses() {
        return stratumAddresses;
    }

    /**
     * Tells every miner to reconnect (to {@code host:port} after {@code waitSeconds}), waits up to {@code timeout}
     * for them to leave, then closes everything.
     */
    public void drainAndClose(String host, int port, int waitSeconds, Duration timeout) {
        if (!closed) {
            try {
                stratum.drain(host, port, waitSeconds, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    /** Stops miners first, then jobs and submission, then the ledger (which syncs the journal). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(statusReporter);
        closeQuietly(http);
        closeQuietly(energy);
        closeQuietly(stratum);
        closeQuietly(receiptHead);
        closeQuietly(jobs);
        closeQuietly(submitter);
        // no share can be journalled any more: apply the rest, so the lease can be released with nothing left behind
        boolean drained = applier.finish(5_000);
        closeQuietly(applier);
        closeQuietly(tracker);
        leaseKeeper.close(drained);
        closeQuietly(journal);
        closeQuietly(store);
        closeQuietly(source);
        registry.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.warn("closing {}: {}", c.getClass().getSimpleName(), e.getMessage());
        } catch (Exception e) {
            LOG.warn("closing {}", c.getClass().getSimpleName(), e);
        }
    }
}
