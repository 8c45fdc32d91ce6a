package org.sovereignpool.sim.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.node.HeaderInfo;
import org.sovereignpool.node.SubmitResult;
import org.sovereignpool.node.TemplateSource;
import org.sovereignpool.share.hash.Sha256;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.job.CoinbaseBuilder;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.share.model.Target;

/**
 * A regtest block chain in process that behaves as Bitcoin Core v29.99 does (the recordings in
 * {@code shared/fixtures/bitcoin-core/recorded-2026-11-29} are the reference), for the node stand-in
 * ({@code org.sovereignpool.sim.node.RegtestNode}), the demo and tests:
 *
 * <ul>
 *   <li>a block tree with chain work: the active chain is the most-work chain whose blocks all have data and none is
 *       invalid; between equal work the block whose data arrived first wins ({@code preciousblock} makes a block the
 *       earliest). {@code invalidateblock} and {@code reconsiderblock} work as in Core, so a reconsidered block that
 *       arrived first takes the tip back from an equal-work competitor;
 *   <li>templates shaped field for field like {@code getblocktemplate}'s, from a mempool of synthetic transactions
 *       whose txid and wtxid are real; BIP 9 {@code testdummy} signalling from height 144 as on regtest;
 *   <li>blocks checked in Core's order with Core's answers: decode (-22), "duplicate", "duplicate-invalid",
 *       CheckBlock ("high-hash", "bad-txnmrklroot", "bad-txns-duplicate", "bad-blk-length", "bad-cb-missing",
 *       "bad-cb-multiple", "bad-cb-length", ...), the header in context ("prev-blk-not-found", "bad-prevblk",
 *       "bad-diffbits", "time-too-old", "time-too-new", "bad-version(0x%08x)"), the block in context
 *       ("bad-txns-nonfinal", "bad-cb-height", "bad-witness-nonce-size", "bad-witness-merkle-match",
 *       "unexpected-witness", "bad-blk-weight") and when connected ("bad-txns-inputs-missingorspent",
 *       "bad-cb-amount"). A valid block that is stored but not connected answers "inconclusive". What is left of a
 *       rejected block follows Core: nothing for CheckBlock and header failures, a header for "mutated" blocks
 *       (witness errors), an invalid entry for the rest;
 *   <li>submitblock fills in a missing coinbase witness reserved value when the block commits to witnesses;
 *   <li>tip listeners hear each tip change once (the blocks connected in the middle of a reorganisation are not
 *       announced; a pure disconnect announces nothing), never during initial block download, as ZMQ hashblock.
 * </ul>
 *
 * Transactions are synthetic: instead of scripts and a UTXO set, a transaction is valid in a block when the chain
 * knows it (it was in some mempool) and it is not already confirmed on that branch or earlier in the block.
 *
 * <p>Thread-safe: every operation holds the chain's monitor; listeners are called on the chain's notifier thread.
 */
public final class SimulatedChain implements TemplateSource {
    private static final Logger log = LoggerFactory.getLogger(SimulatedChain.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Regtest's proof-of-work limit: 7fffff << 232, bits 207fffff. */
    public static final BigInteger POW_LIMIT = BigInteger.valueOf(0x7fffff).shiftLeft(232);
    /** Regtest's bits. */
    public static final CompactBits REGTEST_BITS = new CompactBits(0x207fffff);
    /** Bitcoin Core's regtest genesis block hash. */
    public static final Hash256 REGTEST_GENESIS =
            Hash256.fromDisplayHex("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");

    public static final String NODE_NAME = "simulated";
    private static final long COIN = 100_000_000L;
    private static final long MAX_MONEY = 21_000_000 * COIN;
    private static final int MAX_FUTURE_SECONDS = 7200;
    private static final int MAX_BLOCK_WEIGHT = 4_000_000;
    /** Weight Core keeps free for the coinbase when it fills a template. */
    private static final int COINBASE_RESERVED_WEIGHT = 4000;

    private static final long LOCKTIME_THRESHOLD = 500_000_000L;
    private static final long MAX_TIP_AGE_SECONDS = 24 * 3600;
    private static final byte[] COMMITMENT_HEADER = Hex.decode("6a24aa21a9ed");
    private static final int BASE_VERSION = 0x20000000;
    /** BIP 9 on regtest: the {@code testdummy} deployment on bit 28, windows of 144 blocks, threshold 108. */
    private static final int TESTDUMMY_BIT = 28;

    private static final int PERIOD = 144;
    private static final int THRESHOLD = 108;

    /**
     * How the simulated chain behaves.
     *
     * @param bits the network target of every block after the first (no retargeting, as on regtest)
     * @param halvingInterval blocks per subsidy halving (150 on regtest)
     * @param mempoolSize transactions the mempool is refilled to after each block
     * @param newTransactionsPerTemplate transactions that arrive with each template request (mempool churn)
     * @param maxMempool the mempool never holds more
     * @param seed for the synthetic transactions
     */
    public record Settings(
            CompactBits bits,
            int halvingInterval,
            int mempoolSize,
            int newTransactionsPerTemplate,
            int maxMempool,
            long seed) {
        public Settings {
            Objects.requireNonNull(bits, "bits");
            if (bits.toTarget().toBigInteger().compareTo(POW_LIMIT) > 0) {
                throw new IllegalArgumentException("bits " + bits + " are easier than regtest's limit 207fffff");
            }
            if (halvingInterval < 1 || mempoolSize < 0 || newTransactionsPerTemplate < 0 || maxMempool < mempoolSize) {
                throw new IllegalArgumentException("invalid simulated chain settings");
            }
        }

        /**
         * A regtest-like chain on which miners totalling {@code hashesPerSecond} find a block every {@code
         * blockInterval} on average (the demo's setting).
         */
        public static Settings forBlockInterval(double hashesPerSecond, Duration blockInterval, long seed) {
            return regtest(difficultyFor(hashesPerSecond, blockInterval), seed);
        }

        /** A regtest-like chain at this network difficulty, 10 transactions in the mempool, 2 more per template. */
        public static Settings regtest(Difficulty difficulty, long seed) {
            return new Settings(bitsFor(difficulty), 150, 10, 2, 200, seed);
        }

        /** Bitcoin Core's regtest as recorded: bits 207fffff, halving every 150 blocks, an empty mempool. */
        public static Settings coreRegtest(long seed) {
            return new Settings(REGTEST_BITS, 150, 0, 0, 5000, seed);
        }

        public Settings withMempool(int size, int perTemplate) {
            return new Settings(bits, halvingInterval, size, perTemplate, Math.max(maxMempool, size), seed);
        }

        public Settings withBits(CompactBits newBits) {
            return new Settings(newBits, halvingInterval, mempoolSize, newTransactionsPerTemplate, maxMempool, seed);
        }
    }

    /** A mempool transaction, or one the chain knows (its fee stands for the inputs' value). */
    public record MempoolTx(byte[] data, Hash256 txid, Hash256 wtxid, long fee, int weight) {}

    /** A block the chain accepted onto its best chain through {@link #submit}, for tests and the demo. */
    public record AcceptedBlock(
            Hash256 hash, int height, long coinbasePaid, int transactions, byte[] coinbaseScriptSig) {}

    /**
     * What {@code getblockheader}/{@code getblock} show of a block.
     *
     * @param medianTime the median time past ending at this block
     * @param transactions its transaction count, 0 while only the header is known
     * @param next the next block on the active chain, null at the tip or off it
     * @param confirmations 1 at the tip, more below, -1 off the active chain
     * @param data the stored block (with witnesses), empty for a header without data
     */
    public record BlockInfo(
            Hash256 hash,
            int height,
            int version,
            Hash256 merkleRoot,
            long time,
            long medianTime,
            long nonce,
            CompactBits bits,
            BigInteger chainWork,
            int transactions,
            Hash256 previous,
            Hash256 next,
            int confirmations,
            Optional<ParsedBlock> data,
            long fees,
            byte[] header) {}

    /** One {@code getchaintips} entry: status active, valid-fork, valid-headers, headers-only or invalid. */
    public record ChainTip(int height, Hash256 hash, int branchLength, String status) {}

    /** What {@code getblockchaininfo} shows. */
    public record ChainState(int blocks, int headers, BlockInfo tip, boolean initialBlockDownload, long sizeOnDisk) {}

    /** What became of a block handed to the chain: Core's submitblock reply and whether it is a decode error. */
    public record Verdict(String reply, boolean decodeFailed) {
        static final Verdict ACCEPTED = new Verdict(null, false);
        static final Verdict DECODE_FAILED = new Verdict("Block decode failed", true);

        static Verdict of(String reason) {
            return new Verdict(reason, false);
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final SyntheticTransactions synthetic;
    private final Map<Hash256, ChainBlock> index = new HashMap<>();
    private final List<ChainBlock> active = new ArrayList<>();
    private final ChainBlock root;
    /** Ancestors the seeded root lacks count with this time in the median time past. */
    private final long missingAncestorTime;
    /** The BIP 9 state of blocks at or below the seeded root. */
    private final DeploymentState rootDeployment;

    private final Set<ChainBlock> candidates = new HashSet<>();
    private final LinkedHashMap<Hash256, MempoolTx> mempool = new LinkedHashMap<>();
    /** Every transaction the chain ever knew: the stand-in for the UTXO set (a known transaction has inputs). */
    private final Map<Hash256, MempoolTx> known = new HashMap<>();
    /** The active chain's confirmed transactions. */
    private final Map<Hash256, ChainBlock> confirmed = new HashMap<>();

    private final Map<ChainBlock, DeploymentState> deploymentCache = new HashMap<>();
    private final List<AcceptedBlock> accepted = new ArrayList<>();

    private final List<Consumer<Hash256>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ParsedBlock>> connectListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<MempoolTx>> transactionListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("sim-chain-notify").daemon(true).factory());

    private long nextSequenceId = 1;
    private long nextHeaderOrder = 1;
    private long reverseSequenceId = -1;
    private BigInteger lastPreciousWork = BigInteger.ZERO;
    private long mempoolUpdates;
    private boolean ibdOver;
    private long templatesServed;

    private enum DeploymentState {
        DEFINED,
        STARTED,
        LOCKED_IN,
        ACTIVE
    }

    private SimulatedChain(
            Settings settings,
            Clock clock,
            ParsedBlock rootBlock,
            int rootHeight,
            BigInteger rootWork,
            long missingAncestorTime,
            DeploymentState rootDeployment) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.synthetic = new SyntheticTransactions(settings.seed());
        this.missingAncestorTime = missingAncestorTime;
        this.rootDeployment = rootDeployment;
        ChainBlock r = new ChainBlock(rootBlock.hash(), null, rootHeight, rootBlock.header(), rootWork, 0);
        r.data = rootBlock;
        r.chainHasData = true;
        r.validScripts = true;
        r.sequenceId = 0;
        this.root = r;
        index.put(r.hash, r);
        active.add(r);
        candidates.add(r);
        ibdOver = !isInitialBlockDownload();
    }

    /**
     * A fresh chain from Bitcoin Core's regtest genesis block (time 2011, so the chain is in initial block download
     * until its first block, as a fresh regtest node is). Blocks mined on it with Core's coinbase and this clock
     * reproduce Core's own block hashes.
     */
    public static SimulatedChain create(Settings settings, Clock clock) {
        SimulatedChain chain = new SimulatedChain(
                settings, clock, regtestGenesis(), 0, work(REGTEST_BITS), 0, DeploymentState.DEFINED);
        synchronized (chain) {
            chain.refillMempool();
        }
        return chain;
    }

    /**
     * A chain positioned where a recorded template was made: its parent is the tip (at height - 1, with median time
     * past mintime - 1; its own ancestors are not known), its transactions are the mempool, its bits the network
     * target. Submitting the block a miner made from that template is then checked exactly as the recording node
     * checked it.
     */
    public static SimulatedChain fromTemplate(BlockTemplate recorded, Settings settings, Clock clock) {
        Settings s = new Settings(
                recorded.bits(),
                settings.halvingInterval(),
                settings.mempoolSize(),
                settings.newTransactionsPerTemplate(),
                Math.max(settings.maxMempool(), recorded.transactions().size()),
                settings.seed());
        long parentTime = recorded.minTime() - 1;
        byte[] header = new byte[ParsedBlock.HEADER_SIZE];
        ParsedBlock.putLeInt(header, 0, BASE_VERSION);
        ParsedBlock.putLeInt(header, 68, (int) parentTime);
        ParsedBlock.putLeInt(header, 72, recorded.bits().value());
        // The parent's real header is unknown: a placeholder with the right time and bits, filed under its hash.
        ParsedBlock parent = new ParsedBlock(header, recorded.previousBlockHash(), List.of());
        int parentHeight = recorded.height() - 1;
        DeploymentState state =
                (recorded.version() >>> TESTDUMMY_BIT & 1) == 1 ? DeploymentState.STARTED : DeploymentState.DEFINED;
        SimulatedChain chain = new SimulatedChain(
                s,
                clock,
                parent,
                parentHeight,
                work(recorded.bits()).multiply(BigInteger.valueOf(parentHeight + 1L)),
                parentTime,
                state);
        synchronized (chain) {
            for (BlockTemplate.Transaction tx : recorded.transactions()) {
                chain.addToMempool(new MempoolTx(tx.data(), tx.txid(), tx.wtxid(), tx.fee(), weightOf(tx.data())));
            }
        }
        return chain;
    }

    /** Bitcoin Core's regtest genesis block. */
    static ParsedBlock regtestGenesis() {
        byte[] message = "The Times 03/Jan/2009 Chancellor on brink of second bailout for banks"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] scriptSig = new byte[8 + message.length];
        System.arraycopy(Hex.decode("04ffff001d010445"), 0, scriptSig, 0, 8);
        System.arraycopy(message, 0, scriptSig, 8, message.length);
        byte[] key = Hex.decode("04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61de"
                + "b649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f");
        byte[] script = new byte[key.length + 2];
        script[0] = (byte) key.length;
        System.arraycopy(key, 0, script, 1, key.length);
        script[script.length - 1] = (byte) 0xac; // OP_CHECKSIG
        RawTransaction coinbase = transaction(
                1,
                List.of(new RawTransaction.Input(
                        Hash256.ZERO, 0xffffffffL, scriptSig, RawTransaction.SEQUENCE_FINAL, List.of())),
                List.of(new RawTransaction.Output(50 * COIN, script)),
                0);
        byte[] header = new byte[ParsedBlock.HEADER_SIZE];
        ParsedBlock.putLeInt(header, 0, 1);
        coinbase.txid().copyInternalTo(header, 36);
        ParsedBlock.putLeInt(header, 68, 1296688602);
        ParsedBlock.putLeInt(header, 72, 0x207fffff);
        ParsedBlock.putLeInt(header, 76, 2);
        return ParsedBlock.of(header, List.of(coinbase));
    }

    /**
     * The network difficulty at which a miner of {@code hashesPerSecond} finds a block every {@code interval} on
     * average: hashrate × seconds / 2^32.
     */
    public static Difficulty difficultyFor(double hashesPerSecond, Duration interval) {
        double d = hashesPerSecond * (interval.toMillis() / 1000.0) / 0x1p32;
        return Difficulty.of(d);
    }

    /**
     * The compact bits for a difficulty (floor(diff1 / difficulty), rounded down to what compact form holds), capped
     * at regtest's limit.
     */
    public static CompactBits bitsFor(Difficulty difficulty) {
        BigInteger target = new BigDecimal(Target.DIFF1)
                .divide(new BigDecimal(difficulty.value()), 0, RoundingMode.FLOOR)
                .toBigIntegerExact()
                .min(POW_LIMIT)
                .max(BigInteger.ONE);
        return new CompactBits(compact(target));
    }

    /** Bitcoin Core's arith_uint256::GetCompact. */
    static int compact(BigInteger target) {
        int size = (target.bitLength() + 7) / 8;
        long mantissa = size <= 3
                ? target.longValue() << (8 * (3 - size))
                : target.shiftRight(8 * (size - 3)).longValue();
        if ((mantissa & 0x00800000L) != 0) {
            mantissa >>= 8;
            size++;
        }
        return (int) (mantissa | ((long) size << 24));
    }

    /** Core's GetBlockProof: 2^256 / (target + 1). */
    static BigInteger work(CompactBits bits) {
        return BigInteger.ONE
                .shiftLeft(256)
                .divide(bits.toTarget().toBigInteger().add(BigInteger.ONE));
    }

    // ---------------------------------------------------------------- templates

    @Override
    public BlockTemplate template() {
        return BlockTemplate.parse(templateJson());
    }

    /**
     * The template as {@code getblocktemplate {"rules":["segwit"]}} returns it, field for field. With churn
     * configured ({@link Settings#newTransactionsPerTemplate}) every request after the first adds transactions.
     */
    public synchronized ObjectNode templateJson() {
        if (templatesServed++ > 0) {
            for (int i = 0; i < settings.newTransactionsPerTemplate() && mempool.size() < settings.maxMempool(); i++) {
                addSynthetic();
            }
        }
        ChainBlock tip = tip();
        int height = tip.height + 1;
        long minTime = medianTimePast(tip) + 1;
        long curTime = Math.max(now(), minTime);
        List<MempoolTx> txs = selectTransactions();
        long fees = txs.stream().mapToLong(MempoolTx::fee).sum();
        DeploymentState state = deploymentStateAfter(tip);

        ObjectNode t = JSON.createObjectNode();
        t.putArray("capabilities").add("proposal");
        t.put("version", blockVersion(state));
        ArrayNode rules = t.putArray("rules").add("csv").add("!segwit").add("taproot");
        if (state == DeploymentState.ACTIVE) {
            rules.add("testdummy");
        }
        ObjectNode available = t.putObject("vbavailable");
        if (state == DeploymentState.STARTED || state == DeploymentState.LOCKED_IN) {
            available.put("testdummy", TESTDUMMY_BIT);
        }
        t.put("vbrequired", 0);
        t.put("previousblockhash", tip.hash.toDisplayHex());
        ArrayNode array = t.putArray("transactions");
        for (MempoolTx tx : txs) {
            ObjectNode o = array.addObject();
            o.put("data", Hex.encode(tx.data()));
            o.put("txid", tx.txid().toDisplayHex());
            o.put("hash", tx.wtxid().toDisplayHex());
            o.putArray("depends");
            o.put("fee", tx.fee());
            o.put("sigops", 1);
            o.put("weight", tx.weight());
        }
        t.putObject("coinbaseaux");
        t.put("coinbasevalue", subsidy(height) + fees);
        t.put("longpollid", longPollId());
        t.put("target", settings.bits().toTarget().toHex());
        t.put("mintime", minTime);
        t.putArray("mutable").add("time").add("transactions").add("prevblock");
        t.put("noncerange", "00000000ffffffff");
        t.put("sigoplimit", 80000);
        t.put("sizelimit", 4000000);
        t.put("weightlimit", 4000000);
        t.put("curtime", curTime);
        t.put("bits", settings.bits().toHex());
        t.put("height", height);
        t.put(
                "default_witness_commitment",
                Hex.encode(witnessCommitmentScript(
                        txs.stream().map(MempoolTx::wtxid).toList())));
        return t;
    }

    /** BIP 22's longpollid: the tip's hash and the mempool's update counter. */
    public synchronized String longPollId() {
        return tip().hash.toDisplayHex() + mempoolUpdates;
    }

    /** How often the mempool changed (Core's nTransactionsUpdated). */
    public synchronized long mempoolUpdates() {
        return mempoolUpdates;
    }

    /**
     * Waits until the tip is not {@code watched} or {@code millis} pass; true when the tip moved. Used by long polls,
     * which also wake up for the node stopping.
     */
    public synchronized boolean awaitTipOtherThan(Hash256 watched, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (tip().hash.equals(watched)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private List<MempoolTx> selectTransactions() {
        List<MempoolTx> out = new ArrayList<>();
        int weight = COINBASE_RESERVED_WEIGHT;
        for (MempoolTx tx : mempool.values()) {
            if (weight + tx.weight() > MAX_BLOCK_WEIGHT) {
                break;
            }
            weight += tx.weight();
            out.add(tx);
        }
        return out;
    }

    /** 6a24aa21a9ed | SHA256d(witness merkle root | 32 zero bytes), the coinbase's wtxid counted as zero. */
    public static byte[] witnessCommitmentScript(List<Hash256> wtxidsWithoutCoinbase) {
        byte[] commitment = witnessCommitment(wtxidsWithoutCoinbase, new byte[32]);
        byte[] script = Arrays.copyOf(COMMITMENT_HEADER, 38);
        System.arraycopy(commitment, 0, script, 6, 32);
        return script;
    }

    private static byte[] witnessCommitment(List<Hash256> wtxidsWithoutCoinbase, byte[] reservedValue) {
        List<Hash256> leaves = new ArrayList<>();
        leaves.add(Hash256.ZERO);
        leaves.addAll(wtxidsWithoutCoinbase);
        byte[] buf = new byte[64];
        ParsedBlock.merkleRoot(leaves).root().copyInternalTo(buf, 0);
        System.arraycopy(reservedValue, 0, buf, 32, 32);
        return Hashes.doubleSha256(buf);
    }

    private long subsidy(int height) {
        int halvings = height / settings.halvingInterval();
        return halvings >= 64 ? 0 : (50 * COIN) >> halvings;
    }

    private long medianTimePast(ChainBlock from) {
        long[] times = new long[11];
        int n = 0;
        int height = from.height;
        for (ChainBlock b = from; n < 11 && b != null; b = b.parent, height--) {
            times[n++] = b.time();
        }
        while (n < 11 && height >= 0 && root.height > 0) {
            times[n++] = missingAncestorTime; // a seeded root's unknown ancestors
            height--;
        }
        long[] used = Arrays.copyOf(times, n);
        Arrays.sort(used);
        return used[n / 2];
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    // ---------------------------------------------------------------- BIP 9

    private int blockVersion(DeploymentState state) {
        return state == DeploymentState.STARTED || state == DeploymentState.LOCKED_IN
                ? BASE_VERSION | 1 << TESTDUMMY_BIT
                : BASE_VERSION;
    }

    /** The state of testdummy for a block whose parent is {@code prev} (Core's GetStateFor). */
    private DeploymentState deploymentStateAfter(ChainBlock prev) {
        // a period's state is computed from the last block of the period before it
        int boundary = prev.height - ((prev.height + 1) % PERIOD);
        return stateAtBoundary(boundary, boundary < 0 ? null : prev.ancestor(boundary));
    }

    private DeploymentState stateAtBoundary(int boundary, ChainBlock end) {
        if (boundary < 0) {
            return DeploymentState.DEFINED;
        }
        if (root.height > 0 && boundary <= root.height) {
            return rootDeployment; // a seeded chain: the history below its root is not known
        }
        DeploymentState cached = deploymentCache.get(end);
        if (cached != null) {
            return cached;
        }
        int earlier = boundary - PERIOD;
        DeploymentState before = stateAtBoundary(earlier, earlier < 0 ? null : end.ancestor(earlier));
        DeploymentState state = switch (before) {
            case DEFINED -> DeploymentState.STARTED; // start time 0: started at the first boundary
            case STARTED -> signalling(end) >= THRESHOLD ? DeploymentState.LOCKED_IN : DeploymentState.STARTED;
            case LOCKED_IN, ACTIVE -> DeploymentState.ACTIVE;
        };
        deploymentCache.put(end, state);
        return state;
    }

    private int signalling(ChainBlock end) {
        int count = 0;
        ChainBlock b = end;
        for (int i = 0; i < PERIOD && b != null; i++, b = b.parent) {
            int v = b.version();
            if ((v & 0xe0000000) == BASE_VERSION && (v >>> TESTDUMMY_BIT & 1) == 1) {
                count++;
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- mempool

    private void refillMempool() {
        while (mempool.size() < settings.mempoolSize()) {
            addSynthetic();
        }
    }

    /** Adds {@code n} synthetic transactions to the mempool (the demo's traffic; tests' churn). */
    public synchronized void addTransactions(int n) {
        for (int i = 0; i < n && mempool.size() < settings.maxMempool(); i++) {
            addSynthetic();
        }
    }

    /**
     * Transactions that arrive from outside (a recorded template's, or a peer's relay): into the mempool unless
     * already confirmed on the active chain, and known from then on.
     */
    public synchronized void addMempoolTransactions(Collection<MempoolTx> txs) {
        for (MempoolTx tx : txs) {
            addToMempool(tx);
        }
    }

    /** The transactions of a recorded template, as if they had just been broadcast. */
    public void addMempoolTransactions(BlockTemplate recorded) {
        addMempoolTransactions(recorded.transactions().stream()
                .map(t -> new MempoolTx(t.data(), t.txid(), t.wtxid(), t.fee(), weightOf(t.data())))
                .toList());
    }

    /** A transaction the chain knows of without it being in the mempool (a peer confirmed it in a block). */
    synchronized void learn(MempoolTx tx) {
        known.putIfAbsent(tx.txid(), tx);
    }

    /** What the chain knows of a transaction, if anything. */
    public synchronized Optional<MempoolTx> knownTransaction(Hash256 txid) {
        return Optional.ofNullable(known.get(txid));
    }

    /** The mempool, in template order. */
    public synchronized List<MempoolTx> mempoolTransactions() {
        return List.copyOf(mempool.values());
    }

    private void addToMempool(MempoolTx tx) {
        known.putIfAbsent(tx.txid(), tx);
        if (confirmed.containsKey(tx.txid()) || mempool.containsKey(tx.txid())) {
            return;
        }
        mempool.put(tx.txid(), tx);
        mempoolUpdates++;
        for (Consumer<MempoolTx> l : transactionListeners) {
            notifier.execute(() -> l.accept(tx));
        }
    }

    private void addSynthetic() {
        SyntheticTransactions.Made made = synthetic.next();
        try {
            RawTransaction tx = RawTransaction.decode(made.data());
            addToMempool(new MempoolTx(made.data(), tx.txid(), tx.wtxid(), made.fee(), tx.weight()));
        } catch (RawTransaction.DecodeException e) {
            throw new IllegalStateException("a synthetic transaction does not decode", e);
        }
    }

    static int weightOf(byte[] data) {
        try {
            return RawTransaction.decode(data).weight();
        } catch (RawTransaction.DecodeException e) {
            throw new IllegalArgumentException("a template transaction does not decode: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- blocks

    @Override
    public List<SubmitResult> submitBlock(byte[] block) {
        return List.of(submit(block));
    }

    /** Checks and (if valid) stores and connects one block; the answer Bitcoin Core's submitblock would give. */
    public SubmitResult submit(byte[] block) {
        Verdict v = submitBlockVerdict(block);
        return v.decodeFailed()
                ? SubmitResult.rpcError(NODE_NAME, -22, v.reply())
                : SubmitResult.fromReply(NODE_NAME, v.reply());
    }

    /** As {@code submitblock}: null when accepted and connected, else the reason; or a decode failure. */
    public Verdict submitBlockVerdict(byte[] bytes) {
        Hash256 announce;
        Verdict verdict;
        synchronized (this) {
            ParsedBlock block;
            try {
                block = ParsedBlock.decode(bytes);
            } catch (RawTransaction.DecodeException e) {
                return Verdict.DECODE_FAILED;
            }
            ChainBlock known = index.get(block.hash());
            if (known != null && known.validScripts && !known.failed()) {
                return Verdict.of("duplicate");
            }
            if (known != null && known.failed()) {
                return Verdict.of("duplicate-invalid");
            }
            if (index.containsKey(block.previous())) {
                block = withWitnessReservedValue(block);
            }
            ChainBlock startTip = tip();
            Processed p = processNewBlock(block);
            verdict = p.verdict();
            announce = announcement(startTip);
            if (verdict.reply() == null && !p.duplicate()) {
                RawTransaction cb = block.transactions().get(0);
                ChainBlock stored = index.get(block.hash());
                accepted.add(new AcceptedBlock(
                        block.hash(),
                        stored.height,
                        cb.outputValue(),
                        block.transactions().size(),
                        cb.inputs().get(0).scriptSig()));
                log.info(
                        "simulated chain: block {} accepted at height {} ({} transactions)",
                        block.hash(),
                        stored.height,
                        block.transactions().size());
            }
        }
        announce(announce);
        return verdict;
    }

    /**
     * A block that arrives from a peer (P2P relay): processed as submitblock processes it, without the reply. A block
     * the chain has already is ignored.
     */
    public void receiveFromPeer(ParsedBlock block, Collection<MempoolTx> knownTransactions) {
        Hash256 announce;
        synchronized (this) {
            for (MempoolTx tx : knownTransactions) {
                known.putIfAbsent(tx.txid(), tx);
            }
            ChainBlock have = index.get(block.hash());
            if (have != null && (have.data != null || have.failed())) {
                return;
            }
            ChainBlock startTip = tip();
            processNewBlock(block);
            announce = announcement(startTip);
        }
        announce(announce);
    }

    /**
     * BIP 23 proposal ({@code getblocktemplate {"mode":"proposal"}}): checks a block on the tip without its proof of
     * work, changing nothing. Null means it would be valid.
     */
    public synchronized Verdict propose(byte[] bytes) {
        ParsedBlock block;
        try {
            block = ParsedBlock.decode(bytes);
        } catch (RawTransaction.DecodeException e) {
            return Verdict.DECODE_FAILED;
        }
        ChainBlock known = index.get(block.hash());
        if (known != null) {
            return Verdict.of(
                    known.failed() ? "duplicate-invalid" : known.validScripts ? "duplicate" : "duplicate-inconclusive");
        }
        ChainBlock tip = tip();
        if (!block.previous().equals(tip.hash)) {
            return Verdict.of("inconclusive-not-best-prevblk");
        }
        String reason = checkBlock(block, false);
        if (reason == null) {
            reason = contextualCheckHeader(block, tip);
        }
        if (reason == null) {
            reason = contextualCheckBlock(block, tip);
        }
        if (reason == null) {
            reason = connectCheck(block, tip.height + 1).reason();
        }
        return Verdict.of(reason);
    }

    /** Core's UpdateUncommittedBlockStructures: a block committing to witnesses gets its coinbase's reserved value. */
    private static ParsedBlock withWitnessReservedValue(ParsedBlock block) {
        if (block.transactions().isEmpty() || !block.transactions().get(0).isCoinbase()) {
            return block;
        }
        RawTransaction cb = block.transactions().get(0);
        if (commitmentIndex(cb) < 0 || cb.hasWitness()) {
            return block;
        }
        return block.withCoinbase(cb.withWitnesses(List.of(List.of(new byte[32]))));
    }

    /**
     * @param stored whether the block passed the checks before it is stored (generatetoaddress fails otherwise)
     * @param duplicate whether the chain already had its data
     */
    private record Processed(Verdict verdict, boolean stored, boolean duplicate) {}

    /** Core's ProcessNewBlock: CheckBlock, AcceptBlock (header, context, store), ActivateBestChain. */
    private Processed processNewBlock(ParsedBlock block) {
        String reason = checkBlock(block, true);
        if (reason != null) {
            return new Processed(Verdict.of(reason), false, false);
        }
        // AcceptBlockHeader
        ChainBlock entry = index.get(block.hash());
        if (entry != null && entry.failed()) {
            return new Processed(Verdict.of("duplicate"), false, false);
        }
        if (entry == null) {
            ChainBlock parent = index.get(block.previous());
            if (parent == null) {
                return new Processed(Verdict.of("prev-blk-not-found"), false, false);
            }
            if (parent.failed()) {
                return new Processed(Verdict.of("bad-prevblk"), false, false);
            }
            reason = contextualCheckHeader(block, parent);
            if (reason != null) {
                return new Processed(Verdict.of(reason), false, false);
            }
            entry = new ChainBlock(
                    block.hash(),
                    parent,
                    parent.height + 1,
                    block.header(),
                    parent.chainWork.add(work(new CompactBits(block.bits()))),
                    nextHeaderOrder++);
            index.put(entry.hash, entry);
            parent.children.add(entry);
        }
        if (entry.data != null) {
            return new Processed(Verdict.of("duplicate"), true, true);
        }
        reason = contextualCheckBlock(block, entry.parent);
        if (reason != null) {
            if (!isMutation(reason)) {
                markFailed(entry);
            }
            return new Processed(Verdict.of(reason), false, false);
        }
        entry.data = block;
        entry.sequenceId = nextSequenceId++;
        receivedData(entry);
        Map<ChainBlock, String> connected = activateBestChain();
        if (connected.containsKey(entry)) {
            return new Processed(Verdict.of(connected.get(entry)), true, false);
        }
        log.info(
                "simulated chain: block {} at height {} stored on a side branch (inconclusive)",
                block.hash(),
                entry.height);
        return new Processed(Verdict.of("inconclusive"), true, false);
    }

    private static boolean isMutation(String reason) {
        return reason.equals("bad-witness-nonce-size")
                || reason.equals("bad-witness-merkle-match")
                || reason.equals("unexpected-witness");
    }

    /** Core's CheckBlock: context-free checks. */
    private String checkBlock(ParsedBlock block, boolean checkPow) {
        if (checkPow && !meetsOwnTarget(block)) {
            return "high-hash";
        }
        List<RawTransaction> txs = block.transactions();
        ParsedBlock.MerkleResult merkle =
                ParsedBlock.merkleRoot(txs.stream().map(RawTransaction::txid).toList());
        if (!merkle.root().equals(block.merkleRoot())) {
            return "bad-txnmrklroot";
        }
        if (merkle.mutated()) {
            return "bad-txns-duplicate";
        }
        if (txs.isEmpty() || txs.size() * 4 > MAX_BLOCK_WEIGHT || block.strippedSize() * 4 > MAX_BLOCK_WEIGHT) {
            return "bad-blk-length";
        }
        if (!txs.get(0).isCoinbase()) {
            return "bad-cb-missing";
        }
        for (int i = 1; i < txs.size(); i++) {
            if (txs.get(i).isCoinbase()) {
                return "bad-cb-multiple";
            }
        }
        for (RawTransaction tx : txs) {
            String r = checkTransaction(tx);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static boolean meetsOwnTarget(ParsedBlock block) {
        CompactBits bits;
        try {
            bits = new CompactBits(block.bits());
        } catch (IllegalArgumentException e) {
            return false;
        }
        BigInteger target = bits.toTarget().toBigInteger();
        return target.signum() > 0
                && target.compareTo(POW_LIMIT) <= 0
                && bits.toTarget().isMetBy(block.hash().internalBytes(), 0);
    }

    /** Core's CheckTransaction. */
    private static String checkTransaction(RawTransaction tx) {
        if (tx.outputs().isEmpty()) {
            return "bad-txns-vout-empty";
        }
        if (tx.strippedSize() * 4 > MAX_BLOCK_WEIGHT) {
            return "bad-txns-oversize";
        }
        long total = 0;
        for (RawTransaction.Output o : tx.outputs()) {
            if (o.value() < 0) {
                return "bad-txns-vout-negative";
            }
            if (o.value() > MAX_MONEY) {
                return "bad-txns-vout-toolarge";
            }
            total += o.value();
            if (total > MAX_MONEY) {
                return "bad-txns-txouttotal-toolarge";
            }
        }
        Set<String> outpoints = new HashSet<>();
        for (RawTransaction.Input in : tx.inputs()) {
            if (!outpoints.add(in.prevTxid().toDisplayHex() + ":" + in.prevIndex())) {
                return "bad-txns-inputs-duplicate";
            }
        }
        if (tx.isCoinbase()) {
            int len = tx.inputs().get(0).scriptSig().length;
            if (len < CoinbaseBuilder.MIN_SCRIPT_SIG || len > CoinbaseBuilder.MAX_SCRIPT_SIG) {
                return "bad-cb-length";
            }
        } else {
            for (RawTransaction.Input in : tx.inputs()) {
                if (in.prevTxid().equals(Hash256.ZERO) && in.prevIndex() == 0xffffffffL) {
                    return "bad-txns-prevout-null";
                }
            }
        }
        return null;
    }

    /** Core's ContextualCheckBlockHeader. */
    private String contextualCheckHeader(ParsedBlock block, ChainBlock parent) {
        if (block.bits() != settings.bits().value()) {
            return "bad-diffbits";
        }
        if (block.time() <= medianTimePast(parent)) {
            return "time-too-old";
        }
        if (block.time() > now() + MAX_FUTURE_SECONDS) {
            return "time-too-new";
        }
        if (block.version() < 4) {
            return String.format("bad-version(0x%08x)", block.version());
        }
        return null;
    }

    /** Core's ContextualCheckBlock: finality, BIP 34, BIP 141 commitments, weight. */
    private String contextualCheckBlock(ParsedBlock block, ChainBlock parent) {
        int height = parent.height + 1;
        long mtp = medianTimePast(parent);
        List<RawTransaction> txs = block.transactions();
        for (RawTransaction tx : txs) {
            if (!isFinal(tx, height, mtp)) {
                return "bad-txns-nonfinal";
            }
        }
        RawTransaction coinbase = txs.get(0);
        byte[] scriptSig = coinbase.inputs().get(0).scriptSig();
        byte[] expectHeight = CoinbaseBuilder.heightPush(height);
        if (scriptSig.length < expectHeight.length
                || !Arrays.equals(Arrays.copyOf(scriptSig, expectHeight.length), expectHeight)) {
            return "bad-cb-height";
        }
        int commitment = commitmentIndex(coinbase);
        if (commitment >= 0) {
            List<byte[]> witness = coinbase.inputs().get(0).witness();
            if (witness.size() != 1 || witness.get(0).length != 32) {
                return "bad-witness-nonce-size";
            }
            byte[] expected = witnessCommitment(
                    txs.subList(1, txs.size()).stream()
                            .map(RawTransaction::wtxid)
                            .toList(),
                    witness.get(0));
            byte[] script = coinbase.outputs().get(commitment).script();
            if (!Arrays.equals(Arrays.copyOfRange(script, 6, 38), expected)) {
                return "bad-witness-merkle-match";
            }
        } else if (txs.stream().anyMatch(RawTransaction::hasWitness)) {
            return "unexpected-witness";
        }
        if (block.weight() > MAX_BLOCK_WEIGHT) {
            return "bad-blk-weight";
        }
        return null;
    }

    private static boolean isFinal(RawTransaction tx, int height, long mtp) {
        long lockTime = tx.lockTime();
        if (lockTime == 0 || lockTime < (lockTime < LOCKTIME_THRESHOLD ? height : mtp)) {
            return true;
        }
        return tx.inputs().stream().allMatch(i -> i.sequence() == RawTransaction.SEQUENCE_FINAL);
    }

    /** The last output that is a witness commitment (Core takes the last), or -1. */
    private static int commitmentIndex(RawTransaction coinbase) {
        int found = -1;
        List<RawTransaction.Output> outs = coinbase.outputs();
        for (int i = 0; i < outs.size(); i++) {
            byte[] s = outs.get(i).script();
            if (s.length >= 38 && Arrays.equals(Arrays.copyOf(s, 6), COMMITMENT_HEADER)) {
                found = i;
            }
        }
        return found;
    }

    private record ConnectResult(String reason, long fees) {}

    /** What ConnectBlock checks on the active chain ending at the block's parent: inputs exist, coinbase amount. */
    private ConnectResult connectCheck(ParsedBlock block, int height) {
        List<RawTransaction> txs = block.transactions();
        Set<Hash256> spent = new HashSet<>();
        long fees = 0;
        for (RawTransaction tx : txs.subList(1, txs.size())) {
            MempoolTx k = known.get(tx.txid());
            if (k == null || confirmed.containsKey(tx.txid()) || !spent.add(tx.txid())) {
                return new ConnectResult("bad-txns-inputs-missingorspent", 0);
            }
            fees += k.fee();
        }
        if (txs.get(0).outputValue() > subsidy(height) + fees) {
            return new ConnectResult("bad-cb-amount", fees);
        }
        return new ConnectResult(null, fees);
    }

    // ---------------------------------------------------------------- chain selection

    private ChainBlock tip() {
        return active.get(active.size() - 1);
    }

    private boolean inActiveChain(ChainBlock b) {
        int i = b.height - root.height;
        return i >= 0 && i < active.size() && active.get(i) == b;
    }

    /** Core's CBlockIndexWorkComparator: more work first, then the earlier sequence id. */
    private static final Comparator<ChainBlock> BETTER = Comparator.<ChainBlock, BigInteger>comparing(b -> b.chainWork)
            .reversed()
            .thenComparingLong(b -> b.sequenceId)
            .thenComparingLong(b -> b.headerOrder);

    /** Data arrived: the block (and any children waiting for it) may now be a candidate for the tip. */
    private void receivedData(ChainBlock b) {
        if (b.parent != null && !b.parent.chainHasData) {
            return;
        }
        List<ChainBlock> queue = new ArrayList<>(List.of(b));
        while (!queue.isEmpty()) {
            ChainBlock x = queue.remove(queue.size() - 1);
            x.chainHasData = true;
            if (!x.failed() && BETTER.compare(x, tip()) <= 0) {
                candidates.add(x);
            }
            for (ChainBlock c : x.children) {
                if (c.data != null && !c.chainHasData) {
                    queue.add(c);
                }
            }
        }
    }

    /**
     * Core's ActivateBestChain: switches to the best candidate, disconnecting and connecting as needed; a block that
     * fails to connect is marked invalid and the next best is tried. Returns each connected block's verdict.
     */
    private Map<ChainBlock, String> activateBestChain() {
        Map<ChainBlock, String> verdicts = new LinkedHashMap<>();
        while (true) {
            ChainBlock best = bestCandidate();
            if (best == null || best == tip()) {
                break;
            }
            ChainBlock fork = findFork(best);
            while (tip() != fork) {
                disconnectTip();
            }
            List<ChainBlock> path = new ArrayList<>();
            for (ChainBlock b = best; b != fork; b = b.parent) {
                path.add(0, b);
            }
            for (ChainBlock b : path) {
                ConnectResult r = connectCheck(b.data, b.height);
                verdicts.put(b, r.reason());
                if (r.reason() != null) {
                    log.info("simulated chain: block {} failed to connect: {}", b.hash, r.reason());
                    markFailed(b);
                    break;
                }
                connectTip(b, r.fees());
            }
        }
        candidates.removeIf(c -> c != tip() && BETTER.compare(c, tip()) > 0);
        return verdicts;
    }

    private ChainBlock bestCandidate() {
        ChainBlock best = tip();
        for (ChainBlock c : candidates) {
            if (!c.failed() && c.chainHasData && BETTER.compare(c, best) < 0) {
                best = c;
            }
        }
        return best;
    }

    private ChainBlock findFork(ChainBlock b) {
        ChainBlock x = b;
        while (x != null && !inActiveChain(x)) {
            x = x.parent;
        }
        if (x == null) {
            throw new IllegalStateException("block " + b + " does not descend from the index root");
        }
        return x;
    }

    private void connectTip(ChainBlock b, long fees) {
        List<RawTransaction> txs = b.data.transactions();
        for (RawTransaction tx : txs.subList(1, txs.size())) {
            confirmed.put(tx.txid(), b);
            if (mempool.remove(tx.txid()) != null) {
                mempoolUpdates++;
            }
        }
        b.fees = fees;
        b.validScripts = true;
        active.add(b);
        if (!ibdOver && !isInitialBlockDownload()) {
            ibdOver = true;
        }
        refillMempool();
        notifyAll(); // long polls
        ParsedBlock data = b.data;
        for (Consumer<ParsedBlock> l : connectListeners) {
            notifier.execute(() -> l.accept(data));
        }
    }

    private void disconnectTip() {
        ChainBlock b = tip();
        if (b == root) {
            throw new IllegalStateException("cannot disconnect the index root");
        }
        active.remove(active.size() - 1);
        List<RawTransaction> txs = b.data.transactions();
        for (RawTransaction tx : txs.subList(1, txs.size())) {
            confirmed.remove(tx.txid());
            MempoolTx k = known.get(tx.txid());
            if (k != null && !mempool.containsKey(tx.txid())) {
                mempool.put(tx.txid(), k);
                mempoolUpdates++;
            }
        }
        notifyAll();
    }

    private void markFailed(ChainBlock b) {
        b.failedValid = true;
        candidates.remove(b);
        List<ChainBlock> queue = new ArrayList<>(b.children);
        while (!queue.isEmpty()) {
            ChainBlock c = queue.remove(queue.size() - 1);
            c.failedChild = true;
            candidates.remove(c);
            queue.addAll(c.children);
        }
    }

    /** After the tip's work went down (invalidateblock): every valid block at least as good is a candidate again. */
    private void readdCandidates() {
        for (ChainBlock b : index.values()) {
            if (!b.failed() && b.chainHasData && BETTER.compare(b, tip()) <= 0) {
                candidates.add(b);
            }
        }
    }

    /** The tip to announce after an operation that started at {@code startTip}, or null when it did not change. */
    private Hash256 announcement(ChainBlock startTip) {
        ChainBlock tip = tip();
        return tip != startTip && !isInitialBlockDownload() ? tip.hash : null;
    }

    private void announce(Hash256 tip) {
        if (tip == null) {
            return;
        }
        notifier.execute(() -> {
            for (Consumer<Hash256> l : listeners) {
                try {
                    l.accept(tip);
                } catch (RuntimeException e) {
                    log.error("block listener failed", e);
                }
            }
        });
    }

    /** Core's IsInitialBlockDownload on regtest: latched off once the tip is less than a day old. */
    private boolean isInitialBlockDownload() {
        if (ibdOver) {
            return false;
        }
        return tip().time() < now() - MAX_TIP_AGE_SECONDS;
    }

    // ---------------------------------------------------------------- controls (RPC)

    /** The outcome of a control that names a block: false when the chain does not know it (Core's -5). */
    public boolean invalidateBlock(Hash256 hash) {
        Hash256 announce;
        synchronized (this) {
            ChainBlock b = index.get(hash);
            if (b == null) {
                return false;
            }
            if (b == root) {
                throw new IllegalArgumentException("the index root cannot be invalidated");
            }
            markFailed(b);
            while (inActiveChain(b)) {
                disconnectTip();
            }
            ChainBlock afterDisconnect = tip();
            readdCandidates();
            activateBestChain();
            announce = announcement(afterDisconnect); // a pure disconnect announces nothing
            log.info("simulated chain: block {} invalidated; tip {}", hash, tip().hash);
        }
        announce(announce);
        return true;
    }

    /** Core's reconsiderblock: clears the failure of the block, its descendants and ancestors, then re-selects. */
    public boolean reconsiderBlock(Hash256 hash) {
        Hash256 announce;
        synchronized (this) {
            ChainBlock b = index.get(hash);
            if (b == null) {
                return false;
            }
            List<ChainBlock> queue = new ArrayList<>(List.of(b));
            while (!queue.isEmpty()) {
                ChainBlock x = queue.remove(queue.size() - 1);
                x.failedValid = false;
                x.failedChild = false;
                queue.addAll(x.children);
            }
            for (ChainBlock a = b.parent; a != null; a = a.parent) {
                a.failedValid = false;
                a.failedChild = false;
            }
            ChainBlock startTip = tip();
            readdCandidates();
            activateBestChain();
            announce = announcement(startTip);
        }
        announce(announce);
        return true;
    }

    /** Core's preciousblock: among equal-work tips this block becomes the earliest, so it wins. */
    public boolean preciousBlock(Hash256 hash) {
        Hash256 announce;
        synchronized (this) {
            ChainBlock b = index.get(hash);
            if (b == null) {
                return false;
            }
            ChainBlock startTip = tip();
            if (b.chainWork.compareTo(startTip.chainWork) < 0) {
                return true;
            }
            if (startTip.chainWork.compareTo(lastPreciousWork) > 0) {
                reverseSequenceId = -1;
            }
            lastPreciousWork = startTip.chainWork;
            b.sequenceId = reverseSequenceId--;
            if (!b.failed() && b.chainHasData) {
                candidates.add(b);
            }
            activateBestChain();
            announce = announcement(startTip);
        }
        announce(announce);
        return true;
    }

    /** A block mined outside the pool ({@code generatetoaddress}): null when the chain did not accept it. */
    public record Generated(Hash256 hash, String rejectReason) {}

    /**
     * Mines {@code count} blocks as Bitcoin Core's {@code generatetoaddress} does: each from the mempool, with
     * Core's own coinbase (version 2, height and OP_0 in the scriptSig, sequence 0xfffffffe, locktime height - 1, the
     * whole value to {@code script}, the witness commitment) and time max(now, median time past + 1), the nonce
     * counted up from 0. Stops at the first block the chain does not accept.
     */
    public List<Generated> generate(int count, byte[] script) {
        List<Generated> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ParsedBlock block;
            synchronized (this) {
                block = mineCoreBlock(script, selectTransactions());
            }
            Verdict v = processGenerated(block);
            out.add(new Generated(block.hash(), v.reply()));
            if (v.reply() != null) {
                break;
            }
        }
        return out;
    }

    /**
     * {@code generateblock}: one block with exactly these transactions (mempool txids, or raw transactions the chain
     * then knows with a zero fee).
     */
    public Generated generateBlock(byte[] script, List<MempoolTx> transactions) {
        ParsedBlock block;
        synchronized (this) {
            for (MempoolTx tx : transactions) {
                known.putIfAbsent(tx.txid(), tx);
            }
            block = mineCoreBlock(script, transactions);
        }
        Verdict v = processGenerated(block);
        return new Generated(block.hash(), v.reply());
    }

    private Verdict processGenerated(ParsedBlock block) {
        Hash256 announce;
        Verdict v;
        synchronized (this) {
            ChainBlock startTip = tip();
            Processed p = processNewBlock(block);
            // like ProcessNewBlock's return: a block that was stored counts, whatever connecting it gave
            v = p.stored() ? Verdict.ACCEPTED : p.verdict();
            announce = announcement(startTip);
        }
        announce(announce);
        return v;
    }

    private ParsedBlock mineCoreBlock(byte[] script, List<MempoolTx> txs) {
        ChainBlock tip = tip();
        int height = tip.height + 1;
        long fees = txs.stream().mapToLong(MempoolTx::fee).sum();
        RawTransaction coinbase = coreCoinbase(
                height,
                script,
                subsidy(height) + fees,
                witnessCommitmentScript(txs.stream().map(MempoolTx::wtxid).toList()));
        List<RawTransaction> all = new ArrayList<>();
        all.add(coinbase);
        for (MempoolTx tx : txs) {
            try {
                all.add(RawTransaction.decode(tx.data()));
            } catch (RawTransaction.DecodeException e) {
                throw new IllegalArgumentException("transaction " + tx.txid() + " does not decode", e);
            }
        }
        byte[] header = new byte[ParsedBlock.HEADER_SIZE];
        ParsedBlock.putLeInt(header, 0, blockVersion(deploymentStateAfter(tip)));
        tip.hash.copyInternalTo(header, 4);
        ParsedBlock.merkleRoot(all.stream().map(RawTransaction::txid).toList())
                .root()
                .copyInternalTo(header, 36);
        ParsedBlock.putLeInt(header, 68, (int) Math.max(now(), medianTimePast(tip) + 1));
        ParsedBlock.putLeInt(header, 72, settings.bits().value());
        solve(header, settings.bits().toTarget());
        return ParsedBlock.of(header, all);
    }

    /** Counts the nonce up from 0 until the header meets the target. */
    private static void solve(byte[] header, Target target) {
        Sha256 sha = Sha256s.fastest();
        byte[] hash = new byte[32];
        for (long nonce = 0; nonce <= 0xffffffffL; nonce++) {
            ParsedBlock.putLeInt(header, 76, (int) nonce);
            sha.doubleHashHeader(header, 0, hash, 0);
            if (target.isMetBy(hash, 0)) {
                return;
            }
        }
        throw new IllegalStateException("no nonce meets the target: use easier bits");
    }

    /** Bitcoin Core v29.99's own coinbase (reorg-03-getblock-A-verbosity2.json shows one). */
    static RawTransaction coreCoinbase(int height, byte[] script, long value, byte[] commitmentScript) {
        byte[] push = CoinbaseBuilder.heightPush(height);
        byte[] scriptSig = Arrays.copyOf(push, push.length + 1); // <height> OP_0
        return transaction(
                2,
                List.of(new RawTransaction.Input(
                        Hash256.ZERO, 0xffffffffL, scriptSig, 0xfffffffeL, List.of(new byte[32]))),
                List.of(new RawTransaction.Output(value, script), new RawTransaction.Output(0, commitmentScript)),
                height - 1L);
    }

    private static RawTransaction transaction(
            int version, List<RawTransaction.Input> inputs, List<RawTransaction.Output> outputs, long lockTime) {
        RawTransaction draft =
                new RawTransaction(new byte[0], Hash256.ZERO, Hash256.ZERO, false, version, inputs, outputs, lockTime);
        try {
            return RawTransaction.decode(draft.serialize(true));
        } catch (RawTransaction.DecodeException e) {
            throw new IllegalStateException("a transaction built here does not decode", e);
        }
    }

    // ---------------------------------------------------------------- queries

    @Override
    public synchronized Hash256 bestBlockHash() {
        return tip().hash;
    }

    /** The height of the tip. */
    public synchronized int height() {
        return tip().height;
    }

    /** The hash at {@code height} on the active chain, empty when out of range. */
    public synchronized Optional<Hash256> blockHash(int height) {
        int i = height - root.height;
        return i < 0 || i >= active.size() ? Optional.empty() : Optional.of(active.get(i).hash);
    }

    /** Blocks submitted through {@link #submit} that were accepted and connected, oldest first. */
    public synchronized List<AcceptedBlock> acceptedBlocks() {
        return List.copyOf(accepted);
    }

    public synchronized int mempoolSize() {
        return mempool.size();
    }

    public Settings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized Optional<HeaderInfo> blockHeader(Hash256 hash) {
        return blockInfo(hash)
                .map(b -> new HeaderInfo(
                        b.hash(), b.height(), b.confirmations(), b.previous(), b.time(), b.medianTime(), b.bits()));
    }

    /** What getblockheader and getblock show of a block; empty when the chain does not know it. */
    public synchronized Optional<BlockInfo> blockInfo(Hash256 hash) {
        ChainBlock b = index.get(hash);
        return b == null ? Optional.empty() : Optional.of(info(b));
    }

    private BlockInfo info(ChainBlock b) {
        boolean onChain = inActiveChain(b);
        ChainBlock next = onChain && b != tip() ? active.get(b.height - root.height + 1) : null;
        ParsedBlock header = ParsedBlock.of(b.header, List.of());
        int txCount = b.data == null ? 0 : b.data.transactions().size();
        return new BlockInfo(
                b.hash,
                b.height,
                b.version(),
                header.merkleRoot(),
                b.time(),
                medianTimePast(b),
                header.nonce(),
                new CompactBits(b.bits()),
                b.chainWork,
                txCount,
                b.parent == null ? null : b.parent.hash,
                next == null ? null : next.hash,
                onChain ? tip().height - b.height + 1 : -1,
                Optional.ofNullable(b.data),
                b.fees,
                b.header.clone());
    }

    /** Core's getchaintips: the active tip and every block off the active chain that no other such block extends. */
    public synchronized List<ChainTip> chainTips() {
        Set<ChainBlock> offChain = new HashSet<>();
        Set<ChainBlock> parents = new HashSet<>();
        for (ChainBlock b : index.values()) {
            if (!inActiveChain(b)) {
                offChain.add(b);
                parents.add(b.parent);
            }
        }
        List<ChainBlock> tips = new ArrayList<>();
        for (ChainBlock b : offChain) {
            if (!parents.contains(b)) {
                tips.add(b);
            }
        }
        tips.add(tip());
        tips.sort(Comparator.<ChainBlock>comparingInt(b -> b.height)
                .reversed()
                .thenComparingInt(b -> b == tip() ? 0 : 1)
                .thenComparingLong(b -> b.headerOrder));
        List<ChainTip> out = new ArrayList<>();
        for (ChainBlock b : tips) {
            ChainBlock fork = findFork(b);
            out.add(new ChainTip(b.height, b.hash, b.height - fork.height, status(b)));
        }
        return out;
    }

    private String status(ChainBlock b) {
        if (inActiveChain(b)) {
            return "active";
        }
        if (b.failed()) {
            return "invalid";
        }
        if (!b.chainHasData) {
            return "headers-only";
        }
        return b.validScripts ? "valid-fork" : "valid-headers";
    }

    /** What getblockchaininfo shows. */
    public synchronized ChainState chainState() {
        ChainBlock bestHeader = tip();
        for (ChainBlock b : index.values()) {
            if (!b.failed()
                    && (b.chainWork.compareTo(bestHeader.chainWork) > 0
                            || (b.chainWork.equals(bestHeader.chainWork) && b.headerOrder < bestHeader.headerOrder))) {
                bestHeader = b;
            }
        }
        long size = 0;
        for (ChainBlock b : index.values()) {
            size += b.data == null ? ParsedBlock.HEADER_SIZE : b.data.size() + 8;
        }
        return new ChainState(tip().height, bestHeader.height, info(tip()), isInitialBlockDownload(), size);
    }

    /** The blocks of the active chain above {@code height}, in order (what a peer that is behind is sent). */
    public synchronized List<ParsedBlock> activeBlocksAbove(int height) {
        List<ParsedBlock> out = new ArrayList<>();
        for (int i = Math.max(1, height - root.height + 1); i < active.size(); i++) {
            out.add(active.get(i).data);
        }
        return out;
    }

    /** The known transactions among a block's (for a peer that receives the block). */
    public synchronized List<MempoolTx> knownTransactionsOf(ParsedBlock block) {
        List<MempoolTx> out = new ArrayList<>();
        for (RawTransaction tx : block.transactions()) {
            MempoolTx k = known.get(tx.txid());
            if (k != null) {
                out.add(k);
            }
        }
        return out;
    }

    @Override
    public void preferBlock(Hash256 hash) {
        preciousBlock(hash);
    }

    @Override
    public void addBlockListener(Consumer<Hash256> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Hears every block connected to the active chain, in order (what a node announces to its peers). */
    public void addConnectListener(Consumer<ParsedBlock> listener) {
        connectListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Hears every transaction that enters the mempool (what a node relays to its peers). */
    public void addTransactionListener(Consumer<MempoolTx> listener) {
        transactionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void start() {
        // nothing to watch: blocks arrive through submitBlock
    }

    @Override
    public void close() {
        notifier.shutdownNow();
    }

    @Override
    public String toString() {
        return "SimulatedChain[height=" + height() + " bits=" + settings.bits() + "]";
    }
}
