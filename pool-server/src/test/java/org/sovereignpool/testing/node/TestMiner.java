package org.sovereignpool.testing.node;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.job.MerkleBranch;
import org.sovereignpool.share.model.Hash256;

/**
 * Mines a job the way a miner does (coinbase from coinb1 | extranonce1 | extranonce2 | coinb2, merkle root, nonce
 * search) with an independent implementation (MessageDigest, the template's txids); meant for easy targets such as
 * regtest's 207fffff, where about every second nonce is a block.
 */
public final class TestMiner {
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    public static final WorkerName WORKER = new WorkerName("volta", "rig1");

    private TestMiner() {}

    public static byte[] coinbase(Job job, byte[] extranonce1, long extranonce2, int extranonce2Size) {
        byte[] out = new byte[job.coinbaseLength(extranonce1.length, extranonce2Size)];
        job.writeCoinbase(out, extranonce1, extranonce2, extranonce2Size);
        return out;
    }

    /** The first nonce from 0 whose header meets the job's network target, as a FoundBlock. */
    public static FoundBlock mine(Job job, BlockTemplate template, byte[] extranonce1, long extranonce2) {
        byte[] coinbase = coinbase(job, extranonce1, extranonce2, 4);
        List<Hash256> txids = new ArrayList<>();
        txids.add(Hash256.fromInternalBytes(sha256d(coinbase)));
        txids.addAll(template.txids());
        Hash256 root = MerkleBranch.rootOf(txids);
        byte[] header = new byte[Job.HEADER_SIZE];
        job.copyHeaderTemplate(header);
        root.copyInternalTo(header, Job.MERKLE_ROOT_OFFSET);
        for (int nonce = 0; nonce < 1_000_000; nonce++) {
            LE_INT.set(header, Job.NONCE_OFFSET, nonce);
            byte[] hash = sha256d(header);
            if (job.networkTarget().isMetBy(hash, 0)) {
                return new FoundBlock(job, header, coinbase, Hash256.fromInternalBytes(hash), WORKER, 0L);
            }
        }
        throw new IllegalStateException("no block within a million nonces: the target is not a test target");
    }

    /** Sets the nonce of an 80-byte header so that it meets {@code bits}' target; returns the header. */
    public static byte[] remine(byte[] header, org.sovereignpool.share.model.Target target) {
        for (int nonce = 0; nonce < 1_000_000; nonce++) {
            LE_INT.set(header, Job.NONCE_OFFSET, nonce);
            if (target.isMetBy(sha256d(header), 0)) {
                return header;
            }
        }
        throw new IllegalStateException("no nonce within a million");
    }

    /** Sets a nonce whose header does NOT meet the target (for high-hash tests). */
    public static byte[] unmine(byte[] header, org.sovereignpool.share.model.Target target) {
        for (int nonce = 0; nonce < 1_000_000; nonce++) {
            LE_INT.set(header, Job.NONCE_OFFSET, nonce);
            if (!target.isMetBy(sha256d(header), 0)) {
                return header;
            }
        }
        throw new IllegalStateException("every nonce meets the target");
    }

    public static byte[] sha256d(byte[] data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return sha.digest(sha.digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
