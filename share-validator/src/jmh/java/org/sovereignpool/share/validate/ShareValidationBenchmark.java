package org.sovereignpool.share.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sovereignpool.share.hash.Sha256;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.job.MerkleBranch;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.VersionMask;

/**
 * Whole share checks as a miner's submit reaches them: a mainnet-shaped job (12-level merkle branch, ~200-byte
 * coinbase, mainnet bits so no share is a block), a session with version rolling, shares that meet the session's
 * target (so each one also enters the duplicate filter).
 *
 * <ul>
 *   <li>{@code uncached}: every share has a new extranonce2, so the coinbase, its txid and the whole branch are
 *       hashed (2 + 4 + 12 x 3 compressions, then the header);
 *   <li>{@code cached}: the extranonce2 stays while nonce and version roll, as ASICs do: the merkle root comes from
 *       the session cache and only the header is hashed.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ShareValidationBenchmark {
    private static final int NOW = 1_800_000_000;
    private static final int SHARES = 1 << 16; // more than the duplicate filter remembers: no verdict is DUPLICATE

    @Param({"jdk", "scalar"})
    public String sha;

    private ShareValidator validator;
    private SessionWork work;
    private JobSlot slot;
    private ShareSubmission[] newExtranonce2;
    private ShareSubmission[] sameExtranonce2;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Sha256 impl = switch (sha) {
            case "jdk" -> Sha256s.jdk();
            case "scalar" -> Sha256s.scalar();
            default -> throw new IllegalArgumentException(sha);
        };
        Random random = new Random(42);
        List<Hash256> txids = new ArrayList<>();
        for (int i = 0; i < 3000; i++) { // 3000 transactions: a 12-level branch, like a full mainnet block
            txids.add(Hash256.fromInternalBytes(bytes(random, 32)));
        }
        MerkleBranch branch = MerkleBranch.fromTxids(txids);
        if (branch.depth() != 12) {
            throw new IllegalStateException("expected a 12-level branch, got " + branch.depth());
        }
        Job job = Job.builder()
                .id(1)
                .prevHash(Hash256.fromInternalBytes(bytes(random, 32)))
                .coinbase1(bytes(random, 62)) // version, input, height, tag up to the extranonce slot
                .coinbase2(bytes(random, 130)) // sequence, treasury output, witness commitment, locktime
                .merkleBranch(branch)
                .version(0x20000000)
                .bits(new CompactBits(0x17034219)) // a 2025 mainnet target: no share here is a block
                .ntime(NOW)
                .build();
        work = new SessionWork(Extranonce.fromHex("01000001"), 8);
        work.versionMask(VersionMask.BIP320);
        slot = work.issue(job, Difficulty.of(1e-12)); // every hash meets it: each share is accepted
        validator = new ShareValidator(impl);
        newExtranonce2 = new ShareSubmission[SHARES];
        sameExtranonce2 = new ShareSubmission[SHARES];
        for (int i = 0; i < SHARES; i++) {
            int versionBits = (random.nextInt() & 0x1fffe000);
            newExtranonce2[i] = new ShareSubmission(i, 8, NOW, random.nextInt(), versionBits, true);
            sameExtranonce2[i] = new ShareSubmission(7, 8, NOW, random.nextInt(), versionBits, true);
        }
    }

    @Benchmark
    public ShareVerdict uncached() {
        next = (next + 1) & (SHARES - 1);
        return validator.validate(work, slot, false, newExtranonce2[next], NOW);
    }

    @Benchmark
    public ShareVerdict cached() {
        next = (next + 1) & (SHARES - 1);
        return validator.validate(work, slot, false, sameExtranonce2[next], NOW);
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
