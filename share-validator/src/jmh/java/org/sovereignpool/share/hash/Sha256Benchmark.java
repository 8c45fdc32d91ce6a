package org.sovereignpool.share.hash;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Double SHA-256 of 80-byte block headers, one figure per header for every implementation, so that the
 * ratios compare directly.
 *
 * <ul>
 *   <li>{@code *NonceRolling}: every header has the same first 64 bytes and a new nonce (what an ASIC sends
 *       for one job): the midstate is reused where the implementation can.
 *   <li>{@code *AllDifferent}: headers cycle through 4096 random headers (first 64 bytes differ every time).
 *   <li>{@code vector*}: {@value #BATCH} headers per invocation in {@code BATCH / lanes} batch calls;
 *       {@code @OperationsPerInvocation(BATCH)} makes the figure per header.
 * </ul>
 *
 * <p>Run: {@code ./mvnw -q -pl share-validator -Pjmh test-compile exec:exec -Djmh.args="Sha256Benchmark -f 1
 * -wi 3 -w 2s -i 5 -r 2s -t 1"} (add {@code -prof gc} for allocation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class Sha256Benchmark {

    static final int BATCH = 16;
    private static final int DISTINCT = 4096;

    private final Sha256 jdk = Sha256s.jdk();
    private final Sha256 scalar = Sha256s.scalar();
    private BatchHeaderHasher vector;
    private int lanes;

    /** One header whose nonce rolls. */
    private final byte[] header = new byte[80];
    /** {@link #BATCH} headers sharing their first 64 bytes; nonces roll. */
    private final byte[] rollingBatch = new byte[80 * BATCH];
    /** {@link #DISTINCT} random headers. */
    private final byte[] distinct = new byte[80 * DISTINCT];

    private final byte[] out = new byte[32 * BATCH];
    private final byte[] first = new byte[32];
    private MessageDigest jdkMidstate;
    private MessageDigest jdkSecond;
    private int nonce;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
        vector = Sha256s.vectorBatch()
                .orElseThrow(() -> new IllegalStateException("run with --add-modules jdk.incubator.vector"));
        lanes = vector.lanes();
        if (BATCH % lanes != 0) {
            throw new IllegalStateException(BATCH + " headers per invocation is not a multiple of " + lanes);
        }
        Random random = new Random(2026);
        random.nextBytes(header);
        random.nextBytes(rollingBatch);
        for (int i = 1; i < BATCH; i++) {
            System.arraycopy(rollingBatch, 0, rollingBatch, 80 * i, 64);
        }
        random.nextBytes(distinct);
        jdkMidstate = MessageDigest.getInstance("SHA-256");
        jdkMidstate.update(header, 0, 64);
        jdkSecond = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public byte[] jdkNonceRolling() {
        Sha256Core.writeIntBe(header, 76, nonce++);
        jdk.doubleHashHeader(header, 0, out, 0);
        return out;
    }

    @Benchmark
    public byte[] jdkAllDifferent() {
        int i = next++ & (DISTINCT - 1);
        jdk.doubleHashHeader(distinct, 80 * i, out, 0);
        return out;
    }

    /**
     * Not an implementation: what a midstate costs through the public {@code MessageDigest} API, which can
     * only resume from a saved state by {@code clone()} (an allocation per header).
     */
    @Benchmark
    public byte[] jdkCloneMidstateNonceRolling() throws CloneNotSupportedException, DigestException {
        Sha256Core.writeIntBe(header, 76, nonce++);
        MessageDigest md = (MessageDigest) jdkMidstate.clone();
        md.update(header, 64, 16);
        md.digest(first, 0, 32);
        jdkSecond.update(first, 0, 32);
        jdkSecond.digest(out, 0, 32);
        return out;
    }

    @Benchmark
    public byte[] scalarNonceRolling() {
        Sha256Core.writeIntBe(header, 76, nonce++);
        scalar.doubleHashHeader(header, 0, out, 0);
        return out;
    }

    @Benchmark
    public byte[] scalarAllDifferent() {
        int i = next++ & (DISTINCT - 1);
        scalar.doubleHashHeader(distinct, 80 * i, out, 0);
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] vectorBatchNonceRolling() {
        byte[] headers = rollingBatch;
        for (int i = 0; i < BATCH; i++) {
            Sha256Core.writeIntBe(headers, 80 * i + 76, nonce++);
        }
        for (int i = 0; i < BATCH; i += lanes) {
            vector.doubleHashHeaders(headers, 80 * i, lanes, out, 32 * i);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] vectorBatchAllDifferent() {
        int first = (next += BATCH) & (DISTINCT - 1);
        for (int i = 0; i < BATCH; i += lanes) {
            vector.doubleHashHeaders(distinct, 80 * (first + i), lanes, out, 32 * i);
        }
        return out;
    }
}
