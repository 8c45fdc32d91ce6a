package org.sovereignpool.treasury;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.config.TreasuryPayee;
import org.sovereignpool.ledger.blocks.FoundBlockLog;

/**
 * Which {@code treasury.descriptor} index this node's jobs pay: one index at a time, shared by every job until a
 * found block uses it; then the next. An index is never paid again once a block used it, whatever became of that
 * block (accepted, orphaned, or rejected by every node: its header and coinbase left the process, and an index costs
 * nothing), and across restarts: at start the index is the highest one a found block of this node's range used, plus
 * one, read from the ledger and from the local found-block file (whose candidate line, fsynced before {@code
 * submitblock}, carries the index), and no lower than the cursor the ledger keeps; it is written to the ledger before
 * any job pays it.
 *
 * <p>Several nodes on one database: the index space is partitioned by {@code pool.nodeId} (0..255), node {@code n}
 * paying {@code n * 2^23 .. n * 2^23 + 2^23 - 1}. Node ids are unique in a cluster (the node lease refuses a second
 * live instance of one), so two nodes never pay the same index, and a node moves to its next index on the block path
 * without asking the database (the block is submitted first; the database may be down). The cost: a wallet watching
 * the treasury imports each node's range ({@code check-config} prints it).
 *
 * <p>Thread-safe: {@link #current} is read by the job manager, {@link #used} called on the block submitter's thread.
 */
public final class TreasuryIndexes {
    private static final Logger LOG = LoggerFactory.getLogger(TreasuryIndexes.class);
    /** Each node's range holds 2^23 indexes: 256 node ids fill the 2^31 unhardened BIP 32 children. */
    public static final int RANGE_BITS = 23;

    public static final long RANGE_SIZE = 1L << RANGE_BITS;

    private final int nodeId;
    private final TreasuryCursorStore cursor;
    private final LongSupplier clock;
    private long current;

    private TreasuryIndexes(int nodeId, long current, TreasuryCursorStore cursor, LongSupplier clock) {
        this.nodeId = nodeId;
        this.current = current;
        this.cursor = cursor;
        this.clock = clock;
    }

    /** The first index of {@code nodeId}'s range. */
    public static long first(int nodeId) {
        if (nodeId < 0 || nodeId > 255) {
            throw new IllegalArgumentException("pool.nodeId must be 0..255, got " + nodeId);
        }
        return (long) nodeId << RANGE_BITS;
    }

    /** The last index of {@code nodeId}'s range. */
    public static long last(int nodeId) {
        return first(nodeId) + RANGE_SIZE - 1;
    }

    /**
     * Where this node resumes: one past the highest index a found block of its range used (ledger and local
     * found-block file), no lower than its cursor, and at least the start of its range.
     */
    static long resumeAt(int nodeId, OptionalLong cursorRow, OptionalLong recorded, OptionalLong local) {
        long next = first(nodeId);
        if (cursorRow.isPresent() && inRange(nodeId, cursorRow.getAsLong())) {
            next = Math.max(next, cursorRow.getAsLong());
        }
        for (OptionalLong used : new OptionalLong[] {recorded, local}) {
            if (used.isPresent() && inRange(nodeId, used.getAsLong())) {
                next = Math.max(next, used.getAsLong() + 1);
            }
        }
        if (next > last(nodeId)) {
            throw new IllegalStateException("node " + nodeId + " has used every treasury index of its range "
                    + first(nodeId) + ".." + last(nodeId));
        }
        return next;
    }

    private static boolean inRange(int nodeId, long index) {
        return index >= first(nodeId) && index <= last(nodeId);
    }

    /** The highest index a block in the local found-block file used within {@code nodeId}'s range. */
    static OptionalLong maxLocal(Path foundBlocksFile, int nodeId) throws IOException {
        FoundBlockLog.Contents contents = new FoundBlockLog(foundBlocksFile).read();
        long max = -1;
        for (FoundBlockLog.Candidate c : contents.candidates()) {
            long i = c.block().treasuryIndex();
            if (inRange(nodeId, i)) {
                max = Math.max(max, i);
            }
        }
        for (FoundBlockLog.Entry e : contents.results()) {
            long i = e.block().treasuryIndex();
            if (inRange(nodeId, i)) {
                max = Math.max(max, i);
            }
        }
        return max < 0 ? OptionalLong.empty() : OptionalLong.of(max);
    }

    /**
     * Resumes node {@code nodeId}'s index (see the class comment) and writes it to the ledger's cursor before
     * returning, so no job pays it before it is recorded. With the database unreachable the local found-block file
     * decides (it holds every block this node found), and the cursor is written at the next found block.
     */
    public static TreasuryIndexes resume(
            int nodeId, TreasuryCursorStore cursor, Path foundBlocksFile, LongSupplier clock) throws IOException {
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(clock, "clock");
        OptionalLong local = maxLocal(foundBlocksFile, nodeId);
        OptionalLong row = OptionalLong.empty();
        OptionalLong recorded = OptionalLong.empty();
        boolean databaseUp = true;
        try {
            row = cursor.cursor(nodeId);
            recorded = cursor.maxRecordedIndex(first(nodeId), last(nodeId));
        } catch (SQLException e) {
            databaseUp = false;
            LOG.warn(
                    "treasury index of node {}: the ledger database is unreachable ({}); resuming from the local"
                            + " found-block file {}",
                    nodeId,
                    e.getMessage(),
                    foundBlocksFile);
        }
        long next = resumeAt(nodeId, row, recorded, local);
        TreasuryIndexes indexes = new TreasuryIndexes(nodeId, next, cursor, clock);
        if (databaseUp) {
            try {
                cursor.save(nodeId, next, clock.getAsLong());
            } catch (SQLException e) {
                LOG.warn(
                        "treasury index {} of node {} not written to the ledger yet: {}", next, nodeId, e.getMessage());
            }
        }
        LOG.info(
                "treasury index of node {}: jobs pay index {} (range {}..{}; ledger cursor {}, highest used {})",
                nodeId,
                next,
                first(nodeId),
                last(nodeId),
                row.isPresent() ? Long.toString(row.getAsLong()) : "none",
                max(recorded, local));
        return indexes;
    }

    private static String max(OptionalLong a, OptionalLong b) {
        long m = Math.max(a.orElse(-1), b.orElse(-1));
        return m < 0 ? "none" : Long.toString(m);
    }

    /** The index jobs built now pay. */
    public synchronized long current() {
        return current;
    }

    /**
     * A found block paid {@code index} (called once its candidate line, carrying the index, is fsynced, before it is
     * submitted): jobs built from now on pay the next index. The ledger's cursor is written off the caller's thread
     * (the block goes out first). Returns whether the current index moved (false for a block on an older index).
     */
    public boolean used(long index) {
        long next;
        synchronized (this) {
            if (index < current || !inRange(nodeId, index)) {
                return false;
            }
            if (index >= last(nodeId)) {
                LOG.error("node {} used the last treasury index of its range ({})", nodeId, index);
                return false;
            }
            current = index + 1;
            next = current;
        }
        LOG.info("treasury index {} used by a found block; jobs pay index {} from now on", index, next);
        Thread.ofVirtual().name("treasury-cursor").start(() -> {
            try {
                cursor.save(nodeId, next, clock.getAsLong());
            } catch (SQLException | RuntimeException e) {
                LOG.warn(
                        "treasury index {} of node {} not written to the ledger ({}); the found-block file holds the"
                                + " block that used {}",
                        next,
                        nodeId,
                        e.getMessage(),
                        index);
            }
        });
        return true;
    }

    public int nodeId() {
        return nodeId;
    }

    /** How check-config and logs describe a payee's range for this node. */
    public static String describeRange(TreasuryPayee payee, int nodeId) {
        return "indexes " + first(nodeId) + ".." + last(nodeId) + " (node " + nodeId + "), first address "
                + payee.address(first(nodeId));
    }
}
