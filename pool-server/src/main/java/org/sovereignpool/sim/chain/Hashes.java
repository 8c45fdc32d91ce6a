package org.sovereignpool.sim.chain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256d for the simulated chain (off the share path: a fresh digest per call is fine). */
final class Hashes {
    private Hashes() {}

    static byte[] doubleSha256(byte[] data) {
        return doubleSha256(data, 0, data.length);
    }

    static byte[] doubleSha256(byte[] data, int off, int len) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(data, off, len);
            return sha.digest(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
