package org.sovereignpool.config.descriptor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/** The hashes scripts are built from. Not on any hot path: a few per derived address. */
final class Hashes {
    private Hashes() {}

    static byte[] sha256(byte[]... parts) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** RIPEMD160(SHA256(data)): the hash in P2WPKH and P2SH outputs. */
    static byte[] hash160(byte[] data) {
        byte[] sha = sha256(data);
        RIPEMD160Digest ripemd = new RIPEMD160Digest();
        ripemd.update(sha, 0, sha.length);
        byte[] out = new byte[20];
        ripemd.doFinal(out, 0);
        return out;
    }

    /** BIP 340's tagged hash: SHA256(SHA256(tag) || SHA256(tag) || data). */
    static byte[] tagged(String tag, byte[] data) {
        byte[] tagHash = sha256(tag.getBytes(StandardCharsets.US_ASCII));
        return sha256(tagHash, tagHash, data);
    }
}
