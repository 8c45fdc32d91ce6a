package org.sovereignpool.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.block.BlockResultListener;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.ledger.blocks.BlockTracker;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.statement.Statements;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.mining.JobListener;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.operator.HashrateTracker;
import org.sovereignpool.operator.HashrateWindow;
import org.sovereignpool.operator.OperatorHistory;
import org.sovereignpool.operator.PowerMonitor;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.stratum.StratumServer;

/**
 * The running pool's status: connections from the Stratum server, jobs (it listens to the job manager), blocks,
 * credits and receipts from the ledger, hashrate and power from the tracker. Also the meters that belong to no
 * single component: {@code blocks.found}, {@code blocks.accepted} (it hears the block submitter), {@code
 * blocks.orphaned} (from the ledger) and {@code job.last.age.seconds}.
 *
 * <p>Thread safe: job and block events come from the job manager's and submitter's threads; reads from HTTP
 * threads.
 */
public final class RuntimePoolStatus implements PoolStatus, JobListener, BlockResultListener {
    /** A job older than this makes the pool unhealthy (the node or the template source is stuck). */
    public static final long JOB_STALE_MILLIS = 120_000;

    private static final long BLOCK_CACHE_MILLIS = 5_000;

    private final PoolConfig config;
    private final IntSupplier connections;
    private final Consumer<String> messages;
    private final LedgerStore store;
    private final PowerMonitor power;
    private final OperatorHistory history;
    private final MeterRegistry meters;
    private final Clock clock;
    private final long startedMillis;
    private final Counter found;
    private final Counter accepted;
    private volatile long lastJobMillis = -1;
    private volatile int height = -1;
    private volatile List<BlockRecord> blockCache = List.of();
    private volatile long blockCacheMillis = Long.MIN_VALUE;

    /**
     * @param connections open miner connections now
     * @param messages sends {@code client.show_message} to every miner
     */
    public RuntimePoolStatus(
            PoolConfig config,
            IntSupplier connections,
            Consumer<String> messages,
            LedgerStore store,
            PowerMonitor power,
            OperatorHistory history,
            MeterRegistry meters,
            Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.store = Objects.requireNonNull(store, "store");
        this.power = Objects.requireNonNull(power, "power");
        this.history = Objects.requireNonNull(history, "history");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startedMillis = clock.millis();
        this.found = Counter.builder("blocks.found")
                .description("block-solving shares submitted to the nodes")
                .register(meters);
        this.accepted = Counter.builder("blocks.accepted")
                .description("found blocks at least one node accepted")
                .register(meters);
        FunctionCounter.builder("blocks.orphaned", this, s -> s.countBlocks(BlockStatus.ORPHANED))
                .description("found blocks that left the main chain (from the ledger)")
                .register(meters);
        Gauge.builder("job.last.age.seconds", this, RuntimePoolStatus::jobAgeSeconds)
                .description("seconds since the last job was sent to miners (NaN before the first)")
                .register(meters);
    }

    /** With the Stratum server's connection count and broadcast. */
    public static RuntimePoolStatus of(
            PoolConfig config,
            StratumServer stratum,
            LedgerStore store,
            PowerMonitor power,
            OperatorHistory history,
            MeterRegistry meters,
            Clock clock) {
        return new RuntimePoolStatus(
                config, stratum::connectionCount, stratum::showMessage, store, power, history, meters, clock);
    }

    @Override
    public void newJob(Job job) {
        lastJobMillis = clock.millis();
        height = job.height();
    }

    @Override
    public void blockResult(BlockResult result) {
        found.increment();
        if (result.accepted()) {
            accepted.increment();
        }
        blockCacheMillis = Long.MIN_VALUE; // show it at once
    }

    private double jobAgeSeconds() {
        long last = lastJobMillis;
        return last < 0 ? Double.NaN : (clock.millis() - last) / 1000.0;
    }

    // ---- views

    /** Hashrate in H/s per window label (1m, 10m, 1h, 24h). */
    public record Rates(double m1, double m10, double h1, double h24) {
        static Rates of(java.util.function.ToDoubleFunction<HashrateWindow> rate) {
            return new Rates(
                    rate.applyAsDouble(HashrateWindow.ONE_MINUTE),
                    rate.applyAsDouble(HashrateWindow.TEN_MINUTES),
                    rate.applyAsDouble(HashrateWindow.ONE_HOUR),
                    rate.applyAsDouble(HashrateWindow.ONE_DAY));
        }
    }

    public record Summary(
            String network,
            String poolTag,
            long timeMillis,
            long uptimeSeconds,
            int connections,
            int activeWorkers,
            Rates hashrate,
            Shares shares,
            JobView job,
            BlockCounts blocks,
            TreasuryTotals treasury,
            PowerMonitor.ProgrammePower power) {}

    public record Shares(long accepted, long rejected, Map<String, Long> rejectedByReason) {}

    /** Null fields before the first job. */
    public record JobView(Integer height, Double ageSeconds) {}

    public record BlockCounts(long found, long pending, long mature, long orphaned) {}

    public record TreasuryTotals(
            long receivedSats, long pendingSats, long matureSats, long orphanedSats, long receipts) {}

    public record OperatorView(
            String id,
            String name,
            String licence,
            List<String> sites,
            double allocationMw,
            double efficiencyJPerTh,
            Rates hashrate,
            int activeWorkers,
            double drawMw,
            double fraction,
            String state) {}

    public record WorkerView(
            String operator,
            String worker,
            Rates hashrate,
            long shares,
            Long lastShareMillis,
            String model,
            double efficiencyJPerTh,
            double drawMw) {}

    public record OperatorDetail(OperatorView operator, List<WorkerView> workers, List<BlockView> blocks) {}

    public record BlockView(
            int height,
            String hash,
            String operator,
            String worker,
            long foundMillis,
            long rewardSats,
            String status,
            int confirmations,
            int maturity,
            boolean credited,
            Map<String, String> submitResults,
            int nodeId) {
        /** The block as the API shows it ({@code nodeId}: the pool node whose miner found it). */
        public static BlockView of(BlockRecord b) {
            return new BlockView(
                    b.height(),
                    b.hash(),
                    b.finderOperator(),
                    b.finderWorker(),
                    b.foundMillis(),
                    b.rewardSats(),
                    b.status().name().toLowerCase(java.util.Locale.ROOT),
                    b.confirmations(),
                    BlockTracker.MATURITY,
                    b.credited(),
                    b.submitResults(),
                    b.nodeId());
        }
    }

    public record Treasury(String address, TreasuryTotals totals, ReceiptHead head, List<TreasuryReceipt> receipts) {}

    public record ReceiptHead(long lastId, String lastHash) {}

    @Override
    public Summary summary() throws SQLException {
        long now = clock.millis();
        HashrateTracker t = power.tracker();
        List<BlockRecord> blocks = allBlocks();
        return new Summary(
                config.network().name().toLowerCase(java.util.Locale.ROOT),
                config.pool().tag(),
                now,
                (now - startedMillis) / 1000,
                connections.getAsInt(),
                t.activeWorkers(null, HashrateWindow.TEN_MINUTES, now),
                Rates.of(w -> t.poolHashrate(w, now)),
                shares(),
                jobView(),
                counts(blocks),
                totals(blocks, store.receiptHead().lastId()),
                power.programme());
    }

    private JobView jobView() {
        int h = height;
        double age = jobAgeSeconds();
        return new JobView(h < 0 ? null : h, Double.isNaN(age) ? null : age);
    }

    private Shares shares() {
        long acceptedShares = 0;
        long rejected = 0;
        Map<String, Long> byReason = new TreeMap<>();
        for (Counter c : Search.in(meters).name("stratum.shares").counters()) {
            long n = (long) c.count();
            if ("accepted".equals(c.getId().getTag("result"))) {
                acceptedShares += n;
            } else {
                rejected += n;
                byReason.merge(Objects.requireNonNullElse(c.getId().getTag("reason"), "other"), n, Long::sum);
            }
        }
        return new Shares(acceptedShares, rejected, byReason);
    }

    private static BlockCounts counts(List<BlockRecord> blocks) {
        long pending =
                blocks.stream().filter(b -> b.status() == BlockStatus.PENDING).count();
        long mature =
                blocks.stream().filter(b -> b.status() == BlockStatus.MATURE).count();
        return new BlockCounts(blocks.size(), pending, mature, blocks.size() - pending - mature);
    }

    /** What the coinbases paid the treasury: pending (immature), mature, and orphaned (never spendable). */
    private static TreasuryTotals totals(List<BlockRecord> blocks, long receipts) {
        long pending = 0;
        long mature = 0;
        long orphaned = 0;
        for (BlockRecord b : blocks) {
            switch (b.status()) {
                case PENDING -> pending += b.rewardSats();
                case MATURE -> mature += b.rewardSats();
                case ORPHANED -> orphaned += b.rewardSats();
            }
        }
        return new TreasuryTotals(pending + mature, pending, mature, orphaned, receipts);
    }

    @Override
    public List<OperatorView> operators() {
        long now = clock.millis();
        List<OperatorView> out = new ArrayList<>();
        for (OperatorConfig o : power.registry().operators()) {
            out.add(view(o, now));
        }
        return out;
    }

    private OperatorView view(OperatorConfig o, long now) {
        HashrateTracker t = power.tracker();
        PowerMonitor.OperatorPower p = power.operator(o.id()).orElseThrow();
        return new OperatorView(
                o.id(),
                o.name(),
                o.licence().orElse(null),
                o.sites(),
                o.allocationMw(),
                o.efficiencyJPerTh(),
                Rates.of(w -> t.operatorHashrate(o.id(), w, now)),
                t.activeWorkers(o.id(), HashrateWindow.TEN_MINUTES, now),
                p.drawMw(),
                p.fraction(),
                p.state().label());
    }

    @Override
    public Optional<OperatorDetail> operator(String operatorId) throws SQLException {
        Optional<OperatorConfig> o = power.registry().operator(operatorId);
        if (o.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.millis();
        List<BlockView> blocks = store.blocksFoundBy(operatorId, 0, Long.MAX_VALUE).stream()
                .sorted(Comparator.comparingLong(BlockRecord::foundMillis).reversed())
                .map(BlockView::of)
                .toList();
        return Optional.of(new OperatorDetail(view(o.get(), now), workersOf(operatorId, now), blocks));
    }

    private List<WorkerView> workersOf(String operatorId, long now) {
        HashrateTracker t = power.tracker();
        List<WorkerView> out = new ArrayList<>();
        for (PowerMonitor.WorkerPower wp : power.workers(operatorId)) {
            WorkerName w = wp.worker();
            OptionalLong last = t.lastShareMillis(w);
            out.add(new WorkerView(
                    w.operatorId(),
                    w.worker(),
                    Rates.of(win -> t.workerHashrate(w, win, now)),
                    t.workerShares(w),
                    last.isPresent() ? last.getAsLong() : null,
                    power.registry().model(w).map(m -> m.model()).orElse(null),
                    wp.efficiencyJPerTh(),
                    wp.drawMw()));
        }
        return out;
    }

    @Override
    public Optional<List<OperatorHistory.Version>> operatorHistory(String operatorId) throws SQLException {
        List<OperatorHistory.Version> versions = history.history(operatorId);
        return versions.isEmpty() && power.registry().operator(operatorId).isEmpty()
                ? Optional.empty()
                : Optional.of(versions);
    }

    @Override
    public List<HashrateTracker.Point> hashrateHistory(String operatorId, HashrateWindow window) {
        return power.tracker().history(operatorId, window, clock.millis());
    }

    @Override
    public List<BlockView> blocks(int limit) throws SQLException {
        return allBlocks().stream().limit(limit).map(BlockView::of).toList();
    }

    /** Every found block, newest first (briefly cached: the dashboard and the scrape ask often). */
    private List<BlockRecord> allBlocks() throws SQLException {
        long now = clock.millis();
        if (now - blockCacheMillis < BLOCK_CACHE_MILLIS && blockCacheMillis != Long.MIN_VALUE) {
            return blockCache;
        }
        List<BlockRecord> all = new ArrayList<>();
        for (OperatorConfig o : config.operators()) {
            all.addAll(store.blocksFoundBy(o.id(), 0, Long.MAX_VALUE));
        }
        all.sort(Comparator.comparingLong(BlockRecord::foundMillis)
                .thenComparingInt(BlockRecord::height)
                .reversed());
        List<BlockRecord> copy = List.copyOf(all);
        blockCache = copy;
        blockCacheMillis = now;
        return copy;
    }

    private double countBlocks(BlockStatus status) {
        try {
            return allBlocks().stream().filter(b -> b.status() == status).count();
        } catch (SQLException e) {
            return Double.NaN;
        }
    }

    private volatile org.sovereignpool.treasury.PublicReports publicReports;

    /** Where {@code /api/v1/public} comes from (the public transparency page). */
    public void setPublicReports(org.sovereignpool.treasury.PublicReports reports) {
        this.publicReports = reports;
    }

    @Override
    public Optional<?> publicReport(int limit) throws SQLException {
        org.sovereignpool.treasury.PublicReports r = publicReports;
        return r == null ? Optional.empty() : Optional.of(r.current(limit));
    }

    @Override
    public Treasury treasury(int limit) throws SQLException {
        Deque<TreasuryReceipt> newest = new ArrayDeque<>();
        store.forEachReceipt(r -> {
            newest.addFirst(r);
            if (newest.size() > limit) {
                newest.removeLast();
            }
            return true;
        });
        LedgerStore.ReceiptHead head = store.receiptHead();
        return new Treasury(
                config.treasury().describe(),
                totals(allBlocks(), head.lastId()),
                new ReceiptHead(head.lastId(), head.lastHash()),
                List.copyOf(newest));
    }

    @Override
    public Optional<Object> statement(String operatorId, long fromMillis, long toMillis) throws Exception {
        if (power.registry().operator(operatorId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Statements.build(store, operatorId, fromMillis, toMillis));
    }

    @Override
    public Health health() {
        long now = clock.millis();
        Map<String, Object> checks = new LinkedHashMap<>();
        long last = lastJobMillis;
        boolean jobFresh = last >= 0 && now - last <= JOB_STALE_MILLIS;
        checks.put("job", last < 0 ? "no job yet" : jobFresh ? "ok" : "stale: " + (now - last) / 1000 + " s old");
        Gauge db = Search.in(meters).name("ledger.database.up").gauge();
        boolean dbUp = db == null || db.value() >= 1;
        // the journal keeps shares while the database is down: report it, but the pool still mines
        checks.put("ledgerDatabase", db == null ? "unknown" : dbUp ? "ok" : "down (shares kept in the journal)");
        checks.put("connections", connections.getAsInt());
        return new Health(jobFresh, checks);
    }

    @Override
    public List<WorkerView> workers() {
        long now = clock.millis();
        List<WorkerView> out = new ArrayList<>();
        for (OperatorConfig o : power.registry().operators()) {
            out.addAll(workersOf(o.id(), now));
        }
        return out;
    }

    @Override
    public int showMessage(String text) {
        messages.accept(text);
        return connections.getAsInt();
    }
}
