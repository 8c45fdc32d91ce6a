package org.sovereignpool.stratum.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.sovereignpool.share.hash.Sha256;

/** The JDK's MessageDigest used plainly: an obviously correct Sha256 for tests. */
public final class MessageDigestSha256 implements Sha256 {
    private final MessageDigest md;

    public MessageDigestSha256() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "test-jdk";
    }

    @Override
    public void hash(byte[] in, int off, int len, byte[] out, int outOff) {
        md.update(in, off, len);
        System.arraycopy(md.digest(), 0, out, outOff, 32);
    }

    @Override
    public void doubleHash(byte[] in, int off, int len, byte[] out, int outOff) {
        md.update(in, off, len);
        byte[] first = md.digest();
        System.arraycopy(md.digest(first), 0, out, outOff, 32);
    }
}
