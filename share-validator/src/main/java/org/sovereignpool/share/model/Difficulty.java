package org.sovereignpool.share.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteOrder;

/**
 * A share or network difficulty: diff1 target / target. Fractional values are legal (regtest and test pools
 * use difficulties far below 1, e.g. 0.0001), so it is a double, validated finite and positive.
 */
public record Difficulty(double value) implements Comparable<Difficulty> {
    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final double TWO_64 = 0x1p64;
    private static final double DIFF1 = 0xFFFFp208;

    public static final Difficulty ONE = new Difficulty(1.0);

    public Difficulty {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("difficulty must be a finite number > 0, got " + value);
        }
    }

    public static Difficulty of(double value) {
        return new Difficulty(value);
    }

    /**
     * The difficulty Bitcoin Core reports for compact bits ({@code GetDifficulty} in rpc/blockchain.cpp): the same
     * floating-point steps, so the figures match {@code getblockheader} exactly.
     */
    public static Difficulty ofCompactBits(CompactBits bits) {
        int shift = (bits.value() >>> 24) & 0xff;
        double diff = (double) 0x0000ffff / (double) (bits.value() & 0x00ffffff);
        while (shift < 29) {
            diff *= 256.0;
            shift++;
        }
        while (shift > 29) {
            diff /= 256.0;
            shift--;
        }
        return new Difficulty(diff);
    }

    public static Difficulty ofTarget(Target target) {
        return new Difficulty(new BigDecimal(Target.DIFF1)
                .divide(new BigDecimal(target.toBigInteger()), MathContext.DECIMAL64)
                .doubleValue());
    }

    /**
     * The difficulty a hash actually achieved (diff1 / hash), for statistics such as the best share. Approximate
     * (double precision) and allocation-free; never used to accept or reject a share.
     */
    public static double achievedBy(byte[] hash, int off) {
        double v = 0;
        for (int i = 24; i >= 0; i -= 8) {
            long limb = (long) LE_LONG.get(hash, off + i);
            v = v * TWO_64 + unsignedToDouble(limb);
        }
        return v == 0 ? Double.MAX_VALUE : DIFF1 / v;
    }

    public Target toTarget() {
        return Target.fromDifficulty(this);
    }

    /** Whether this is a whole number: some ASIC firmware truncates fractional difficulties. */
    public boolean isWhole() {
        return value == Math.rint(value);
    }

    @Override
    public int compareTo(Difficulty o) {
        return Double.compare(value, o.value);
    }

    private static double unsignedToDouble(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }

    @Override
    public String toString() {
        return isWhole() && value < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
