package org.sovereignpool.share.hash;

import java.util.Objects;

/**
 * SHA-256 in plain Java over {@code int} state (FIPS 180-4), allocation-free once constructed.
 *
 * <p>{@link #doubleHashHeader} keeps the midstate (the state after the first 64 header bytes) and
 * recomputes it only when those bytes differ from the previous call's, so a miner rolling the nonce,
 * ntime or the tail of the merkle root costs 2 compressions instead of 3.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class ScalarSha256 implements Sha256 {

    private final int[] state = new int[8];
    private final int[] w = new int[64];
    private final byte[] tail = new byte[128];

    /** The first 64 bytes of the last header hashed and the state after compressing them. */
    private final byte[] midstateKey = new byte[64];

    private final int[] midstate = new int[8];
    private boolean midstateValid;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void hash(byte[] in, int off, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, 32, out.length);
        hashToState(in, off, len);
        Sha256Core.storeDigest(state, out, outOff);
    }

    @Override
    public void doubleHash(byte[] in, int off, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, 32, out.length);
        hashToState(in, off, len);
        secondHash(out, outOff);
    }

    @Override
    public void doubleHashHeader(byte[] header, int off, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, 80, header.length);
        Objects.checkFromIndexSize(outOff, 32, out.length);
        int[] s = state;
        int[] m = midstate(header, off);
        System.arraycopy(m, 0, s, 0, 8);
        int[] words = w;
        words[0] = Sha256Core.readIntBe(header, off + 64);
        words[1] = Sha256Core.readIntBe(header, off + 68);
        words[2] = Sha256Core.readIntBe(header, off + 72);
        words[3] = Sha256Core.readIntBe(header, off + 76);
        words[4] = 0x80000000;
        for (int i = 5; i < 15; i++) {
            words[i] = 0;
        }
        words[15] = 80 * 8;
        Sha256Core.compress(s, words);
        secondHash(out, outOff);
    }

    /**
     * The state after compressing {@code header[off, off+64)}; cached between calls and recomputed only
     * when those 64 bytes differ from the previous call's. The array is owned by this instance.
     */
    int[] midstate(byte[] header, int off) {
        byte[] key = midstateKey;
        if (midstateValid
                && Sha256Core.readLongBe(header, off) == Sha256Core.readLongBe(key, 0)
                && Sha256Core.readLongBe(header, off + 8) == Sha256Core.readLongBe(key, 8)
                && Sha256Core.readLongBe(header, off + 16) == Sha256Core.readLongBe(key, 16)
                && Sha256Core.readLongBe(header, off + 24) == Sha256Core.readLongBe(key, 24)
                && Sha256Core.readLongBe(header, off + 32) == Sha256Core.readLongBe(key, 32)
                && Sha256Core.readLongBe(header, off + 40) == Sha256Core.readLongBe(key, 40)
                && Sha256Core.readLongBe(header, off + 48) == Sha256Core.readLongBe(key, 48)
                && Sha256Core.readLongBe(header, off + 56) == Sha256Core.readLongBe(key, 56)) {
            return midstate;
        }
        int[] m = midstate;
        System.arraycopy(Sha256Core.IV, 0, m, 0, 8);
        Sha256Core.loadBlock(header, off, w);
        Sha256Core.compress(m, w);
        System.arraycopy(header, off, key, 0, 64);
        midstateValid = true;
        return m;
    }

    /** Leaves SHA-256 of {@code in[off, off+len)} in {@link #state}. */
    private void hashToState(byte[] in, int off, int len) {
        int[] s = state;
        int[] words = w;
        System.arraycopy(Sha256Core.IV, 0, s, 0, 8);
        int end = off + len;
        int p = off;
        for (; end - p >= 64; p += 64) {
            Sha256Core.loadBlock(in, p, words);
            Sha256Core.compress(s, words);
        }
        int rest = end - p;
        byte[] t = tail;
        System.arraycopy(in, p, t, 0, rest);
        t[rest] = (byte) 0x80;
        int padded = rest < 56 ? 64 : 128;
        for (int i = rest + 1; i < padded - 8; i++) {
            t[i] = 0;
        }
        Sha256Core.writeLongBe(t, padded - 8, (long) len << 3);
        Sha256Core.loadBlock(t, 0, words);
        Sha256Core.compress(s, words);
        if (padded == 128) {
            Sha256Core.loadBlock(t, 64, words);
            Sha256Core.compress(s, words);
        }
    }

    /** Hashes the 32-byte digest in {@link #state} once more and writes the result. */
    private void secondHash(byte[] out, int outOff) {
        int[] s = state;
        int[] words = w;
        System.arraycopy(s, 0, words, 0, 8);
        words[8] = 0x80000000;
        for (int i = 9; i < 15; i++) {
            words[i] = 0;
        }
        words[15] = 32 * 8;
        System.arraycopy(Sha256Core.IV, 0, s, 0, 8);
        Sha256Core.compress(s, words);
        Sha256Core.storeDigest(s, out, outOff);
    }
}
