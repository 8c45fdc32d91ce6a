package org.sovereignpool.share.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * FIPS 180-4 SHA-256 building blocks shared by the scalar and vector implementations: round
 * constants, initial hash value, the scalar compression function and big-endian byte access.
 */
final class Sha256Core {

    /** FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
    static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
    };

    /** FIPS 180-4 section 5.3.3: the initial hash value H(0). */
    static final int[] IV = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    };

    static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Sha256Core() {}

    static int readIntBe(byte[] b, int off) {
        return (int) INT_BE.get(b, off);
    }

    static void writeIntBe(byte[] b, int off, int v) {
        INT_BE.set(b, off, v);
    }

    static long readLongBe(byte[] b, int off) {
        return (long) LONG_BE.get(b, off);
    }

    static void writeLongBe(byte[] b, int off, long v) {
        LONG_BE.set(b, off, v);
    }

    /** Loads the 16 big-endian message words of the block at {@code b[off, off+64)} into {@code w[0, 16)}. */
    static void loadBlock(byte[] b, int off, int[] w) {
        for (int i = 0; i < 16; i++) {
            w[i] = readIntBe(b, off + 4 * i);
        }
    }

    /** Writes the 8 state words big-endian to {@code out[outOff, outOff+32)}. */
    static void storeDigest(int[] state, byte[] out, int outOff) {
        for (int i = 0; i < 8; i++) {
            writeIntBe(out, outOff + 4 * i, state[i]);
        }
    }

    /**
     * One SHA-256 compression: {@code state = state + F(state, w)}. {@code w} holds the 16 message words in
     * {@code w[0, 16)} and is a 64-word scratch array whose tail is overwritten with the message schedule.
     */
    static void compress(int[] state, int[] w) {
        for (int t = 16; t < 64; t++) {
            int x = w[t - 15];
            int y = w[t - 2];
            int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
            int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];
        int e = state[4];
        int f = state[5];
        int g = state[6];
        int h = state[7];
        int[] k = K;
        for (int t = 0; t < 64; t++) {
            int t1 = h
                    + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                    + (g ^ (e & (f ^ g)))
                    + k[t]
                    + w[t];
            int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                    + ((a & b) | (c & (a | b)));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
