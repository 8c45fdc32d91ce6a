package org.sovereignpool.share.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.sovereignpool.share.hash.Sha256;

/** An obviously-correct oracle: the JDK's MessageDigest, used plainly. For tests only. */
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
        return "oracle";
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

    public static byte[] doubleSha(byte[] data) {
        byte[] out = new byte[32];
        new MessageDigestSha256().doubleHash(data, 0, data.length, out, 0);
        return out;
    }
}
