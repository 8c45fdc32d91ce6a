package org.sovereignpool.share.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Hash256;

/**
 * Builds a share's header the long way, straight from the Stratum rules in DESIGN.md, with MessageDigest and
 * ByteBuffer: an independent oracle for the validator's precomputed, allocation-free path.
 */
public final class OracleHeader {
    private OracleHeader() {}

    public static byte[] header(Job job, byte[] extranonce1, byte[] extranonce2, int ntime, int nonce, int version) {
        ByteArrayOutputStream coinbase = new ByteArrayOutputStream();
        coinbase.writeBytes(job.coinbase1());
        coinbase.writeBytes(extranonce1);
        coinbase.writeBytes(extranonce2);
        coinbase.writeBytes(job.coinbase2());
        byte[] node = MessageDigestSha256.doubleSha(coinbase.toByteArray());
        for (int i = 0; i < job.merkleBranch().depth(); i++) {
            byte[] pair = new byte[64];
            System.arraycopy(node, 0, pair, 0, 32);
            System.arraycopy(job.merkleBranch().entry(i).internalBytes(), 0, pair, 32, 32);
            node = MessageDigestSha256.doubleSha(pair);
        }
        return ByteBuffer.allocate(80)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(version)
                .put(job.prevHash().internalBytes())
                .put(node)
                .putInt(ntime)
                .putInt(job.bits().value())
                .putInt(nonce)
                .array();
    }

    public static Hash256 hash(byte[] header) {
        return Hash256.fromInternalBytes(MessageDigestSha256.doubleSha(header));
    }

    /** The hash as the number proof of work compares: the digest read little-endian. */
    public static BigInteger value(Hash256 hash) {
        return new BigInteger(hash.toDisplayHex(), 16);
    }
}
