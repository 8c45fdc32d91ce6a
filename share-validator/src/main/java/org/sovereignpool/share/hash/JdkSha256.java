package org.sovereignpool.share.hash;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * SHA-256 through the JDK's {@link MessageDigest} ("SHA-256" of the SUN provider), which HotSpot compiles
 * to the SHA-NI / AVX2 intrinsic where the CPU has it. One digest instance is reused and results go through
 * {@code digest(buf, off, len)} into scratch, so nothing is allocated once warm.
 *
 * <p>{@code MessageDigest} cannot start from a midstate without {@code clone()} (an allocation), so a
 * header costs 3 compressions here. Not thread-safe: one instance per thread.
 */
public final class JdkSha256 implements Sha256 {

    private final MessageDigest md;
    private final byte[] first = new byte[32];

    public JdkSha256() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public void hash(byte[] in, int off, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, 32, out.length);
        md.update(in, off, len);
        finish(out, outOff);
    }

    @Override
    public void doubleHash(byte[] in, int off, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, 32, out.length);
        md.update(in, off, len);
        finish(first, 0);
        md.update(first, 0, 32);
        finish(out, outOff);
    }

    @Override
    public void doubleHashHeader(byte[] header, int off, byte[] out, int outOff) {
        doubleHash(header, off, 80, out, outOff);
    }

    private void finish(byte[] out, int outOff) {
        try {
            md.digest(out, outOff, 32);
        } catch (DigestException e) {
            // cannot happen: the callers checked that out has 32 bytes at outOff
            throw new IllegalStateException(e);
        }
    }
}
