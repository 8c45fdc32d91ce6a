package org.sovereignpool.share.validate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.sovereignpool.share.hash.Sha256;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.job.MerkleBranch;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Hash256;

/**
 * Judges shares. The order of the checks is the pool's contract with miners and the treasury:
 *
 * <ol>
 *   <li>the job must be known to the session (21), extranonce2 of the session's size, ntime within
 *       [mintime, now + 7200] and version bits inside the negotiated mask (20) — without these there is no header;
 *   <li>the header is hashed, and <b>a hash meeting the network target is a block</b>, reported as {@link
 *       ShareVerdict#BLOCK} even when the share would otherwise be stale or a duplicate: a block is never lost to
 *       bookkeeping ({@link #rejectBesidesBlock()} tells what it would have been);
 *   <li>stale (21), duplicate (22), below the share target the job was sent with (23), else accepted.
 * </ol>
 *
 * <p>One instance per thread: it owns scratch buffers and a {@link Sha256}, and allocates nothing per share.
 * After a share, {@link #copyHeader} and {@link #hash} expose what was hashed (for block assembly and logs).
 */
public final class ShareValidator {
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Bitcoin's consensus limit on how far a header's time may run ahead of the node's clock. */
    public static final long MAX_FUTURE_SECONDS = 7200;

    private final Sha256 sha;
    private final byte[] header = new byte[Job.HEADER_SIZE];
    private final byte[] hash = new byte[Hash256.SIZE];
    private final byte[] node = new byte[MerkleBranch.SCRATCH_SIZE];
    private byte[] coinbase = new byte[512];
    private ShareVerdict rejectBesidesBlock = ShareVerdict.ACCEPTED;

    public ShareValidator(Sha256 sha) {
        this.sha = Objects.requireNonNull(sha, "sha");
    }

    /**
     * Checks one share.
     *
     * @param work the submitting session
     * @param slot the job as the session received it, or null when the job id is unknown to the session
     * @param stale whether the job was built on a block that is no longer the chain tip
     * @param share the miner's fields
     * @param nowSeconds the node-adjusted current time, Unix seconds (passed in so tests control the clock)
     */
    public ShareVerdict validate(
            SessionWork work, JobSlot slot, boolean stale, ShareSubmission share, long nowSeconds) {
        rejectBesidesBlock = ShareVerdict.ACCEPTED;
        if (slot == null || slot.job() == null) {
            return ShareVerdict.JOB_NOT_FOUND;
        }
        Job job = slot.job();
        if (share.extranonce2Size() != work.extranonce2Size()) {
            return ShareVerdict.EXTRANONCE2_SIZE;
        }
        long ntime = Integer.toUnsignedLong(share.ntime());
        if (ntime < Integer.toUnsignedLong(job.minTime()) || ntime > nowSeconds + MAX_FUTURE_SECONDS) {
            return ShareVerdict.NTIME_OUT_OF_RANGE;
        }
        int version = job.version();
        if (share.hasVersionBits()) {
            if (!work.versionMask().allows(share.versionBits())) {
                return ShareVerdict.VERSION_BITS_OUTSIDE_MASK;
            }
            version = work.versionMask().apply(version, share.versionBits());
        }

        job.copyHeaderTemplate(header);
        LE_INT.set(header, Job.VERSION_OFFSET, version);
        merkleRoot(work, job, share.extranonce2(), share.extranonce2Size());
        System.arraycopy(node, 0, header, Job.MERKLE_ROOT_OFFSET, Hash256.SIZE);
        LE_INT.set(header, Job.NTIME_OFFSET, share.ntime());
        LE_INT.set(header, Job.NONCE_OFFSET, share.nonce());
        sha.doubleHashHeader(header, 0, hash, 0);

        boolean block = job.networkTarget().isMetBy(hash, 0);
        ShareVerdict verdict = judge(slot, stale);
        if (block) {
            rejectBesidesBlock = verdict;
            return ShareVerdict.BLOCK;
        }
        return verdict;
    }

    private ShareVerdict judge(JobSlot slot, boolean stale) {
        if (stale) {
            return ShareVerdict.STALE;
        }
        // Only shares that meet the target enter the filter, so testing the target first gives the same verdicts
        // as testing for a duplicate first, with one probe of the filter instead of two.
        if (!slot.shareTarget().isMetBy(hash, 0)) {
            return ShareVerdict.LOW_DIFFICULTY;
        }
        boolean fresh = slot.duplicates().add((long) LE_LONG.get(hash, 0), (long) LE_LONG.get(hash, 8));
        return fresh ? ShareVerdict.ACCEPTED : ShareVerdict.DUPLICATE;
    }

    /** Leaves the merkle root in node[0..32), from the session's cache when it can. */
    private void merkleRoot(SessionWork work, Job job, long extranonce2, int extranonce2Size) {
        MerkleRootCache cache = work.rootCache();
        if (cache.lookup(job, extranonce2, extranonce2Size, node, 0)) {
            return;
        }
        int length = buildCoinbase(work, job, extranonce2, extranonce2Size);
        sha.doubleHash(coinbase, 0, length, node, 0);
        job.merkleBranch().foldInto(node, sha);
        cache.store(job, extranonce2, extranonce2Size, node, 0);
    }

    private int buildCoinbase(SessionWork work, Job job, long extranonce2, int extranonce2Size) {
        byte[] extranonce1 = work.extranonce1Unsafe();
        int length = job.coinbaseLength(extranonce1.length, extranonce2Size);
        if (length > coinbase.length) {
            coinbase = new byte[Math.max(length, 2 * coinbase.length)]; // once per larger job, not per share
        }
        return job.writeCoinbase(coinbase, extranonce1, extranonce2, extranonce2Size);
    }

    /** For a {@link ShareVerdict#BLOCK}: what the share would have been judged apart from solving a block. */
    public ShareVerdict rejectBesidesBlock() {
        return rejectBesidesBlock;
    }

    /** The header of the last share that got as far as hashing. */
    public byte[] copyHeader() {
        return header.clone();
    }

    /** The double-SHA256 of the last hashed header (internal byte order). */
    public Hash256 hash() {
        return Hash256.fromInternalBytes(hash);
    }

    /** The difficulty the last hashed header achieved, for statistics (best share); allocation-free. */
    public double achievedDifficulty() {
        return Difficulty.achievedBy(hash, 0);
    }

    /** The coinbase (txid serialization) of a share, for block assembly. Allocates: blocks are rare. */
    public byte[] coinbaseOf(SessionWork work, Job job, ShareSubmission share) {
        int length = buildCoinbase(work, job, share.extranonce2(), share.extranonce2Size());
        return Arrays.copyOf(coinbase, length);
    }
}
