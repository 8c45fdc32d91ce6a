package org.sovereignpool.share.hash;

import static jdk.incubator.vector.VectorOperators.BITWISE_BLEND;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.ROR;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.util.Arrays;
import java.util.Objects;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batched double SHA-256 of block headers on the Vector API: one header per lane of
 * {@link IntVector#SPECIES_PREFERRED} (16 lanes with AVX-512, 8 with AVX2, 4 with 128-bit vectors).
 *
 * <p>When every header of a batch shares its first 64 bytes (one job; nonce, ntime or merkle-root tail
 * rolling), their midstate is computed once in scalar code (and cached across calls) and only the last
 * two compressions run in lanes. Otherwise all three compressions run in lanes.
 *
 * <p>The round code is straight-line (8 rounds per loop iteration, generated) over local
 * {@code IntVector}s only, so C2 keeps every vector in a register and nothing is boxed. The message schedule
 * and the state between compressions live in {@code int[]} scratch arrays laid out word-major ({@code [word
 * * lanes + lane]}). Methods are kept small on purpose: a method too large for C1's register allocator
 * ("out of virtual registers") can get stuck at tier 2 and never reach C2, and then every vector is boxed.
 *
 * <p>Single-header calls of {@link Sha256} delegate to {@link ScalarSha256}.
 *
 * <p><b>Loading this class needs the module {@code jdk.incubator.vector}</b>; obtain it only through
 * {@link Sha256s#vectorBatch()}, which checks first. Not thread-safe: one instance per thread.
 */
final class VectorSha256 implements BatchHeaderHasher {

    private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    /** Compares 64-byte header prefixes: 64 bytes with AVX-512, 32 with AVX2 (at most 64). */
    private static final VectorSpecies<Byte> BYTES =
            ByteVector.SPECIES_PREFERRED.length() > 64 ? ByteVector.SPECIES_512 : ByteVector.SPECIES_PREFERRED;
    /** A constant to C2, so that vector offsets fold. */
    private static final int LANES = SPECIES.length();

    private final ScalarSha256 scalar = new ScalarSha256();

    /** Initial hash value, each word broadcast to all lanes. */
    private final int[] ivLanes = new int[8 * LANES];
    /** First block (header bytes 0..63) per lane, when the batch does not share a midstate. */
    private final int[] block0 = new int[16 * LANES];
    /** State after the first block, per lane. */
    private final int[] midLanes = new int[8 * LANES];
    /** The midstate of a batch whose headers share their first 64 bytes, broadcast, and those 64 bytes. */
    private final int[] sharedMidLanes = new int[8 * LANES];

    private final byte[] sharedMidKey = new byte[64];
    private boolean sharedMidValid;
    /** Second block: header bytes 64..79 then constant padding for an 80-byte message. */
    private final int[] block1 = new int[16 * LANES];
    /** Block of the second hash: words 0..7 receive the first digest; 8..15 are constant padding. */
    private final int[] block2 = new int[16 * LANES];
    /** Final digests, per lane. */
    private final int[] outLanes = new int[8 * LANES];
    /** The 64-word message schedule of the compression under way, per lane. */
    private final int[] schedule = new int[64 * LANES];

    VectorSha256() {
        for (int word = 0; word < 8; word++) {
            fill(ivLanes, word, Sha256Core.IV[word]);
        }
        fill(block1, 4, 0x80000000);
        fill(block1, 15, 80 * 8);
        fill(block2, 8, 0x80000000);
        fill(block2, 15, 32 * 8);
    }

    private void fill(int[] words, int word, int value) {
        Arrays.fill(words, word * LANES, (word + 1) * LANES, value);
    }

    @Override
    public String name() {
        return "vector" + LANES;
    }

    @Override
    public int lanes() {
        return LANES;
    }

    @Override
    public void hash(byte[] in, int off, int len, byte[] out, int outOff) {
        scalar.hash(in, off, len, out, outOff);
    }

    @Override
    public void doubleHash(byte[] in, int off, int len, byte[] out, int outOff) {
        scalar.doubleHash(in, off, len, out, outOff);
    }

    @Override
    public void doubleHashHeader(byte[] header, int off, byte[] out, int outOff) {
        scalar.doubleHashHeader(header, off, out, outOff);
    }

    @Override
    public void doubleHashHeaders(byte[] headers, int headersOff, int count, byte[] out, int outOff) {
        int n = LANES;
        if (count < 0 || count > n) {
            throw new IllegalArgumentException("count " + count + " not in [0, " + n + "]");
        }
        Objects.checkFromIndexSize(headersOff, 80 * count, headers.length);
        Objects.checkFromIndexSize(outOff, 32 * count, out.length);
        if (count == 0) {
            return;
        }
        int[] mid;
        if (shareFirst64(headers, headersOff, count)) {
            mid = sharedMidLanes;
            if (!sharedMidValid || !samePrefix(headers, headersOff, sharedMidKey, 0)) {
                int[] m = scalar.midstate(headers, headersOff);
                for (int word = 0; word < 8; word++) {
                    fill(mid, word, m[word]);
                }
                System.arraycopy(headers, headersOff, sharedMidKey, 0, 64);
                sharedMidValid = true;
            }
        } else {
            mid = midLanes;
            int[] b0 = block0;
            for (int lane = 0; lane < count; lane++) {
                int base = headersOff + 80 * lane;
                for (int word = 0; word < 16; word++) {
                    b0[word * n + lane] = Sha256Core.readIntBe(headers, base + 4 * word);
                }
            }
            compress(ivLanes, b0, mid);
        }
        int[] b1 = block1;
        for (int lane = 0; lane < count; lane++) {
            int base = headersOff + 80 * lane + 64;
            b1[lane] = Sha256Core.readIntBe(headers, base);
            b1[n + lane] = Sha256Core.readIntBe(headers, base + 4);
            b1[2 * n + lane] = Sha256Core.readIntBe(headers, base + 8);
            b1[3 * n + lane] = Sha256Core.readIntBe(headers, base + 12);
        }
        compress(mid, b1, block2);
        compress(ivLanes, block2, outLanes);
        int[] o = outLanes;
        for (int lane = 0; lane < count; lane++) {
            int base = outOff + 32 * lane;
            for (int word = 0; word < 8; word++) {
                Sha256Core.writeIntBe(out, base + 4 * word, o[word * n + lane]);
            }
        }
    }

    /** Whether headers 1..count-1 have the same first 64 bytes as header 0. */
    private static boolean shareFirst64(byte[] headers, int off, int count) {
        for (int lane = 1; lane < count; lane++) {
            if (!samePrefix(headers, off, headers, off + 80 * lane)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code a[aOff, aOff+64)} equals {@code b[bOff, bOff+64)}, one or a few vector compares. */
    private static boolean samePrefix(byte[] a, int aOff, byte[] b, int bOff) {
        for (int i = 0; i < 64; i += BYTES.length()) {
            if (ByteVector.fromArray(BYTES, a, aOff + i)
                    .compare(VectorOperators.NE, ByteVector.fromArray(BYTES, b, bOff + i))
                    .anyTrue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * One SHA-256 compression in every lane: {@code stateOut[0, 8 lanes) = stateIn + F(stateIn, words)}, all
     * arrays word-major. {@code stateOut} may be the first 8 words of another block.
     */
    private void compress(int[] stateIn, int[] words, int[] stateOut) {
        expandSchedule(words);
        rounds(stateIn, stateOut);
    }

    /** Copies the 16 message words into {@link #schedule} and expands them to the 64-word schedule. */
    private void expandSchedule(int[] words) {
        int n = LANES;
        int[] w = schedule;
        System.arraycopy(words, 0, w, 0, 16 * n);
        for (int t = 16; t < 64; t++) {
            IntVector x = IntVector.fromArray(SPECIES, w, (t - 15) * n);
            IntVector y = IntVector.fromArray(SPECIES, w, (t - 2) * n);
            IntVector s0 = x.lanewise(ROR, 7).lanewise(XOR, x.lanewise(ROR, 18)).lanewise(XOR, x.lanewise(LSHR, 3));
            IntVector s1 =
                    y.lanewise(ROR, 17).lanewise(XOR, y.lanewise(ROR, 19)).lanewise(XOR, y.lanewise(LSHR, 10));
            IntVector.fromArray(SPECIES, w, (t - 16) * n)
                    .add(s0)
                    .add(IntVector.fromArray(SPECIES, w, (t - 7) * n))
                    .add(s1)
                    .intoArray(w, t * n);
        }
    }

    /** The 64 rounds over {@link #schedule}, then the feed-forward: {@code stateOut = stateIn + rounds}. */
    private void rounds(int[] stateIn, int[] stateOut) {
        int n = LANES;
        int[] w = schedule;
        int[] k = Sha256Core.K;
        IntVector a = IntVector.fromArray(SPECIES, stateIn, 0);
        IntVector b = IntVector.fromArray(SPECIES, stateIn, n);
        IntVector c = IntVector.fromArray(SPECIES, stateIn, 2 * n);
        IntVector d = IntVector.fromArray(SPECIES, stateIn, 3 * n);
        IntVector e = IntVector.fromArray(SPECIES, stateIn, 4 * n);
        IntVector f = IntVector.fromArray(SPECIES, stateIn, 5 * n);
        IntVector g = IntVector.fromArray(SPECIES, stateIn, 6 * n);
        IntVector h = IntVector.fromArray(SPECIES, stateIn, 7 * n);
        IntVector t1;
        // Generated: 8 rounds per iteration. The working variables rotate roles in place (a new "a" lands in
        // the old "h", a new "e" in the old "d"), so after 8 rounds every name holds its own role again.
        for (int t = 0; t < 64; t += 8) {
            // round t + 0
            t1 = h.add(e.lanewise(ROR, 6).lanewise(XOR, e.lanewise(ROR, 11)).lanewise(XOR, e.lanewise(ROR, 25)))
                    .add(g.lanewise(BITWISE_BLEND, f, e))
                    .add(k[t + 0])
                    .add(IntVector.fromArray(SPECIES, w, (t + 0) * n));
            d = d.add(t1);
            h = t1.add(a.lanewise(ROR, 2).lanewise(XOR, a.lanewise(ROR, 13)).lanewise(XOR, a.lanewise(ROR, 22)))
                    .add(b.lanewise(BITWISE_BLEND, c, a.lanewise(XOR, b)));
            // round t + 1
            t1 = g.add(d.lanewise(ROR, 6).lanewise(XOR, d.lanewise(ROR, 11)).lanewise(XOR, d.lanewise(ROR, 25)))
                    .add(f.lanewise(BITWISE_BLEND, e, d))
                    .add(k[t + 1])
                    .add(IntVector.fromArray(SPECIES, w, (t + 1) * n));
            c = c.add(t1);
            g = t1.add(h.lanewise(ROR, 2).lanewise(XOR, h.lanewise(ROR, 13)).lanewise(XOR, h.lanewise(ROR, 22)))
                    .add(a.lanewise(BITWISE_BLEND, b, h.lanewise(XOR, a)));
            // round t + 2
            t1 = f.add(c.lanewise(ROR, 6).lanewise(XOR, c.lanewise(ROR, 11)).lanewise(XOR, c.lanewise(ROR, 25)))
                    .add(e.lanewise(BITWISE_BLEND, d, c))
                    .add(k[t + 2])
                    .add(IntVector.fromArray(SPECIES, w, (t + 2) * n));
            b = b.add(t1);
            f = t1.add(g.lanewise(ROR, 2).lanewise(XOR, g.lanewise(ROR, 13)).lanewise(XOR, g.lanewise(ROR, 22)))
                    .add(h.lanewise(BITWISE_BLEND, a, g.lanewise(XOR, h)));
            // round t + 3
            t1 = e.add(b.lanewise(ROR, 6).lanewise(XOR, b.lanewise(ROR, 11)).lanewise(XOR, b.lanewise(ROR, 25)))
                    .add(d.lanewise(BITWISE_BLEND, c, b))
                    .add(k[t + 3])
                    .add(IntVector.fromArray(SPECIES, w, (t + 3) * n));
            a = a.add(t1);
            e = t1.add(f.lanewise(ROR, 2).lanewise(XOR, f.lanewise(ROR, 13)).lanewise(XOR, f.lanewise(ROR, 22)))
                    .add(g.lanewise(BITWISE_BLEND, h, f.lanewise(XOR, g)));
            // round t + 4
            t1 = d.add(a.lanewise(ROR, 6).lanewise(XOR, a.lanewise(ROR, 11)).lanewise(XOR, a.lanewise(ROR, 25)))
                    .add(c.lanewise(BITWISE_BLEND, b, a))
                    .add(k[t + 4])
                    .add(IntVector.fromArray(SPECIES, w, (t + 4) * n));
            h = h.add(t1);
            d = t1.add(e.lanewise(ROR, 2).lanewise(XOR, e.lanewise(ROR, 13)).lanewise(XOR, e.lanewise(ROR, 22)))
                    .add(f.lanewise(BITWISE_BLEND, g, e.lanewise(XOR, f)));
            // round t + 5
            t1 = c.add(h.lanewise(ROR, 6).lanewise(XOR, h.lanewise(ROR, 11)).lanewise(XOR, h.lanewise(ROR, 25)))
                    .add(b.lanewise(BITWISE_BLEND, a, h))
                    .add(k[t + 5])
                    .add(IntVector.fromArray(SPECIES, w, (t + 5) * n));
            g = g.add(t1);
            c = t1.add(d.lanewise(ROR, 2).lanewise(XOR, d.lanewise(ROR, 13)).lanewise(XOR, d.lanewise(ROR, 22)))
                    .add(e.lanewise(BITWISE_BLEND, f, d.lanewise(XOR, e)));
            // round t + 6
            t1 = b.add(g.lanewise(ROR, 6).lanewise(XOR, g.lanewise(ROR, 11)).lanewise(XOR, g.lanewise(ROR, 25)))
                    .add(a.lanewise(BITWISE_BLEND, h, g))
                    .add(k[t + 6])
                    .add(IntVector.fromArray(SPECIES, w, (t + 6) * n));
            f = f.add(t1);
            b = t1.add(c.lanewise(ROR, 2).lanewise(XOR, c.lanewise(ROR, 13)).lanewise(XOR, c.lanewise(ROR, 22)))
                    .add(d.lanewise(BITWISE_BLEND, e, c.lanewise(XOR, d)));
            // round t + 7
            t1 = a.add(f.lanewise(ROR, 6).lanewise(XOR, f.lanewise(ROR, 11)).lanewise(XOR, f.lanewise(ROR, 25)))
                    .add(h.lanewise(BITWISE_BLEND, g, f))
                    .add(k[t + 7])
                    .add(IntVector.fromArray(SPECIES, w, (t + 7) * n));
            e = e.add(t1);
            a = t1.add(b.lanewise(ROR, 2).lanewise(XOR, b.lanewise(ROR, 13)).lanewise(XOR, b.lanewise(ROR, 22)))
                    .add(c.lanewise(BITWISE_BLEND, d, b.lanewise(XOR, c)));
        }
        a.add(IntVector.fromArray(SPECIES, stateIn, 0)).intoArray(stateOut, 0);
        b.add(IntVector.fromArray(SPECIES, stateIn, n)).intoArray(stateOut, n);
        c.add(IntVector.fromArray(SPECIES, stateIn, 2 * n)).intoArray(stateOut, 2 * n);
        d.add(IntVector.fromArray(SPECIES, stateIn, 3 * n)).intoArray(stateOut, 3 * n);
        e.add(IntVector.fromArray(SPECIES, stateIn, 4 * n)).intoArray(stateOut, 4 * n);
        f.add(IntVector.fromArray(SPECIES, stateIn, 5 * n)).intoArray(stateOut, 5 * n);
        g.add(IntVector.fromArray(SPECIES, stateIn, 6 * n)).intoArray(stateOut, 6 * n);
        h.add(IntVector.fromArray(SPECIES, stateIn, 7 * n)).intoArray(stateOut, 7 * n);
    }
}
