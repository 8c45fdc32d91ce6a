package org.sovereignpool.share.validate;

import org.sovereignpool.share.model.Hex;

/**
 * The miner-chosen fields of one {@code mining.submit}, decoded: extranonce2 (its bytes big-endian in a long, with
 * the size the miner sent), ntime, nonce, and the rolled version bits when the miner sent them. All primitives,
 * so a submission costs no more than its own small object.
 */
public record ShareSubmission(
        long extranonce2, int extranonce2Size, int ntime, int nonce, int versionBits, boolean hasVersionBits) {

    public ShareSubmission {
        if (extranonce2Size < 1 || extranonce2Size > 8) {
            throw new IllegalArgumentException("extranonce2 is 1..8 bytes, got " + extranonce2Size);
        }
    }

    public static ShareSubmission of(long extranonce2, int extranonce2Size, int ntime, int nonce) {
        return new ShareSubmission(extranonce2, extranonce2Size, ntime, nonce, 0, false);
    }

    public ShareSubmission withVersionBits(int bits) {
        return new ShareSubmission(extranonce2, extranonce2Size, ntime, nonce, bits, true);
    }

    /**
     * Decodes the Stratum hex fields ({@code extranonce2}, {@code ntime}, {@code nonce}, optional
     * {@code version_bits}; the last may be null). Throws IllegalArgumentException naming the bad field.
     */
    public static ShareSubmission fromStratum(
            String extranonce2Hex, String ntimeHex, String nonceHex, String versionBitsHex) {
        int en2Len = extranonce2Hex.length();
        if (en2Len == 0 || en2Len > 16 || (en2Len & 1) != 0) {
            throw new IllegalArgumentException(
                    "extranonce2 must be 2..16 hex digits, even, got \"" + extranonce2Hex + "\"");
        }
        long en2 = 0;
        for (int i = 0; i < en2Len; i++) {
            int d = Hex.digit(extranonce2Hex.charAt(i));
            if (d < 0) {
                throw new IllegalArgumentException("extranonce2 is not hex: \"" + extranonce2Hex + "\"");
            }
            en2 = (en2 << 4) | d;
        }
        int ntime = uint32("ntime", ntimeHex);
        int nonce = uint32("nonce", nonceHex);
        if (versionBitsHex == null) {
            return new ShareSubmission(en2, en2Len / 2, ntime, nonce, 0, false);
        }
        long bits = Hex.parseUint32(versionBitsHex);
        if (bits < 0) {
            throw new IllegalArgumentException("version_bits must be 1..8 hex digits, got \"" + versionBitsHex + "\"");
        }
        return new ShareSubmission(en2, en2Len / 2, ntime, nonce, (int) bits, true);
    }

    private static int uint32(String field, String hex) {
        long v = hex.length() == 8 ? Hex.parseUint32(hex) : -1;
        if (v < 0) {
            throw new IllegalArgumentException(field + " must be 8 hex digits, got \"" + hex + "\"");
        }
        return (int) v;
    }
}
