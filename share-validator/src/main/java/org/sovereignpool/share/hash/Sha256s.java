package org.sovereignpool.share.hash;

import java.util.Optional;

/**
 * Where {@link Sha256} implementations come from. Each call returns a new instance (they are not
 * thread-safe): take one per thread.
 *
 * <p>The Vector API ({@code jdk.incubator.vector}) is an incubator module that the JVM resolves only when
 * asked ({@code --add-modules jdk.incubator.vector}). This class checks for it in the boot layer before
 * anything touches {@link VectorSha256}, so without the module {@link #vectorBatch()} is empty and
 * everything else works.
 */
public final class Sha256s {

    private static final boolean VECTOR_AVAILABLE =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Sha256s() {}

    /** The JDK's {@code MessageDigest} (SHA-NI intrinsic where the CPU has it); 3 compressions per header. */
    public static Sha256 jdk() {
        return new JdkSha256();
    }

    /** Plain Java SHA-256 with a cached header midstate; 2 compressions per nonce-rolled header. */
    public static Sha256 scalar() {
        return new ScalarSha256();
    }

    /** Whether the Vector API module is present in this JVM, so that {@link #vectorBatch()} is not empty. */
    public static boolean vectorAvailable() {
        return VECTOR_AVAILABLE;
    }

    /** The batched SIMD header hasher, or empty when {@code jdk.incubator.vector} is absent. */
    public static Optional<BatchHeaderHasher> vectorBatch() {
        return Optional.ofNullable(vectorBatchOrNull());
    }

    /** The batched SIMD header hasher, or {@code null} when {@code jdk.incubator.vector} is absent. */
    public static BatchHeaderHasher vectorBatchOrNull() {
        return VECTOR_AVAILABLE ? VectorLoader.create() : null;
    }

    /**
     * The fastest implementation for one header at a time (the share path validates shares one by one):
     * the JDK intrinsic.
     *
     * <p>Sha256Benchmark, JDK 25.0.3, AMD EPYC (Zen 4, SHA-NI, AVX-512), one thread, 2026-11-24, ns per
     * header double SHA-256 (see share-validator/BENCHMARKS-hash.md): jdk 163 (midstate impossible without
     * allocating), scalar 558 with the midstate reused and 825 without. The vector batch reaches 67 (shared
     * midstate) and 86 (all different) per header, but only for batches of {@link BatchHeaderHasher#lanes()}
     * headers; its single-header calls are the scalar code, so it is never the answer here.
     */
    public static Sha256 fastest() {
        return jdk();
    }

    /** Loaded only after the module check, so that nothing resolves {@code jdk.incubator.vector} early. */
    private static final class VectorLoader {
        static BatchHeaderHasher create() {
            return new VectorSha256();
        }
    }
}
