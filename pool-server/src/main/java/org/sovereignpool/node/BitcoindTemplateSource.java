package org.sovereignpool.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.NodeConfig;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.share.model.Hash256;

/**
 * Templates from one or more bitcoind nodes: from the first healthy node in configuration order, failing over to
 * the next. A node is healthy when it answers, is on the configured chain, and is not in initial block download;
 * the gauge {@code node.healthy{node=i}} shows it, and {@code node.unavailable{reason}} counts why not. A node seen
 * failing is skipped (not waited for) until a probe finds it back; unhealthy nodes are probed every
 * {@link Options#pollInterval()}. When the node serving templates fails, or a node that was down answers again,
 * source-change listeners are told at once, so that jobs come from the next node (or back from the preferred one,
 * or from the returned node's possibly new tip) without waiting for the next block.
 *
 * <p>New blocks are learnt from ZMQ {@code hashblock} (each node with {@code zmqHashBlock} configured), else BIP 22
 * long polling (on the serving node), and a poll of {@code getbestblockhash} (every {@link Options#pollInterval()},
 * the last resort, and a safety net every {@link Options#safetyPollInterval()} when ZMQ or long poll is on: a node
 * restarted with a new tip announces nothing). Listeners hear each new tip once.
 *
 * <p>Thread-safe.
 */
public final class BitcoindTemplateSource implements TemplateSource {
    private static final Logger log = LoggerFactory.getLogger(BitcoindTemplateSource.class);

    /**
     * How new blocks are watched for.
     *
     * @param pollInterval getbestblockhash polling when there is neither ZMQ nor long poll (at most 500 ms); also how
     *     often a node that is down is probed
     * @param safetyPollInterval polling beside ZMQ or long poll, in case a notification is lost or a node restarted
     *     onto a new tip (which ZMQ does not announce)
     * @param longPoll whether to use BIP 22 long polling when no node has ZMQ
     * @param longPollWait how long one long poll may wait
     */
    public record Options(Duration pollInterval, Duration safetyPollInterval, boolean longPoll, Duration longPollWait) {
        public static final Options DEFAULT =
                new Options(Duration.ofMillis(500), Duration.ofSeconds(1), true, Duration.ofMinutes(2));

        public Options {
            if (pollInterval.isNegative()
                    || pollInterval.isZero()
                    || pollInterval.compareTo(Duration.ofMillis(500)) > 0) {
                throw new IllegalArgumentException("pollInterval must be 1..500 ms, got " + pollInterval);
            }
            Objects.requireNonNull(safetyPollInterval, "safetyPollInterval");
            Objects.requireNonNull(longPollWait, "longPollWait");
        }
    }

    private final List<BitcoindNode> nodes;
    private final List<Optional<URI>> zmqEndpoints;
    private final Network network;
    private final List<String> rules;
    private final Options options;
    private final MeterRegistry registry;
    private final AtomicInteger[] healthy;
    /** Per node: seen failing and not seen back yet. */
    private final AtomicBoolean[] down;
    /** Per node: System.nanoTime() of the last health check. */
    private final AtomicLong[] lastChecked;
    /** The node the last template came from; -1 before the first or after it failed. */
    private final AtomicInteger serving = new AtomicInteger(-1);

    private final List<AtomicReference<String>> lastProblem = new ArrayList<>();
    private final List<TipListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> sourceListeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<Hash256> lastTip = new AtomicReference<>();
    private final ExecutorService submitters = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean started = new AtomicBoolean();
    private final List<AutoCloseable> watchers = new ArrayList<>();
    private volatile boolean closed;
    private ScheduledExecutorService poller;

    /**
     * @param nodes in preference order
     * @param zmqEndpoints per node, its ZMQ hashblock publisher (same size as nodes)
     * @param network the chain every node must be on
     */
    public BitcoindTemplateSource(
            List<BitcoindNode> nodes,
            List<Optional<URI>> zmqEndpoints,
            Network network,
            Options options,
            MeterRegistry registry) {
        this.nodes = List.copyOf(nodes);
        this.zmqEndpoints = List.copyOf(zmqEndpoints);
        if (this.nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one node is required");
        }
        if (this.zmqEndpoints.size() != this.nodes.size()) {
            throw new IllegalArgumentException("one ZMQ entry (possibly empty) per node");
        }
        this.network = Objects.requireNonNull(network, "network");
        this.rules = network == Network.SIGNET ? List.of("segwit", "signet") : List.of("segwit");
        this.options = Objects.requireNonNull(options, "options");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.healthy = new AtomicInteger[this.nodes.size()];
        this.down = new AtomicBoolean[this.nodes.size()];
        this.lastChecked = new AtomicLong[this.nodes.size()];
        for (int i = 0; i < healthy.length; i++) {
            healthy[i] = new AtomicInteger();
            down[i] = new AtomicBoolean();
            lastChecked[i] =
                    new AtomicLong(System.nanoTime() - Duration.ofDays(1).toNanos());
            lastProblem.add(new AtomicReference<>("not checked yet"));
            Gauge.builder("node.healthy", healthy[i], AtomicInteger::get)
                    .description("1 when the node answers, is on the configured chain and is synced")
                    .tag("node", Integer.toString(i))
                    .register(registry);
        }
    }

    /** From the configuration's node list: RPC timeout 10 s, 2 retries from 200 ms. */
    public static BitcoindTemplateSource fromConfig(
            List<NodeConfig> configs, Network network, Options options, MeterRegistry registry) {
        List<BitcoindNode> nodes = new ArrayList<>();
        List<Optional<URI>> zmq = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            NodeConfig c = configs.get(i);
            nodes.add(new BitcoindNode(new RpcClient(
                    "node" + i, c.rpcUrl(), c.auth(), Duration.ofSeconds(10), 2, Duration.ofMillis(200), registry)));
            zmq.add(c.zmqHashBlock());
        }
        return new BitcoindTemplateSource(nodes, zmq, network, options, registry);
    }

    /** Bitcoin Core's {@code getblockchaininfo} "chain" for a configured network. */
    public static String coreChainName(Network network) {
        return switch (network) {
            case MAINNET -> "main";
            case TESTNET4 -> "testnet4";
            case SIGNET -> "signet";
            case REGTEST -> "regtest";
        };
    }

    public List<BitcoindNode> nodes() {
        return nodes;
    }

    /** The rules sent with getblocktemplate: segwit, plus signet on signet. */
    public List<String> rules() {
        return rules;
    }

    /** Whether node {@code index} passed its last health check. */
    public boolean isHealthy(int index) {
        return healthy[index].get() == 1;
    }

    /** Why node {@code index} was last found unhealthy (or "ok"). */
    public String lastProblem(int index) {
        return lastProblem.get(index).get();
    }

    /** The node templates come from now, or -1 when none has served one since the last failure. */
    public int servingNode() {
        return serving.get();
    }

    /** Checks one node: answers, right chain, not in initial block download. */
    public ChainInfo checkHealth(int index) throws NodeException {
        BitcoindNode node = nodes.get(index);
        lastChecked[index].set(System.nanoTime());
        try {
            ChainInfo info = node.blockchainInfo();
            String expected = coreChainName(network);
            if (!expected.equals(info.chain())) {
                throw new NodeException(
                        NodeException.Kind.WRONG_NETWORK,
                        node.name() + " is on chain '" + info.chain() + "' but the pool is configured for '" + expected
                                + "' (" + network + "): no jobs from this node");
            }
            // Like Core's getblocktemplate, which refuses during initial block download only on mainnet: a fresh
            // regtest (or test) chain stays "in IBD" until its first recent block, which the pool has to mine.
            if (info.initialBlockDownload() && network == Network.MAINNET) {
                throw new NodeException(
                        NodeException.Kind.INITIAL_BLOCK_DOWNLOAD,
                        node.name() + " is in initial block download (" + info.blocks() + " of " + info.headers()
                                + " blocks): no jobs until it has synced");
            }
            markHealthy(index);
            return info;
        } catch (NodeException e) {
            markUnhealthy(index, e);
            throw e;
        }
    }

    @Override
    public BlockTemplate template() throws NodeException {
        StringBuilder problems = new StringBuilder();
        for (int i : tryOrder(true)) {
            // a node that passed its last check: the health check and the template at once (one round trip, not two,
            // on a new block; the template of a node found unhealthy is not used). Any other node: checked first, so
            // that one on the wrong chain or syncing is never asked for a template
            Future<JsonNode> early = isHealthy(i) && !down[i].get() ? fetchAsync(i) : null;
            try {
                checkHealth(i); // marks the node unhealthy itself
            } catch (NodeException e) {
                if (early != null) {
                    early.cancel(true);
                }
                problems.append(problems.isEmpty() ? "" : "; ").append(e.getMessage());
                continue;
            }
            try {
                JsonNode result = early != null ? await(early) : nodes.get(i).blockTemplate(rules);
                BlockTemplate template = parse(nodes.get(i), result);
                int before = serving.getAndSet(i);
                if (before != i) {
                    log.info("templates from {}", nodes.get(i));
                }
                noteTip(template.previousBlockHash(), false, System.nanoTime());
                return template;
            } catch (NodeException e) {
                markUnhealthy(i, e);
                problems.append(problems.isEmpty() ? "" : "; ").append(e.getMessage());
            }
        }
        serving.set(-1);
        throw new NodeException(NodeException.Kind.NO_HEALTHY_NODE, "no node can give a template: " + problems);
    }

    private Future<JsonNode> fetchAsync(int i) throws NodeException {
        try {
            return submitters.submit(() -> nodes.get(i).blockTemplate(rules));
        } catch (RejectedExecutionException closing) {
            throw new NodeException(NodeException.Kind.NO_HEALTHY_NODE, "the template source is closed");
        }
    }

    /** The result of a call made on another thread, with its NodeException as thrown there. */
    private static JsonNode await(Future<JsonNode> call) throws NodeException {
        try {
            return call.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NodeException n) {
                throw n;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new NodeException(NodeException.Kind.TIMEOUT, 0, "interrupted while waiting for a template", e);
        }
    }

    /**
     * The nodes in configuration order, those seen failing a moment ago last: they are not waited for again while
     * another node answers (the poller's probe finds them back).
     *
     * @param probeDueFirst whether a failing node whose probe is due keeps its place
     */
    private List<Integer> tryOrder(boolean probeDueFirst) {
        List<Integer> order = new ArrayList<>();
        List<Integer> later = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            (down[i].get() && !(probeDueFirst && probeDue(i)) ? later : order).add(i);
        }
        order.addAll(later);
        return order;
    }

    private boolean probeDue(int index) {
        return System.nanoTime() - lastChecked[index].get()
                >= options.pollInterval().toNanos();
    }

    private static BlockTemplate parse(BitcoindNode node, JsonNode result) throws NodeException {
        try {
            return BlockTemplate.parse(result);
        } catch (IllegalArgumentException e) {
            throw new NodeException(
                    NodeException.Kind.BAD_REPLY, 0, node.name() + ": getblocktemplate: " + e.getMessage(), e);
        }
    }

    @Override
    public Hash256 bestBlockHash() throws NodeException {
        NodeException last = null;
        for (int i : tryOrder(false)) {
            try {
                Hash256 tip = nodes.get(i).bestBlockHash();
                return tip;
            } catch (NodeException e) {
                markUnhealthy(i, e);
                last = e;
            }
        }
        throw new NodeException(NodeException.Kind.NO_HEALTHY_NODE, 0, "no node answers getbestblockhash", last);
    }

    @Override
    public Optional<HeaderInfo> blockHeader(Hash256 hash) throws NodeException {
        NodeException last = null;
        for (int i : tryOrder(false)) {
            try {
                return nodes.get(i).blockHeader(hash);
            } catch (NodeException e) {
                last = e;
            }
        }
        throw new NodeException(NodeException.Kind.NO_HEALTHY_NODE, 0, "no node answers getblockheader", last);
    }

    /** Submits to all nodes in parallel (healthy or not: a node that is syncing may still relay the block). */
    @Override
    public List<SubmitResult> submitBlock(byte[] block) {
        List<Future<SubmitResult>> futures = new ArrayList<>();
        for (BitcoindNode node : nodes) {
            futures.add(submitters.submit(() -> node.submitBlock(block)));
        }
        List<SubmitResult> results = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).get());
            } catch (ExecutionException e) {
                results.add(SubmitResult.unreachable(nodes.get(i).name(), String.valueOf(e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(SubmitResult.unreachable(nodes.get(i).name(), "interrupted"));
            }
        }
        return results;
    }

    @Override
    public void preferBlock(Hash256 hash) {
        for (BitcoindNode node : nodes) {
            try {
                node.preciousBlock(hash);
            } catch (NodeException e) {
                log.warn("preciousblock {} on {} failed: {}", hash, node.name(), e.getMessage());
            }
        }
    }

    @Override
    public void addBlockListener(Consumer<Hash256> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add((hash, seenNanos) -> listener.accept(hash));
    }

    @Override
    public void addTipListener(TipListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void addSourceChangeListener(Runnable listener) {
        sourceListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void sourceChanged(String why) {
        if (closed) {
            return;
        }
        log.info("template source changed: {}; fetching a new template", why);
        for (Runnable l : sourceListeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                log.error("source change listener failed", e);
            }
        }
    }

    /**
     * Called by every watcher with what it saw; listeners hear each tip once.
     *
     * @param fromNotification whether it came from a block notification (else from a template we fetched)
     * @param seenNanos when it was learnt ({@link System#nanoTime()}), e.g. the ZMQ message's arrival
     */
    void noteTip(Hash256 tip, boolean fromNotification, long seenNanos) {
        Hash256 previous = lastTip.getAndSet(tip);
        if (previous == null || previous.equals(tip)) {
            return; // the first tip we see is where we start, not a new block
        }
        for (TipListener l : listeners) {
            try {
                l.newTip(tip, seenNanos);
            } catch (RuntimeException e) {
                log.error("block listener failed", e);
            }
        }
        // after the listeners, which only queue work: the line is not on the way to the miners
        log.info("new block {} ({})", tip, fromNotification ? "notified" : "seen in a template");
    }

    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        boolean anyZmq = false;
        for (int i = 0; i < nodes.size(); i++) {
            Optional<URI> endpoint = zmqEndpoints.get(i);
            if (endpoint.isPresent()) {
                anyZmq = true;
                watchers.add(ZmqBlockSubscriber.start(
                        nodes.get(i).name(), endpoint.get(), (hash, seenNanos) -> noteTip(hash, true, seenNanos)));
            }
        }
        // a first task now, so that the virtual-thread scheduler is up before a new block's template and health check
        // run on it side by side
        submitters.execute(() -> {});
        boolean longPoll = !anyZmq && options.longPoll();
        if (longPoll) {
            watchers.add(LongPoller.start(this));
        }
        Duration tipEvery = anyZmq || longPoll ? options.safetyPollInterval() : options.pollInterval();
        poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("node-tip-poller").daemon(true).factory());
        poller.scheduleWithFixedDelay(
                () -> poll(tipEvery), 0, options.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        log.info(
                "watching for new blocks: {}; polling getbestblockhash every {} ms",
                anyZmq ? "ZMQ hashblock" : longPoll ? "BIP 22 long poll" : "polling only",
                tipEvery.toMillis());
    }

    private long lastTipPollNanos = System.nanoTime() - Duration.ofDays(1).toNanos();

    /** On the poller thread: probes nodes that are down, and polls the tip when it is due. */
    private void poll(Duration tipEvery) {
        if (closed) {
            return;
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (down[i].get() && probeDue(i)) {
                try {
                    checkHealth(i); // back: markHealthy tells the source-change listeners
                } catch (NodeException e) {
                    log.debug("{} still unavailable: {}", nodes.get(i).name(), e.getMessage());
                } catch (RuntimeException e) {
                    log.error("probing {} failed", nodes.get(i).name(), e);
                }
            }
        }
        if (System.nanoTime() - lastTipPollNanos >= tipEvery.toNanos() - 1_000_000) {
            lastTipPollNanos = System.nanoTime();
            pollTip();
        }
    }

    private void pollTip() {
        try {
            noteTip(bestBlockHash(), true, System.nanoTime());
        } catch (NodeException e) {
            log.debug("tip poll failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("tip poll failed", e);
        }
    }

    /** The node templates come from, else the first healthy one, else the first (for the long poller). */
    BitcoindNode preferredNode() {
        int s = serving.get();
        if (s >= 0) {
            return nodes.get(s);
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (isHealthy(i)) {
                return nodes.get(i);
            }
        }
        return nodes.get(0);
    }

    boolean isClosed() {
        return closed;
    }

    Options options() {
        return options;
    }

    Hash256 lastTip() {
        return lastTip.get();
    }

    private void markHealthy(int index) {
        if (healthy[index].getAndSet(1) == 0) {
            log.info("{} is healthy", nodes.get(index));
        }
        lastProblem.get(index).set("ok");
        if (down[index].getAndSet(false)) {
            int s = serving.get();
            if (s < 0 || index < s) {
                sourceChanged(nodes.get(index).name() + " is back");
            }
        }
    }

    private void markUnhealthy(int index, NodeException e) {
        int was = healthy[index].getAndSet(0);
        boolean newlyDown = !down[index].getAndSet(true);
        String before = lastProblem.get(index).getAndSet(e.getMessage());
        Counter.builder("node.unavailable")
                .description("calls a node could not serve, by reason")
                .tag("reason", e.kind().tag())
                .register(registry)
                .increment();
        if (was == 1 || !e.getMessage().equals(before)) {
            log.warn(
                    "{} unavailable ({}): {}", nodes.get(index).name(), e.kind().tag(), e.getMessage());
        }
        if (newlyDown && serving.compareAndSet(index, -1)) {
            sourceChanged(nodes.get(index).name() + " failed (" + e.kind().tag() + ")");
        }
    }

    @Override
    public void close() {
        closed = true;
        if (poller != null) {
            poller.shutdownNow();
        }
        for (AutoCloseable w : watchers) {
            try {
                w.close();
            } catch (Exception e) {
                log.warn("closing a block watcher failed", e);
            }
        }
        submitters.shutdownNow();
    }
}
