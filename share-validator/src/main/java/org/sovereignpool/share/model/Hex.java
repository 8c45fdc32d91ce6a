package org.sovereignpool.share.model;

/** Hex encoding without allocation beyond the result; strict decoding with messages that say what is wrong. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    public static String encode(byte[] bytes, int off, int len) {
        char[] out = new char[len * 2];
        for (int i = 0; i < len; i++) {
            int b = bytes[off + i] & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0x0f];
        }
        return new String(out);
    }

    /** Decodes lower- or upper-case hex of even length. */
    public static byte[] decode(CharSequence hex) {
        int len = hex.length();
        if ((len & 1) != 0) {
            throw new IllegalArgumentException("hex must have an even number of digits, got " + len);
        }
        byte[] out = new byte[len / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((digit(hex, 2 * i) << 4) | digit(hex, 2 * i + 1));
        }
        return out;
    }

    /** Decodes exactly {@code expectedBytes} bytes of hex, naming {@code what} in the error. */
    public static byte[] decode(CharSequence hex, int expectedBytes, String what) {
        if (hex.length() != expectedBytes * 2) {
            throw new IllegalArgumentException(
                    what + " must be " + expectedBytes * 2 + " hex digits, got " + hex.length());
        }
        return decode(hex);
    }

    /**
     * Parses 1..8 hex digits as an unsigned big-endian 32-bit value, the way Stratum encodes version, nbits,
     * ntime and nonce. Returns the value as a long in 0..2^32-1, or -1 when the text is not such hex.
     */
    public static long parseUint32(CharSequence hex) {
        int len = hex.length();
        if (len == 0 || len > 8) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < len; i++) {
            int d = digit(hex.charAt(i));
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** Big-endian hex of a uint32, always 8 digits (Stratum's encoding of version, nbits, ntime). */
    public static String uint32(int value) {
        char[] out = new char[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = DIGITS[value & 0xf];
            value >>>= 4;
        }
        return new String(out);
    }

    /**
     * The value of an ASCII hex digit ({@code 0-9a-fA-F}), or -1. Not {@link Character#digit}, which also takes
     * other scripts' digits (e.g. Arabic-Indic) and full-width letters.
     */
    public static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int digit(CharSequence hex, int index) {
        int d = digit(hex.charAt(index));
        if (d < 0) {
            throw new IllegalArgumentException(
                    "not a hex digit at position " + index + ": '" + hex.charAt(index) + "'");
        }
        return d;
    }
}
