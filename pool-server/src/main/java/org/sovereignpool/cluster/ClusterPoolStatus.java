package org.sovereignpool.cluster;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.http.ApiException;
import org.sovereignpool.http.ClusterApi;
import org.sovereignpool.http.PoolStatus;
import org.sovereignpool.http.RuntimePoolStatus;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.statement.Statements;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.operator.HashrateTracker;
import org.sovereignpool.operator.HashrateWindow;
import org.sovereignpool.operator.OperatorHistory;
import org.sovereignpool.operator.Power;
import org.sovereignpool.operator.PowerMonitor;

/**
 * The whole cluster as the console shows it, read from the database only: the nodes' {@code node_status} rows (live
 * nodes' figures summed into the programme's totals), their leases (a node is down once it stops writing or its lease
 * runs out; its row stays, "down since" its last sign of life), found blocks, receipts and statements from the ledger.
 * The same JSON paths as a node's API where they mean the same thing; {@code /api/v1/nodes} and the steering routes
 * through {@link ClusterApi}.
 */
public final class ClusterPoolStatus implements PoolStatus, ClusterApi {
    /** A node on another prevhash than the newest for longer than this is flagged {@code behindPrevhash}. */
    public static final long BEHIND_PREVHASH_MILLIS = 5_000;

    private final PoolConfig config;
    private final ClusterStore cluster;
    private final JdbcLedgerStore ledger;
    private final OperatorHistory history;
    private final Clock clock;
    private final long staleMillis;
    private final long startedMillis;

    /**
     * @param staleMillis a node whose last status is older than this is down (three status periods and some)
     */
    public ClusterPoolStatus(
            PoolConfig config,
            ClusterStore cluster,
            JdbcLedgerStore ledger,
            OperatorHistory history,
            Clock clock,
            long staleMillis) {
        this.config = Objects.requireNonNull(config, "config");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.history = Objects.requireNonNull(history, "history");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.staleMillis = staleMillis;
        this.startedMillis = clock.millis();
    }

    public ClusterStore store() {
        return cluster;
    }

    // ---- views

    /** Hashrate in H/s over 1 and 10 minutes. */
    public record Rates(double m1, double m10) {}

    /**
     * One node as the console sees it.
     *
     * @param state {@code up}, {@code draining} (up, its miners sent elsewhere), {@code down} (stopped writing its
     *     status or its lease ran out: killed, crashed, cut off) or {@code stopped} (released its lease: a clean stop)
     * @param downSinceMillis for down and stopped nodes: its last sign of life (status write or lease heartbeat)
     * @param behindPrevhash up, and on another prevhash than the cluster's newest for more than 5 s
     * @param status its last written figures (a down node's are its last; they do not count in the totals)
     */
    public record NodeView(
            int nodeId,
            String state,
            boolean live,
            Long downSinceMillis,
            String stateText,
            boolean behindPrevhash,
            double statusAgeSeconds,
            NodeStatus status) {}

    public record ClusterShares(long accepted, long rejected) {}

    public record JobView(Integer height, String prevhash) {}

    public record NodeCounts(int total, int up, int down, int behindPrevhash) {}

    /** The programme's totals: live nodes' figures summed; blocks and treasury from the ledger. */
    public record ClusterSummary(
            String network,
            String poolTag,
            String role,
            long timeMillis,
            long uptimeSeconds,
            int connections,
            int authorizedWorkers,
            int activeWorkers,
            Rates hashrate,
            ClusterShares shares,
            JobView job,
            RuntimePoolStatus.BlockCounts blocks,
            RuntimePoolStatus.TreasuryTotals treasury,
            PowerMonitor.ProgrammePower power,
            NodeCounts nodes) {}

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
            String state,
            Map<Integer, Rates> byNode) {}

    public record OperatorDetail(OperatorView operator, List<RuntimePoolStatus.BlockView> blocks) {}

    /** The nodes, as of now (one read of node_status and node_lease). */
    @Override
    public List<NodeView> nodes() throws SQLException {
        return nodes(cluster.statuses(), cluster.leases(), clock.millis());
    }

    /** Judges each node: live or not, since when down, behind on prevhash. Pure: time passed in. */
    public List<NodeView> nodes(List<NodeStatus> statuses, Map<Integer, ClusterStore.Lease> leases, long now) {
        Map<Integer, Boolean> live = new HashMap<>();
        for (NodeStatus s : statuses) {
            ClusterStore.Lease l = leases.get(s.nodeId());
            boolean fresh = now - s.updatedMillis() <= staleMillis;
            boolean leased = l == null || (!l.released() && l.expiresMillis() > now);
            live.put(s.nodeId(), fresh && leased);
        }
        // the newest prevhash: the one at the greatest height among live nodes (ties: the most nodes, then the
        // earliest)
        Map<String, long[]> tips = new HashMap<>(); // prevhash -> {height, nodes, since}
        for (NodeStatus s : statuses) {
            if (live.get(s.nodeId()) && s.jobPrevhash() != null) {
                long[] t = tips.computeIfAbsent(s.jobPrevhash(), k -> new long[] {s.jobHeight(), 0, Long.MAX_VALUE});
                t[1]++;
                t[2] = Math.min(t[2], s.prevhashSinceMillis() == null ? now : s.prevhashSinceMillis());
            }
        }
        Optional<Map.Entry<String, long[]>> newest = tips.entrySet().stream()
                .max(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> e.getValue()[0])
                        .thenComparingLong(e -> e.getValue()[1])
                        .thenComparingLong(e -> -e.getValue()[2]));
        List<NodeView> out = new ArrayList<>();
        for (NodeStatus s : statuses) {
            boolean isLive = live.get(s.nodeId());
            ClusterStore.Lease l = leases.get(s.nodeId());
            String state;
            Long downSince = null;
            String text;
            if (isLive) {
                state = s.draining() ? "draining" : "up";
                text = state;
            } else {
                boolean released = l != null && l.released();
                long lastSign = Math.max(s.updatedMillis(), l == null ? 0 : l.heartbeatMillis());
                state = released ? "stopped" : "down";
                downSince = lastSign;
                text = state + " since " + java.time.Instant.ofEpochMilli(lastSign);
            }
            boolean behind = isLive
                    && newest.isPresent()
                    && !newest.get().getKey().equals(s.jobPrevhash())
                    && now - newest.get().getValue()[2] > BEHIND_PREVHASH_MILLIS;
            out.add(new NodeView(
                    s.nodeId(), state, isLive, downSince, text, behind, (now - s.updatedMillis()) / 1000.0, s));
        }
        return out;
    }

    @Override
    public ClusterSummary summary() throws SQLException {
        long now = clock.millis();
        List<NodeView> nodes = nodes(cluster.statuses(), cluster.leases(), now);
        int connections = 0;
        int authorized = 0;
        int active = 0;
        double m1 = 0;
        double m10 = 0;
        long accepted = 0;
        long rejected = 0;
        Integer height = null;
        String prevhash = null;
        double draw = 0;
        int up = 0;
        int behind = 0;
        for (NodeView v : nodes) {
            if (!v.live()) {
                continue;
            }
            up++;
            if (v.behindPrevhash()) {
                behind++;
            }
            NodeStatus s = v.status();
            connections += s.connections();
            authorized += s.authorizedWorkers();
            active += s.activeWorkers();
            m1 += s.hashrate1m();
            m10 += s.hashrate10m();
            accepted += s.sharesAccepted();
            rejected += s.sharesRejected();
            for (NodeStatus.OperatorFigures o : s.operators()) {
                draw += o.drawMw();
            }
            if (s.jobHeight() != null && (height == null || s.jobHeight() > height)) {
                height = s.jobHeight();
                prevhash = s.jobPrevhash();
            }
        }
        ClusterStore.BlockTotals b = cluster.blockTotals();
        double programme = config.power().programmeMw();
        PowerMonitor.ProgrammePower power = new PowerMonitor.ProgrammePower(
                m10,
                draw,
                config.totalAllocationMw(),
                programme,
                draw / programme,
                Power.state(draw, programme, config.power().warnFraction()));
        return new ClusterSummary(
                config.network().name().toLowerCase(java.util.Locale.ROOT),
                config.pool().tag(),
                "console",
                now,
                (now - startedMillis) / 1000,
                connections,
                authorized,
                active,
                new Rates(m1, m10),
                new ClusterShares(accepted, rejected),
                new JobView(height, prevhash),
                new RuntimePoolStatus.BlockCounts(b.count(), b.pending(), b.mature(), b.orphaned()),
                totals(b, ledger.receiptHead().lastId()),
                power,
                new NodeCounts(nodes.size(), up, nodes.size() - up, behind));
    }

    private static RuntimePoolStatus.TreasuryTotals totals(ClusterStore.BlockTotals b, long receipts) {
        return new RuntimePoolStatus.TreasuryTotals(
                b.pendingSats() + b.matureSats(), b.pendingSats(), b.matureSats(), b.orphanedSats(), receipts);
    }

    @Override
    public List<OperatorView> operators() throws SQLException {
        List<NodeView> nodes = nodes();
        List<OperatorView> out = new ArrayList<>();
        for (OperatorConfig o : config.operators()) {
            out.add(view(o, nodes));
        }
        return out;
    }

    private OperatorView view(OperatorConfig o, List<NodeView> nodes) {
        double m1 = 0;
        double m10 = 0;
        int workers = 0;
        double draw = 0;
        Map<Integer, Rates> byNode = new TreeMap<>();
        for (NodeView v : nodes) {
            if (!v.live()) {
                continue;
            }
            for (NodeStatus.OperatorFigures f : v.status().operators()) {
                if (f.operatorId().equals(o.id())) {
                    m1 += f.hashrate1m();
                    m10 += f.hashrate10m();
                    workers += f.activeWorkers();
                    draw += f.drawMw();
                    byNode.put(v.nodeId(), new Rates(f.hashrate1m(), f.hashrate10m()));
                }
            }
        }
        return new OperatorView(
                o.id(),
                o.name(),
                o.licence().orElse(null),
                o.sites(),
                o.allocationMw(),
                o.efficiencyJPerTh(),
                new Rates(m1, m10),
                workers,
                draw,
                draw / o.allocationMw(),
                Power.state(draw, o.allocationMw(), config.power().warnFraction())
                        .label(),
                byNode);
    }

    @Override
    public Optional<OperatorDetail> operator(String operatorId) throws SQLException {
        Optional<OperatorConfig> o = config.operator(operatorId);
        if (o.isEmpty()) {
            return Optional.empty();
        }
        List<RuntimePoolStatus.BlockView> blocks = ledger.blocksFoundBy(operatorId, 0, Long.MAX_VALUE).stream()
                .sorted(Comparator.comparingLong(BlockRecord::foundMillis).reversed())
                .map(RuntimePoolStatus.BlockView::of)
                .toList();
        return Optional.of(new OperatorDetail(view(o.get(), nodes()), blocks));
    }

    @Override
    public Optional<List<OperatorHistory.Version>> operatorHistory(String operatorId) throws SQLException {
        List<OperatorHistory.Version> versions = history.history(operatorId);
        return versions.isEmpty() && config.operator(operatorId).isEmpty() ? Optional.empty() : Optional.of(versions);
    }

    /** How long a hashrate chart is reused (the dashboards of many viewers ask every 5 s; the chart moves by minutes). */
    static final long HISTORY_CACHE_MILLIS = 15_000;

    private record CachedHistory(long atMillis, List<HashrateTracker.Point> points) {}

    private final Map<String, CachedHistory> historyCache = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * From the applied shares in the ledger (every node's): 60 one-minute points for 1 h, 96 quarter hours for 24 h.
     * Reused for 15 s.
     */
    @Override
    public List<HashrateTracker.Point> hashrateHistory(String operatorId, HashrateWindow window) throws SQLException {
        String key = operatorId + "/" + window;
        long now = clock.millis();
        CachedHistory cached = historyCache.get(key);
        if (cached != null && now - cached.atMillis() < HISTORY_CACHE_MILLIS) {
            return cached.points();
        }
        List<HashrateTracker.Point> points = readHistory(operatorId, window);
        historyCache.put(key, new CachedHistory(now, points));
        return points;
    }

    private List<HashrateTracker.Point> readHistory(String operatorId, HashrateWindow window) throws SQLException {
        int points = window == HashrateWindow.ONE_DAY ? 96 : 60;
        long bucket = window.millis() / points;
        long now = clock.millis();
        double[] sums = cluster.hashrateHistory(operatorId, now, points, bucket);
        long from = now - points * bucket;
        List<HashrateTracker.Point> out = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            out.add(new HashrateTracker.Point(from + (i + 1) * bucket, Power.hashrate(sums[i], bucket / 1000.0)));
        }
        return out;
    }

    @Override
    public List<RuntimePoolStatus.BlockView> blocks(int limit) throws SQLException {
        return ledger.allBlocks().stream()
                .sorted(Comparator.comparingLong(BlockRecord::foundMillis)
                        .thenComparingInt(BlockRecord::height)
                        .reversed())
                .limit(limit)
                .map(RuntimePoolStatus.BlockView::of)
                .toList();
    }

    @Override
    public RuntimePoolStatus.Treasury treasury(int limit) throws SQLException {
        Deque<TreasuryReceipt> newest = new ArrayDeque<>();
        ledger.forEachReceipt(r -> {
            newest.addFirst(r);
            if (newest.size() > limit) {
                newest.removeLast();
            }
            return true;
        });
        LedgerStore.ReceiptHead head = ledger.receiptHead();
        return new RuntimePoolStatus.Treasury(
                config.treasury().address(),
                totals(cluster.blockTotals(), head.lastId()),
                new RuntimePoolStatus.ReceiptHead(head.lastId(), head.lastHash()),
                List.copyOf(newest));
    }

    @Override
    public Optional<Object> statement(String operatorId, long fromMillis, long toMillis) throws Exception {
        if (config.operator(operatorId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Statements.build(ledger, operatorId, fromMillis, toMillis));
    }

    /** Healthy while the database answers; the checks count the nodes up and down. */
    @Override
    public Health health() {
        Map<String, Object> checks = new LinkedHashMap<>();
        try {
            List<NodeView> nodes = nodes();
            long up = nodes.stream().filter(NodeView::live).count();
            checks.put("database", "ok");
            checks.put("nodesUp", up);
            checks.put("nodesDown", nodes.size() - up);
            return new Health(true, checks);
        } catch (SQLException | RuntimeException e) {
            checks.put("database", "unreachable: " + e.getMessage());
            return new Health(false, checks);
        }
    }

    /** Per worker over the last 10 minutes, from the applied shares of every node. */
    public record WorkerView(String operator, String worker, double hashrate, long shares, long lastShareMillis) {}

    @Override
    public List<WorkerView> workers() throws SQLException {
        long now = clock.millis();
        long from = now - HashrateWindow.TEN_MINUTES.millis();
        List<WorkerView> out = new ArrayList<>();
        for (OperatorConfig o : config.operators()) {
            for (LedgerStore.WorkerTotals w : ledger.workerTotals(o.id(), from, now)) {
                out.add(new WorkerView(
                        o.id(),
                        w.worker(),
                        Power.hashrate(w.sumDifficulty(), HashrateWindow.TEN_MINUTES.millis() / 1000.0),
                        w.shares(),
                        w.lastMillis()));
            }
        }
        return out;
    }

    /** The show_message broadcast without a named actor (the admin API passes one through {@link #broadcast}). */
    @Override
    public int showMessage(String text) {
        try {
            return steering("admin").broadcastCount(text);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
        }
    }

    // ---- steering

    private ClusterSteering steering(String actor) {
        return new ClusterSteering(this, actor, clock.millis());
    }

    @Override
    public Object drain(int nodeId, String actor) throws SQLException {
        return steering(actor).drain(nodeId);
    }

    @Override
    public Object broadcast(String text, String actor) throws SQLException {
        return steering(actor).broadcast(text);
    }

    @Override
    public Object liftBan(String address, String actor) throws SQLException {
        return steering(actor).liftBan(address);
    }

    @Override
    public List<ClusterCommand> commands(int limit) throws SQLException {
        return cluster.recentCommands(limit);
    }

    @Override
    public List<AuditEntry> audit(int limit) throws SQLException {
        return cluster.audits(limit);
    }

    static ApiException conflict(String message) {
        return new ApiException(409, message);
    }
}
