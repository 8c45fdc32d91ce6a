package org.sovereignpool.share.model;

import java.math.BigInteger;

/** The header's {@code nBits}: a target in Bitcoin's compact floating-point encoding. */
public record CompactBits(int value) {

    public CompactBits {
        if ((value & 0x00800000) != 0) {
            throw new IllegalArgumentException("compact bits with the sign bit set: " + Hex.uint32(value));
        }
        if ((value & 0x007fffff) == 0) {
            throw new IllegalArgumentException("compact bits with a zero mantissa: " + Hex.uint32(value));
        }
        int exponent = value >>> 24;
        int mantissa = value & 0x007fffff;
        if (exponent > 34 || (exponent == 34 && mantissa > 0xff) || (exponent == 33 && mantissa > 0xffff)) {
            throw new IllegalArgumentException("compact bits overflow 256 bits: " + Hex.uint32(value));
        }
    }

    /** From the 8 hex digits of {@code getblocktemplate}'s "bits" and Stratum's nbits (big-endian). */
    public static CompactBits fromHex(String hex) {
        long v = hex.length() == 8 ? Hex.parseUint32(hex) : -1;
        if (v < 0) {
            throw new IllegalArgumentException("nbits must be 8 hex digits, got \"" + hex + "\"");
        }
        return new CompactBits((int) v);
    }

    public String toHex() {
        return Hex.uint32(value);
    }

    public Target toTarget() {
        int exponent = value >>> 24;
        BigInteger mantissa = BigInteger.valueOf(value & 0x007fffff);
        BigInteger t = exponent <= 3 ? mantissa.shiftRight(8 * (3 - exponent)) : mantissa.shiftLeft(8 * (exponent - 3));
        return Target.fromBigInteger(t);
    }

    public Difficulty difficulty() {
        return Difficulty.ofCompactBits(this);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
