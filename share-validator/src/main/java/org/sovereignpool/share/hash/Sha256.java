package org.sovereignpool.share.hash;

/**
 * SHA-256 over byte ranges, writing the digest into a caller's buffer so that nothing is allocated.
 *
 * <p>Instances keep scratch state and are <b>not thread-safe</b>: each thread (or each validator) owns one.
 * Digests are written in the order SHA-256 produces them ("internal byte order" in Bitcoin's terms,
 * the reverse of the hex that block explorers display).
 */
public interface Sha256 {

    /** A short name for benchmarks and logs, e.g. {@code "jdk"}, {@code "scalar"}, {@code "vector16"}. */
    String name();

    /** SHA-256 of {@code in[off, off+len)} into {@code out[outOff, outOff+32)}. */
    void hash(byte[] in, int off, int len, byte[] out, int outOff);

    /** SHA-256(SHA-256(x)) of {@code in[off, off+len)} into {@code out[outOff, outOff+32)}. */
    void doubleHash(byte[] in, int off, int len, byte[] out, int outOff);

    /**
     * Double SHA-256 of an 80-byte block header at {@code header[off, off+80)}. Implementations may
     * reuse the midstate of the first 64 bytes when consecutive calls share them (same version,
     * prevhash and first 28 bytes of the merkle root), as ASICs rolling only the nonce produce.
     */
    default void doubleHashHeader(byte[] header, int off, byte[] out, int outOff) {
        doubleHash(header, off, 80, out, outOff);
    }
}
