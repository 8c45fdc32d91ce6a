package org.sovereignpool.share.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteOrder;

/**
 * A 256-bit unsigned proof-of-work target: a hash meets it when the hash, read as a little-endian number, is
 * at most the target. Held as four unsigned longs so the share path compares without BigInteger.
 */
public final class Target {
    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final BigInteger MAX_VALUE = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    /** The target of difficulty 1: 0x00000000FFFF0000...0000 (= 0xFFFF &lt;&lt; 208), bits {@code 1d00ffff}. */
    public static final BigInteger DIFF1 = BigInteger.valueOf(0xFFFF).shiftLeft(208);

    public static final Target MAX = fromBigInteger(MAX_VALUE);

    // w3 is the most significant 64 bits.
    private final long w3;
    private final long w2;
    private final long w1;
    private final long w0;

    private Target(long w3, long w2, long w1, long w0) {
        this.w3 = w3;
        this.w2 = w2;
        this.w1 = w1;
        this.w0 = w0;
    }

    public static Target fromBigInteger(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(MAX_VALUE) > 0) {
            throw new IllegalArgumentException("a target is 0..2^256-1, got " + value.toString(16));
        }
        return new Target(
                value.shiftRight(192).longValue(),
                value.shiftRight(128).longValue(),
                value.shiftRight(64).longValue(),
                value.longValue());
    }

    /** The target for a pool difficulty: floor(diff1 / difficulty), capped at 2^256-1. */
    public static Target fromDifficulty(Difficulty difficulty) {
        BigInteger t = new BigDecimal(DIFF1)
                .divide(new BigDecimal(difficulty.value()), 0, RoundingMode.FLOOR)
                .toBigIntegerExact();
        return fromBigInteger(t.min(MAX_VALUE));
    }

    public BigInteger toBigInteger() {
        BigInteger v = BigInteger.ZERO;
        for (long w : new long[] {w3, w2, w1, w0}) {
            v = v.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(w)));
        }
        return v;
    }

    /** Whether the 32-byte hash at {@code hash[off..]}, read little-endian, is at most this target. */
    public boolean isMetBy(byte[] hash, int off) {
        int c = Long.compareUnsigned((long) LE_LONG.get(hash, off + 24), w3);
        if (c != 0) {
            return c < 0;
        }
        c = Long.compareUnsigned((long) LE_LONG.get(hash, off + 16), w2);
        if (c != 0) {
            return c < 0;
        }
        c = Long.compareUnsigned((long) LE_LONG.get(hash, off + 8), w1);
        if (c != 0) {
            return c < 0;
        }
        return Long.compareUnsigned((long) LE_LONG.get(hash, off), w0) <= 0;
    }

    /** Whether this target is at least as easy as (numerically not below) {@code other}. */
    public boolean isEasierOrEqual(Target other) {
        return compareTo(other) >= 0;
    }

    private int compareTo(Target o) {
        int c = Long.compareUnsigned(w3, o.w3);
        if (c == 0) c = Long.compareUnsigned(w2, o.w2);
        if (c == 0) c = Long.compareUnsigned(w1, o.w1);
        if (c == 0) c = Long.compareUnsigned(w0, o.w0);
        return c;
    }

    /** 64 hex digits, most significant first, as Bitcoin Core's {@code getblockheader} "target" field. */
    public String toHex() {
        return String.format("%016x%016x%016x%016x", w3, w2, w1, w0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && t.w3 == w3 && t.w2 == w2 && t.w1 == w1 && t.w0 == w0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(w3) * 31 * 31 * 31
                + Long.hashCode(w2) * 31 * 31
                + Long.hashCode(w1) * 31
                + Long.hashCode(w0);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
