package org.sovereignpool.sim.chain;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import org.sovereignpool.share.job.CoinbaseBuilder;
import org.sovereignpool.share.job.MerkleBranch;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.share.model.Target;

/**
 * An in-process chain that stands in for Bitcoin Core (regtest) for the pool: it gives templates shaped exactly like
 * {@code getblocktemplate}'s (same fields, order and encodings; parsed by the same {@link BlockTemplate#parse}), with
 * synthetic mempool transactions whose txid and wtxid are real, at a configurable network difficulty; and it checks
 * submitted blocks as Bitcoin Core does, in Core's order, answering with Core's reject strings:
 *
 * <ol>
 *   <li>undecodable: RPC error -22 "Block decode failed"; first transaction not a coinbase: -22 "Block does not start
 *       with a coinbase"; already known: "duplicate";
 *   <li>CheckBlock: "high-hash" (proof of work), "bad-txnmrklroot", "bad-cb-multiple", "bad-cb-length";
 *   <li>header in context: "prev-blk-not-found", "bad-diffbits", "time-too-old" (not after the median time past),
 *       "time-too-new" (more than 2 h ahead of the clock), "bad-version(0x%08x)" (below 4);
 *   <li>block in context: "bad-cb-height" (BIP 34), "bad-witness-nonce-size", "bad-witness-merkle-match",
 *       "unexpected-witness" (BIP 141);
 *   <li>connecting: "bad-txns-inputs-missingorspent" (a transaction not in the mempool), "bad-cb-amount" (the
 *       coinbase pays more than subsidy plus fees).
 * </ol>
 *
 * A valid block on the tip advances the chain (its transactions leave the mempool, new ones arrive) and block
 * listeners are told on the chain's notifier thread, as ZMQ hashblock would; a valid block on another branch that
 * does not make it longer answers "inconclusive". Scripts and signatures are not checked (the transactions are
 * synthetic). Thread-safe: every operation holds the chain's lock.
 */
public final class SimulatedChain implements TemplateSource {
    private static final Logger log = LoggerFactory.getLogger(SimulatedChain.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Regtest's proof-of-work limit: 7fffff << 232, bits 207fffff. */
    public static final BigInteger POW_LIMIT = BigInteger.valueOf(0x7fffff).shiftLeft(232);

    public static final String NODE_NAME = "simulated";
    private static final long COIN = 100_000_000L;
    private static final int MAX_FUTURE_SECONDS = 7200;
    private static final byte[] COMMITMENT_HEADER = Hex.decode("6a24aa21a9ed");

    /**
     * How the simulated chain behaves.
     *
     * @param bits the network target of every block (no retargeting)
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
    }

    /** A block in the simulated chain's index. */
    private record Entry(Hash256 hash, Hash256 prev, int height, long time, long fees) {}

    /** A mempool transaction. */
    private record MempoolTx(byte[] data, Hash256 txid, Hash256 wtxid, long fee, int weight) {}

    /** A block the chain accepted onto its best chain, for tests and the demo. */
    public record AcceptedBlock(
            Hash256 hash, int height, long coinbasePaid, int transactions, byte[] coinbaseScriptSig) {}

    private final Settings settings;
    private final Clock clock;
    private final SyntheticTransactions synthetic;
    private final Map<Hash256, Entry> index = new HashMap<>();
    private final LinkedHashMap<Hash256, MempoolTx> mempool = new LinkedHashMap<>();
    private final List<AcceptedBlock> accepted = new ArrayList<>();
    /** The fee of every transaction ever in the mempool, so blocks on a side branch can be checked too. */
    private final Map<Hash256, Long> knownFees = new HashMap<>();

    private final List<Consumer<Hash256>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("sim-chain-notify").daemon(true).factory());
    private Entry tip;
    private long templatesServed;

    private SimulatedChain(Settings settings, Clock clock, Entry start) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.synthetic = new SyntheticTransactions(settings.seed());
        this.tip = start;
        index.put(start.hash(), start);
    }

    /** A fresh chain: a synthetic genesis block at height 0 timestamped one second before the clock's now. */
    public static SimulatedChain create(Settings settings, Clock clock) {
        long now = clock.instant().getEpochSecond();
        byte[] seed = ("sovereign-pool simulated genesis " + settings.seed())
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Hash256 genesis = Hash256.fromInternalBytes(Hashes.doubleSha256(seed));
        SimulatedChain chain = new SimulatedChain(settings, clock, new Entry(genesis, null, 0, now - 1, 0));
        synchronized (chain) {
            chain.refillMempool();
        }
        return chain;
    }

    /**
     * A chain positioned where a recorded template was made: its parent is the tip (at height - 1, with median time
     * past mintime - 1), its transactions are the mempool, its bits the network target. Submitting the block a miner
     * made from that template is then checked exactly as the recording node checked it.
     */
    public static SimulatedChain fromTemplate(BlockTemplate recorded, Settings settings, Clock clock) {
        Settings s = new Settings(
                recorded.bits(),
                settings.halvingInterval(),
                settings.mempoolSize(),
                settings.newTransactionsPerTemplate(),
                Math.max(settings.maxMempool(), recorded.transactions().size()),
                settings.seed());
        Entry parent = new Entry(recorded.previousBlockHash(), null, recorded.height() - 1, recorded.minTime() - 1, 0);
        SimulatedChain chain = new SimulatedChain(s, clock, parent);
        synchronized (chain) {
            for (BlockTemplate.Transaction tx : recorded.transactions()) {
                byte[] data = tx.data();
                chain.mempool.put(
                        tx.txid(), new MempoolTx(data, tx.txid(), tx.wtxid(), tx.fee(), weightOf(data, tx.txid())));
                chain.knownFees.put(tx.txid(), tx.fee());
            }
        }
        return chain;
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

    // ---------------------------------------------------------------- templates

    @Override
    public BlockTemplate template() {
        return BlockTemplate.parse(templateJson());
    }

    /** The template as {@code getblocktemplate {"rules":["segwit"]}} returns it, field for field. */
    public synchronized JsonNode templateJson() {
        if (templatesServed++ > 0) {
            for (int i = 0; i < settings.newTransactionsPerTemplate() && mempool.size() < settings.maxMempool(); i++) {
                addSynthetic();
            }
        }
        int height = tip.height() + 1;
        long mtp = medianTimePast(tip);
        long minTime = mtp + 1;
        long curTime = Math.max(clock.instant().getEpochSecond(), minTime);
        List<MempoolTx> txs = new ArrayList<>(mempool.values());
        long fees = txs.stream().mapToLong(MempoolTx::fee).sum();

        ObjectNode t = JSON.createObjectNode();
        t.putArray("capabilities").add("proposal");
        t.put("version", 0x20000000);
        t.putArray("rules").add("csv").add("!segwit").add("taproot");
        t.putObject("vbavailable");
        t.put("vbrequired", 0);
        t.put("previousblockhash", tip.hash().toDisplayHex());
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
        t.put("longpollid", tip.hash().toDisplayHex() + templatesServed);
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

    /** 6a24aa21a9ed | SHA256d(witness merkle root | 32 zero bytes), the coinbase's wtxid counted as zero. */
    static byte[] witnessCommitmentScript(List<Hash256> wtxidsWithoutCoinbase) {
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
        MerkleBranch.rootOf(leaves).copyInternalTo(buf, 0);
        System.arraycopy(reservedValue, 0, buf, 32, 32);
        return Hashes.doubleSha256(buf);
    }

    private long subsidy(int height) {
        int halvings = height / settings.halvingInterval();
        return halvings >= 64 ? 0 : (50 * COIN) >> halvings;
    }

    private long medianTimePast(Entry from) {
        List<Long> times = new ArrayList<>();
        Entry e = from;
        for (int i = 0; i < 11 && e != null; i++) {
            times.add(e.time());
            e = e.prev() == null ? null : index.get(e.prev());
        }
        times.sort(Long::compare);
        return times.get(times.size() / 2);
    }

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

    private void addSynthetic() {
        SyntheticTransactions.Made made = synthetic.next();
        try {
            RawTransaction tx = RawTransaction.decode(made.data());
            mempool.put(tx.txid(), new MempoolTx(made.data(), tx.txid(), tx.wtxid(), made.fee(), weightOf(tx)));
            knownFees.put(tx.txid(), made.fee());
        } catch (RawTransaction.DecodeException e) {
            throw new IllegalStateException("a synthetic transaction does not decode", e);
        }
    }

    private static int weightOf(RawTransaction tx) {
        int total = tx.raw().length;
        if (!tx.hasWitness()) {
            return 4 * total;
        }
        int witnessBytes = 2;
        for (RawTransaction.Input in : tx.inputs()) {
            witnessBytes += CoinbaseBuilder.varIntSize(in.witness().size());
            for (byte[] item : in.witness()) {
                witnessBytes += CoinbaseBuilder.varIntSize(item.length) + item.length;
            }
        }
        return 3 * (total - witnessBytes) + total;
    }

    private static int weightOf(byte[] data, Hash256 txid) {
        try {
            return weightOf(RawTransaction.decode(data));
        } catch (RawTransaction.DecodeException e) {
            throw new IllegalArgumentException("template transaction " + txid + " does not decode: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- blocks

    @Override
    public List<SubmitResult> submitBlock(byte[] block) {
        return List.of(submit(block));
    }

    /** Checks and (if valid) connects one block; the answer Bitcoin Core's submitblock would give. */
    public SubmitResult submit(byte[] block) {
        Hash256 newTip;
        SubmitResult result;
        synchronized (this) {
            result = check(block);
            newTip = result.status() == SubmitResult.Status.ACCEPTED ? tip.hash() : null;
        }
        if (newTip != null) {
            notifyListeners(newTip);
        }
        return result;
    }

    private SubmitResult check(byte[] block) {
        RawTransaction.Reader r = new RawTransaction.Reader(block, 0);
        List<RawTransaction> txs = new ArrayList<>();
        try {
            r.bytes(80);
            long count = r.varInt();
            for (long i = 0; i < count; i++) {
                txs.add(RawTransaction.read(r, block));
            }
            if (!r.atEnd()) {
                throw new RawTransaction.DecodeException("trailing bytes");
            }
        } catch (RawTransaction.DecodeException e) {
            return SubmitResult.rpcError(NODE_NAME, -22, "Block decode failed");
        }
        if (txs.isEmpty() || !txs.get(0).isCoinbase()) {
            return SubmitResult.rpcError(NODE_NAME, -22, "Block does not start with a coinbase");
        }
        Hash256 hash = Hash256.fromInternalBytes(Hashes.doubleSha256(block, 0, 80));
        if (index.containsKey(hash)) {
            return SubmitResult.fromReply(NODE_NAME, "duplicate");
        }
        int version = leInt(block, 0);
        Hash256 prev = Hash256.fromInternalBytes(block, 4);
        Hash256 merkleRoot = Hash256.fromInternalBytes(block, 36);
        long time = Integer.toUnsignedLong(leInt(block, 68));
        int bits = leInt(block, 72);

        // CheckBlock
        CompactBits headerBits;
        try {
            headerBits = new CompactBits(bits);
        } catch (IllegalArgumentException e) {
            return reject("high-hash");
        }
        if (headerBits.toTarget().toBigInteger().compareTo(POW_LIMIT) > 0
                || !headerBits.toTarget().isMetBy(hash.internalBytes(), 0)) {
            return reject("high-hash");
        }
        if (!MerkleBranch.rootOf(txs.stream().map(RawTransaction::txid).toList())
                .equals(merkleRoot)) {
            return reject("bad-txnmrklroot");
        }
        for (int i = 1; i < txs.size(); i++) {
            if (txs.get(i).isCoinbase()) {
                return reject("bad-cb-multiple");
            }
        }
        RawTransaction coinbase = txs.get(0);
        byte[] scriptSig = coinbase.inputs().get(0).scriptSig();
        if (scriptSig.length < CoinbaseBuilder.MIN_SCRIPT_SIG || scriptSig.length > CoinbaseBuilder.MAX_SCRIPT_SIG) {
            return reject("bad-cb-length");
        }

        // AcceptBlockHeader / ContextualCheckBlockHeader
        Entry parent = index.get(prev);
        if (parent == null) {
            return reject("prev-blk-not-found");
        }
        if (bits != settings.bits().value()) {
            return reject("bad-diffbits");
        }
        if (time <= medianTimePast(parent)) {
            return reject("time-too-old");
        }
        if (time > clock.instant().getEpochSecond() + MAX_FUTURE_SECONDS) {
            return reject("time-too-new");
        }
        if (version < 4) {
            return reject(String.format("bad-version(0x%08x)", version));
        }

        // ContextualCheckBlock
        int height = parent.height() + 1;
        byte[] expectHeight = CoinbaseBuilder.heightPush(height);
        if (scriptSig.length < expectHeight.length
                || !Arrays.equals(Arrays.copyOf(scriptSig, expectHeight.length), expectHeight)) {
            return reject("bad-cb-height");
        }
        int commitmentIndex = -1;
        List<RawTransaction.Output> outs = coinbase.outputs();
        for (int i = 0; i < outs.size(); i++) {
            byte[] s = outs.get(i).script();
            if (s.length >= 38 && Arrays.equals(Arrays.copyOf(s, 6), COMMITMENT_HEADER)) {
                commitmentIndex = i; // Core takes the last one
            }
        }
        if (commitmentIndex >= 0) {
            List<byte[]> witness = coinbase.inputs().get(0).witness();
            if (witness.size() != 1 || witness.get(0).length != 32) {
                return reject("bad-witness-nonce-size");
            }
            byte[] expected = witnessCommitment(
                    txs.subList(1, txs.size()).stream()
                            .map(RawTransaction::wtxid)
                            .toList(),
                    witness.get(0));
            byte[] script = outs.get(commitmentIndex).script();
            if (!Arrays.equals(Arrays.copyOfRange(script, 6, 38), expected)) {
                return reject("bad-witness-merkle-match");
            }
        } else if (txs.stream().anyMatch(RawTransaction::hasWitness)) {
            return reject("unexpected-witness");
        }

        // ConnectBlock (for the tip's branch: transactions must be in our mempool)
        long fees = 0;
        for (RawTransaction tx : txs.subList(1, txs.size())) {
            MempoolTx m = mempool.get(tx.txid());
            Long fee = m != null ? Long.valueOf(m.fee()) : prev.equals(tip.hash()) ? null : knownFees.get(tx.txid());
            if (fee == null) {
                return reject("bad-txns-inputs-missingorspent");
            }
            fees += fee;
        }
        long paid = coinbase.outputValue();
        if (paid > subsidy(height) + fees) {
            return reject("bad-cb-amount");
        }

        Entry entry = new Entry(hash, prev, height, time, fees);
        index.put(hash, entry);
        if (!prev.equals(tip.hash()) && height <= tip.height()) {
            log.info("simulated chain: block {} at height {} is on a side branch", hash, height);
            return SubmitResult.fromReply(NODE_NAME, "inconclusive");
        }
        tip = entry;
        for (RawTransaction tx : txs.subList(1, txs.size())) {
            mempool.remove(tx.txid());
        }
        refillMempool();
        accepted.add(new AcceptedBlock(hash, height, paid, txs.size(), scriptSig));
        log.info("simulated chain: block {} accepted at height {} ({} transactions)", hash, height, txs.size());
        return SubmitResult.fromReply(NODE_NAME, null);
    }

    private static SubmitResult reject(String reason) {
        return SubmitResult.fromReply(NODE_NAME, reason);
    }

    private static int leInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private void notifyListeners(Hash256 newTip) {
        notifier.execute(() -> {
            for (Consumer<Hash256> l : listeners) {
                try {
                    l.accept(newTip);
                } catch (RuntimeException e) {
                    log.error("block listener failed", e);
                }
            }
        });
    }

    // ---------------------------------------------------------------- queries

    @Override
    public synchronized Hash256 bestBlockHash() {
        return tip.hash();
    }

    /** The height of the tip. */
    public synchronized int height() {
        return tip.height();
    }

    /** Blocks accepted onto the best chain, oldest first. */
    public synchronized List<AcceptedBlock> acceptedBlocks() {
        return List.copyOf(accepted);
    }

    public synchronized int mempoolSize() {
        return mempool.size();
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public synchronized Optional<HeaderInfo> blockHeader(Hash256 hash) {
        Entry e = index.get(hash);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(
                new HeaderInfo(e.hash(), e.height(), onBestChain(e) ? tip.height() - e.height() + 1 : -1, e.prev()));
    }

    private boolean onBestChain(Entry e) {
        Entry walk = tip;
        while (walk != null && walk.height() > e.height()) {
            walk = walk.prev() == null ? null : index.get(walk.prev());
        }
        return walk != null && walk.hash().equals(e.hash());
    }

    @Override
    public void preferBlock(Hash256 hash) {
        Hash256 switched = null;
        synchronized (this) {
            Entry e = index.get(hash);
            if (e != null && e.height() == tip.height() && !e.hash().equals(tip.hash())) {
                tip = e;
                switched = hash;
            }
        }
        if (switched != null) {
            notifyListeners(switched);
        }
    }

    @Override
    public void addBlockListener(Consumer<Hash256> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
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
