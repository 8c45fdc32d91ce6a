package org.sovereignpool.share.hash;

/**
 * Where {@link Sha256} implementations come from. Each call returns a new instance (they are not
 * thread-safe): take one per thread.
 */
public final class Sha256s {

    private Sha256s() {}

    /** The JDK's {@code MessageDigest} (SHA-NI intrinsic where the CPU has it); 3 compressions per header. */
    public static Sha256 jdk() {
        return new JdkSha256();
    }

    /** Plain Java SHA-256 with a cached header midstate; 2 compressions per nonce-rolled header. */
    public static Sha256 scalar() {
        return new ScalarSha256();
    }

    /**
     * The fastest implementation for one header at a time (the share path validates shares one by one).
     * Until the benchmark says otherwise: the JDK intrinsic.
     */
    public static Sha256 fastest() {
        return jdk();
    }
}
