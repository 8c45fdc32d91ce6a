package org.sovereignpool.sim.miner;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import org.sovereignpool.share.hash.Sha256;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.job.MerkleBranch;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Target;

/**
 * What a miner does with a job, in software: builds the coinbase (coinb1 | extranonce1 | extranonce2 | coinb2), folds
 * its txid up the merkle branch, assembles the 80-byte header exactly as the share validator does, and scans nonces
 * for hashes at or below a target. Not thread-safe; allocation-free after {@link #prepare}.
 */
public final class ShareSearch {
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final Sha256 sha;
    private final byte[] header = new byte[Job.HEADER_SIZE];
    private final byte[] hash = new byte[Hash256.SIZE];
    private final byte[] node = new byte[MerkleBranch.SCRATCH_SIZE];
    private byte[] coinbase = new byte[512];
    private long hashes;

    public ShareSearch(Sha256 sha) {
        this.sha = Objects.requireNonNull(sha, "sha");
    }

    /** Sets up the header for one (job, extranonce2, version, ntime); nonces are then scanned with {@link #search}. */
    public void prepare(Job job, byte[] extranonce1, long extranonce2, int extranonce2Size, int version, int ntime) {
        int length = job.coinbaseLength(extranonce1.length, extranonce2Size);
        if (length > coinbase.length) {
            coinbase = new byte[length];
        }
        job.writeCoinbase(coinbase, extranonce1, extranonce2, extranonce2Size);
        sha.doubleHash(coinbase, 0, length, node, 0);
        job.merkleBranch().foldInto(node, sha);
        job.copyHeaderTemplate(header);
        LE_INT.set(header, Job.VERSION_OFFSET, version);
        System.arraycopy(node, 0, header, Job.MERKLE_ROOT_OFFSET, Hash256.SIZE);
        LE_INT.set(header, Job.NTIME_OFFSET, ntime);
    }

    /**
     * Hashes nonces {@code first, first+1, ...} ({@code count} of them, unsigned wrap-around) and returns the first
     * whose hash meets {@code target} as an unsigned value, or -1 when none does.
     */
    public long search(int first, int count, Target target) {
        for (int i = 0; i < count; i++) {
            int nonce = first + i;
            LE_INT.set(header, Job.NONCE_OFFSET, nonce);
            sha.doubleHashHeader(header, 0, hash, 0);
            hashes++;
            if (target.isMetBy(hash, 0)) {
                return Integer.toUnsignedLong(nonce);
            }
        }
        return -1;
    }

    /** The first nonce from {@code first} whose hash does NOT meet {@code target} (for tests of rejections). */
    public long searchMiss(int first, int count, Target target) {
        for (int i = 0; i < count; i++) {
            int nonce = first + i;
            LE_INT.set(header, Job.NONCE_OFFSET, nonce);
            sha.doubleHashHeader(header, 0, hash, 0);
            hashes++;
            if (!target.isMetBy(hash, 0)) {
                return Integer.toUnsignedLong(nonce);
            }
        }
        return -1;
    }

    /** The hash of the header with the last nonce searched. */
    public Hash256 lastHash() {
        return Hash256.fromInternalBytes(hash);
    }

    /** Hashes computed so far. */
    public long hashes() {
        return hashes;
    }
}
