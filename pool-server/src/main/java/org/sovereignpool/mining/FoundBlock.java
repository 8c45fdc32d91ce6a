package org.sovereignpool.mining;

import java.util.Objects;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Hash256;

/**
 * A share whose hash met the network target: everything needed to assemble and submit the block. The template's
 * transactions are not here; the job manager keeps them by {@link Job#id()}.
 *
 * @param job the job the share was for
 * @param header the 80-byte header as hashed
 * @param coinbase the coinbase transaction in txid serialization (coinb1 | extranonce1 | extranonce2 | coinb2)
 * @param hash the block hash
 * @param worker who found it
 * @param timeMillis when the pool saw it
 */
public record FoundBlock(Job job, byte[] header, byte[] coinbase, Hash256 hash, WorkerName worker, long timeMillis) {
    public FoundBlock {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(worker, "worker");
        if (header.length != Job.HEADER_SIZE) {
            throw new IllegalArgumentException("a header is 80 bytes, got " + header.length);
        }
        header = header.clone();
        coinbase = coinbase.clone();
    }

    @Override
    public byte[] header() {
        return header.clone();
    }

    @Override
    public byte[] coinbase() {
        return coinbase.clone();
    }
}
