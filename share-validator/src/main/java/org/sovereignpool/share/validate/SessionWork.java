package org.sovereignpool.share.validate;

import java.util.Objects;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.model.Target;
import org.sovereignpool.share.model.VersionMask;

/**
 * What a share check needs to know about one miner connection: its extranonce1 and extranonce2 size, the
 * negotiated version-rolling mask, the last jobs it was sent (each with the difficulty it was sent with), and its
 * merkle-root cache. Owned by the connection's event loop: <b>single writer, not thread-safe</b>.
 */
public final class SessionWork {
    public static final int DEFAULT_JOB_WINDOW = 16;
    public static final int DEFAULT_MAX_SHARES_REMEMBERED = 8192;
    public static final int DEFAULT_ROOT_CACHE_ENTRIES = 4;

    private final byte[] extranonce1;
    private final int extranonce2Size;
    /** Created as jobs arrive: an idle miner holds one or two jobs, not a full window (≈ 64 B per slot saved). */
    private final JobSlot[] slots;

    private final int maxSharesRememberedPerJob;
    private final MerkleRootCache rootCache;
    private VersionMask versionMask = VersionMask.NONE;
    private int nextSlot;
    private Difficulty cachedDifficulty;
    private Target cachedTarget;

    public SessionWork(Extranonce extranonce1, int extranonce2Size) {
        this(
                extranonce1,
                extranonce2Size,
                DEFAULT_JOB_WINDOW,
                DEFAULT_MAX_SHARES_REMEMBERED,
                DEFAULT_ROOT_CACHE_ENTRIES);
    }

    public SessionWork(
            Extranonce extranonce1,
            int extranonce2Size,
            int jobWindow,
            int maxSharesRememberedPerJob,
            int rootCacheEntries) {
        if (extranonce2Size < 1 || extranonce2Size > Extranonce.MAX_SIZE) {
            throw new IllegalArgumentException("extranonce2 size must be 1..8, got " + extranonce2Size);
        }
        if (jobWindow < 1) {
            throw new IllegalArgumentException("job window must be >= 1, got " + jobWindow);
        }
        this.extranonce1 = Objects.requireNonNull(extranonce1, "extranonce1").toBytes();
        this.extranonce2Size = extranonce2Size;
        this.slots = new JobSlot[jobWindow];
        this.maxSharesRememberedPerJob = maxSharesRememberedPerJob;
        this.rootCache = new MerkleRootCache(rootCacheEntries);
    }

    /**
     * Records that {@code job} was sent to this session at {@code difficulty}; the oldest job falls out of the window.
     */
    public JobSlot issue(Job job, Difficulty difficulty) {
        JobSlot slot = slots[nextSlot];
        if (slot == null) {
            slot = new JobSlot(maxSharesRememberedPerJob);
            slots[nextSlot] = slot;
        }
        nextSlot = (nextSlot + 1) % slots.length;
        if (slot.job() != null) {
            rootCache.forget(slot.job());
        }
        if (!difficulty.equals(cachedDifficulty)) {
            cachedDifficulty = difficulty;
            cachedTarget = difficulty.toTarget();
        }
        // the session's one instance of an equal difficulty: a full window holds one, not 16 (24 B each)
        slot.assign(job, cachedDifficulty, cachedTarget);
        return slot;
    }

    /**
     * Lowers every job already sent above {@code difficulty} to it (after the pool lowered the miner's difficulty:
     * a share on an earlier job is judged at the lower of the two). Runs when the difficulty changes, not per share.
     */
    public void lowerDifficulty(Difficulty difficulty) {
        Target target = null;
        for (JobSlot slot : slots) {
            if (slot != null && slot.job() != null && slot.difficulty().value() > difficulty.value()) {
                if (target == null) {
                    target = difficulty.toTarget();
                }
                slot.lower(difficulty, target);
            }
        }
    }

    /** The slot of a job this session was sent, or null when it is unknown or fell out of the window. */
    public JobSlot find(long jobId) {
        // newest first: a miner almost always submits on the latest job
        for (int i = 1; i <= slots.length; i++) {
            JobSlot slot = slots[Math.floorMod(nextSlot - i, slots.length)];
            if (slot == null) {
                return null; // slots are used in order: an empty one means nothing older was ever issued
            }
            Job job = slot.job();
            if (job != null && job.id() == jobId) {
                return slot;
            }
        }
        return null;
    }

    /** Forgets every job (e.g. on a new extranonce or reconnect). */
    public void clearJobs() {
        for (JobSlot slot : slots) {
            if (slot == null) {
                continue;
            }
            if (slot.job() != null) {
                rootCache.forget(slot.job());
            }
            slot.release();
        }
    }

    public byte[] extranonce1() {
        return extranonce1.clone();
    }

    byte[] extranonce1Unsafe() {
        return extranonce1;
    }

    public int extranonce2Size() {
        return extranonce2Size;
    }

    public VersionMask versionMask() {
        return versionMask;
    }

    public void versionMask(VersionMask mask) {
        this.versionMask = Objects.requireNonNull(mask, "mask");
    }

    public MerkleRootCache rootCache() {
        return rootCache;
    }
}
