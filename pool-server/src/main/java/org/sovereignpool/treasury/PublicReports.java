package org.sovereignpool.treasury;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.TreasuryConfig;
import org.sovereignpool.config.TreasuryPayee;
import org.sovereignpool.config.descriptor.OutputDescriptor;
import org.sovereignpool.ledger.audit.AnchorCheck;
import org.sovereignpool.ledger.audit.ChainBlock;
import org.sovereignpool.ledger.audit.ChainSource;
import org.sovereignpool.ledger.audit.TransactionOutputs;
import org.sovereignpool.ledger.blocks.FoundBlockLog;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.share.job.ReceiptAnchor;
import org.sovereignpool.share.model.Hex;

/**
 * Builds the {@link PublicReport} from the ledger, and checks each block's anchor against the coinbase as {@code
 * coinbases} has it: the node ({@code getblock}, the check anyone can repeat), or, on a pool without a node client
 * of its own (the simulated chain), the coinbases this node submitted, from its found-block file. A block's coinbase
 * never changes, so what the source said is kept (only the comparison with the receipts is redone per request, which
 * is what catches a rewritten receipt chain). Thread-safe.
 */
public final class PublicReports {
    /** Blocks whose anchors a report checks: the newest ones (each costs one node call the first time). */
    public static final int MAX_ANCHORS = 200;
    /** Receipts a report can list (the API's largest {@code limit}). */
    public static final int MAX_RECEIPTS = 1000;
    /**
     * How long a built report is served again. The page is public and a build reads every block and receipt, so
     * however many requests come (and whatever {@code limit} each asks for) the ledger is read at most once in
     * this long; the receipts are still compared with the anchors at every build.
     */
    public static final long FRESH_MILLIS = 5_000;

    /** Energy turned into bitcoin, by month ("2026-11" to MWh), from the energy accounting when it exists. */
    @FunctionalInterface
    public interface EnergyByMonth {
        Map<String, Double> mwhByMonth() throws Exception;
    }

    private final PoolConfig config;
    private final LedgerStore store;
    private final ChainSource coinbases;
    private final String checkedAgainst;
    private final LongSupplier clock;
    private volatile EnergyByMonth energy;
    private final Map<String, List<TransactionOutputs.Output>> known = new ConcurrentHashMap<>();
    private final Object building = new Object();
    private volatile PublicReport latest; // built with MAX_RECEIPTS receipts

    /**
     * @param coinbases where each block's coinbase is read
     * @param checkedAgainst how the page names it (e.g. "node http://127.0.0.1:8332")
     */
    public PublicReports(
            PoolConfig config, LedgerStore store, ChainSource coinbases, String checkedAgainst, LongSupplier clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.coinbases = Objects.requireNonNull(coinbases, "coinbases");
        this.checkedAgainst = Objects.requireNonNull(checkedAgainst, "checkedAgainst");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The energy accounting's monthly figures (a pool without energy accounting leaves them pending). */
    public void setEnergy(EnergyByMonth energy) {
        this.energy = energy;
    }

    /**
     * The coinbases this node submitted, read from its found-block file (the candidate lines): for a pool whose
     * template source is not a node it can ask for blocks.
     */
    public static ChainSource foundBlockFile(Path file) {
        return hash -> {
            try {
                for (FoundBlockLog.Candidate c : new FoundBlockLog(file).read().candidates()) {
                    if (c.block().hash().equals(hash)) {
                        return Optional.of(new ChainBlock(
                                hash,
                                c.block().height(),
                                0,
                                Optional.of(TransactionOutputs.of(Hex.decode(c.coinbaseHex())))));
                    }
                }
                return Optional.empty();
            } catch (IOException | IllegalArgumentException e) {
                throw new ChainSource.ChainUnavailableException(file + ": " + e.getMessage(), e);
            }
        };
    }

    /**
     * The report with the newest {@code limit} receipts (1..{@link #MAX_RECEIPTS}), built at most once every {@link
     * #FRESH_MILLIS}: concurrent requests wait for one build instead of each reading the ledger.
     */
    public PublicReport current(int limit) throws SQLException {
        if (limit < 1 || limit > MAX_RECEIPTS) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_RECEIPTS + ", got " + limit);
        }
        PublicReport r = fresh();
        if (r == null) {
            synchronized (building) {
                r = fresh();
                if (r == null) {
                    r = build(MAX_RECEIPTS);
                    latest = r;
                }
            }
        }
        return r.receipts().size() <= limit ? r : r.withReceipts(r.receipts().subList(0, limit));
    }

    private PublicReport fresh() {
        PublicReport r = latest;
        long age = r == null ? -1 : clock.getAsLong() - r.generatedMillis();
        return age >= 0 && age < FRESH_MILLIS ? r : null;
    }

    /** The report, with the newest {@code limit} receipts, built now. */
    public PublicReport build(int limit) throws SQLException {
        List<BlockRecord> blocks = store.allBlocks();
        Map<String, BlockRecord> byHash = new HashMap<>();
        for (BlockRecord b : blocks) {
            byHash.put(b.hash(), b);
        }
        List<TreasuryReceipt> all = new ArrayList<>();
        store.forEachReceipt(r -> {
            all.add(r);
            return true;
        });
        LedgerStore.ReceiptHead head = store.receiptHead();
        TreasuryConfig treasury = config.treasury();
        TreasuryPayee payee = treasury.payee();

        Deque<PublicReport.Receipt> receipts = new ArrayDeque<>();
        for (TreasuryReceipt r : all) {
            BlockRecord b = byHash.get(r.blockHash());
            long index = b == null ? TreasuryPayee.NO_INDEX : b.treasuryIndex();
            String paidTo = index != TreasuryPayee.NO_INDEX
                    ? payee.address(index)
                    : payee.freshPerIndex() ? null : payee.address(0);
            receipts.addFirst(new PublicReport.Receipt(
                    r.id(),
                    r.height(),
                    r.blockHash(),
                    r.amountSats(),
                    r.timeMillis(),
                    r.status(),
                    r.prevHash(),
                    r.entryHash(),
                    index,
                    paidTo));
            if (receipts.size() > limit) {
                receipts.removeLast();
            }
        }
        return new PublicReport(
                clock.getAsLong(),
                config.network().configName(),
                programme(blocks),
                treasury(treasury),
                new PublicReport.ReceiptHead(head.lastId(), head.lastHash()),
                List.copyOf(receipts),
                anchors(blocks, all),
                months(blocks),
                energyStatus());
    }

    private PublicReport.Programme programme(List<BlockRecord> blocks) {
        long pending = 0;
        long mature = 0;
        long orphaned = 0;
        long pendingSats = 0;
        long matureSats = 0;
        for (BlockRecord b : blocks) {
            switch (b.status()) {
                case PENDING -> {
                    pending++;
                    pendingSats += b.rewardSats();
                }
                case MATURE -> {
                    mature++;
                    matureSats += b.rewardSats();
                }
                case ORPHANED -> orphaned++;
            }
        }
        double allocated =
                config.operators().stream().mapToDouble(o -> o.allocationMw()).sum();
        return new PublicReport.Programme(
                config.operators().size(),
                allocated,
                config.power().programmeMw(),
                blocks.size(),
                pending,
                mature,
                orphaned,
                pendingSats + matureSats,
                matureSats);
    }

    private static PublicReport.Treasury treasury(TreasuryConfig t) {
        Optional<OutputDescriptor> d = t.descriptor();
        return new PublicReport.Treasury(
                d.isPresent() ? "descriptor" : "address",
                t.describe(),
                t.scriptType().name(),
                d.map(x -> x.keys().size() > 1 ? x.threshold() : 1).orElse(1),
                d.map(x -> x.keys().size()).orElse(1));
    }

    private List<PublicReport.Anchor> anchors(List<BlockRecord> blocks, List<TreasuryReceipt> receipts) {
        Map<Long, TreasuryReceipt> byId = new HashMap<>();
        Map<String, Long> foundReceipt = new HashMap<>();
        for (TreasuryReceipt r : receipts) {
            byId.put(r.id(), r);
            foundReceipt.merge(r.blockHash(), r.id(), Math::min);
        }
        List<BlockRecord> newest = new ArrayList<>(blocks);
        newest.sort((a, b) -> Long.compare(b.foundMillis(), a.foundMillis()));
        if (newest.size() > MAX_ANCHORS) {
            newest = newest.subList(0, MAX_ANCHORS);
        }
        List<PublicReport.Anchor> out = new ArrayList<>();
        String unavailable = null;
        for (BlockRecord b : newest) {
            List<TransactionOutputs.Output> outputs = known.get(b.hash());
            if (outputs == null && unavailable == null) {
                try {
                    Optional<ChainBlock> c = coinbases.block(b.hash());
                    if (c.isPresent() && c.get().coinbaseOutputs().isPresent()) {
                        outputs = c.get().coinbaseOutputs().get();
                        known.put(b.hash(), outputs);
                    }
                } catch (ChainSource.ChainUnavailableException e) {
                    // not asked again in this report; the reason stays in the server's log, not on a public page (it
                    // may name the node's address)
                    unavailable = "unavailable";
                }
            }
            String status = b.status().name();
            if (outputs == null) {
                String why = unavailable != null
                        ? "not checked: " + checkedAgainst + " could not be asked"
                        : "not checked: " + checkedAgainst + " does not have this block's coinbase";
                out.add(new PublicReport.Anchor(b.hash(), b.height(), status, -1, null, null, why, checkedAgainst));
                continue;
            }
            List<byte[]> scripts = new ArrayList<>();
            for (TransactionOutputs.Output o : outputs) {
                if (ReceiptAnchor.looksLikeAnchor(o.script())) {
                    scripts.add(o.script());
                }
            }
            Optional<ReceiptAnchor> parsed =
                    scripts.size() == 1 ? ReceiptAnchor.parse(scripts.getFirst()) : Optional.empty();
            if (parsed.isEmpty()) {
                String why = scripts.isEmpty()
                        ? "the coinbase carries no anchor (proves nothing either way)"
                        : "the coinbase carries " + scripts.size() + " anchor outputs, or a malformed one";
                out.add(new PublicReport.Anchor(
                        b.hash(), b.height(), status, -1, null, scripts.isEmpty() ? null : false, why, checkedAgainst));
                continue;
            }
            ReceiptAnchor a = parsed.get();
            Optional<String> problem = AnchorCheck.problem(a, byId, receipts.size());
            long own = foundReceipt.getOrDefault(b.hash(), Long.MAX_VALUE);
            if (problem.isEmpty() && a.receiptId() >= own) {
                problem = Optional.of("it anchors receipt " + a.receiptId() + ", not older than the block's own"
                        + " receipt " + own + ": the receipts were reordered");
            }
            out.add(new PublicReport.Anchor(
                    b.hash(),
                    b.height(),
                    status,
                    a.receiptId(),
                    a.entryHashHex(),
                    problem.isEmpty(),
                    problem.orElse(
                            a.receiptId() == 0
                                    ? "it anchors the empty receipt chain (the genesis hash): the first block's job"
                                            + " was built before any receipt"
                                    : "receipt " + a.receiptId() + " has the entry hash this coinbase carries"),
                    checkedAgainst));
        }
        return out;
    }

    private List<PublicReport.Month> months(List<BlockRecord> blocks) {
        Map<String, long[]> byMonth = new TreeMap<>();
        for (BlockRecord b : blocks) {
            if (b.status() == BlockStatus.ORPHANED) {
                continue;
            }
            String month = YearMonth.from(Instant.ofEpochMilli(b.foundMillis()).atZone(ZoneOffset.UTC))
                    .toString();
            long[] v = byMonth.computeIfAbsent(month, m -> new long[2]);
            v[0]++;
            v[1] += b.rewardSats();
        }
        Map<String, Double> mwh = Map.of();
        EnergyByMonth e = energy;
        if (e != null) {
            try {
                mwh = e.mwhByMonth();
            } catch (Exception ex) {
                mwh = Map.of();
            }
        }
        for (String month : mwh.keySet()) {
            byMonth.computeIfAbsent(month, k -> new long[2]); // energy used in a month without a block
        }
        List<PublicReport.Month> out = new ArrayList<>();
        for (Map.Entry<String, long[]> m : byMonth.entrySet()) {
            out.add(new PublicReport.Month(m.getKey(), m.getValue()[0], m.getValue()[1], mwh.get(m.getKey())));
        }
        return out;
    }

    private PublicReport.Energy energyStatus() {
        return energy == null
                ? new PublicReport.Energy(
                        "pending", "this pool runs without energy accounting: energy per month is not known here")
                : new PublicReport.Energy(
                        "available",
                        "MWh per month from the ledger's energy accounting: metered where meter readings cover the"
                                + " hours, estimated from hashrate and licensed efficiency otherwise");
    }
}
