package org.sovereignpool.share.hash;

/**
 * A {@link Sha256} that also double-hashes many 80-byte block headers in one call, as a SIMD
 * implementation does best (one header per lane).
 *
 * <p>Not thread-safe: one instance per thread.
 */
public interface BatchHeaderHasher extends Sha256 {

    /** How many headers one call hashes at full width (e.g. 16 with AVX-512, 8 with AVX2). */
    int lanes();

    /**
     * Double SHA-256 of {@code count} contiguous 80-byte headers starting at {@code headers[headersOff]}
     * into {@code count} contiguous 32-byte digests starting at {@code out[outOff]} (internal byte order,
     * like {@link #doubleHashHeader}). {@code count} may be anything from 0 to {@link #lanes()}; a batch whose
     * headers all share their first 64 bytes (one job, rolling nonce or ntime) costs 2 compressions per
     * header instead of 3.
     *
     * @throws IllegalArgumentException if {@code count} is negative or greater than {@link #lanes()}
     * @throws IndexOutOfBoundsException if a range falls outside its array
     */
    void doubleHashHeaders(byte[] headers, int headersOff, int count, byte[] out, int outOff);
}
