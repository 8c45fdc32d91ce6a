package org.sovereignpool.config.descriptor;

import java.math.BigInteger;
import java.util.Arrays;
import org.bitcoinj.crypto.ECKey;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The key-path-only taproot output key of BIP 341 / BIP 86: {@code Q = lift_x(P) + int(hash_TapTweak(x(P)))·G},
 * whose x coordinate is the 32-byte program of a P2TR output. bitcoinj 0.17 has P2TR addresses but not this tweak.
 */
final class Taproot {
    private static final ECDomainParameters CURVE = ECKey.ecDomainParameters();

    private Taproot() {}

    /**
     * The output key for the internal key with x coordinate {@code internalX}. {@code lift_x} takes the point with
     * the even y coordinate, which is what BIP 340 means by an x-only key: a derived key with an odd y is negated.
     *
     * @throws IllegalArgumentException if {@code internalX} is not the x coordinate of a curve point, or in the
     *     (probability about 2^-128) cases BIP 341 calls invalid: a tweak at least the group order, or Q at infinity
     */
    static byte[] outputKey(byte[] internalX) {
        if (internalX.length != 32) {
            throw new IllegalArgumentException("an x-only key has 32 bytes, got " + internalX.length);
        }
        byte[] even = new byte[33];
        even[0] = 0x02;
        System.arraycopy(internalX, 0, even, 1, 32);
        ECPoint p = CURVE.getCurve().decodePoint(even); // throws IllegalArgumentException when x is not on the curve
        BigInteger t = new BigInteger(1, Hashes.tagged("TapTweak", internalX));
        if (t.compareTo(CURVE.getN()) >= 0) {
            throw new IllegalArgumentException("taproot tweak is not below the group order");
        }
        ECPoint q = ECKey.publicPointFromPrivate(t).add(p).normalize();
        if (q.isInfinity()) {
            throw new IllegalArgumentException("taproot output key is the point at infinity");
        }
        return q.getAffineXCoord().getEncoded();
    }

    /** The x coordinate of a compressed public key (33 bytes, 02/03 prefix). */
    static byte[] xOnly(byte[] compressed) {
        return Arrays.copyOfRange(compressed, 1, 33);
    }
}
