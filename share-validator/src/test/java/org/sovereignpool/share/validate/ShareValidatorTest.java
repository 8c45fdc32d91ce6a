package org.sovereignpool.share.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.job.MerkleBranch;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.VersionMask;
import org.sovereignpool.share.testing.MessageDigestSha256;
import org.sovereignpool.share.testing.OracleHeader;

class ShareValidatorTest {
    private static final int NOW = 1_800_000_000;
    private static final Extranonce EN1 = Extranonce.fromHex("01abcdef");
    /** Far below any real share: almost every hash meets it. */
    private static final Difficulty ANYTHING_GOES = Difficulty.of(1e-12);
    /** Mainnet's difficulty-1 bits: no random share here is a block. */
    private static final CompactBits HARD = new CompactBits(0x1d00ffff);
    /** Regtest's bits: about half of all hashes are blocks. */
    private static final CompactBits REGTEST = new CompactBits(0x207fffff);

    private final ShareValidator validator = new ShareValidator(Sha256s.fastest());

    @Test
    void aDifficultyDecreaseLowersEveryJobAlreadySentAndAnIncreaseNone() {
        SessionWork work = session();
        Job first = job(1, HARD, 1, new Random(11));
        Job second = job(2, HARD, 1, new Random(12));
        JobSlot a = work.issue(first, Difficulty.of(1e9));
        JobSlot b = work.issue(second, Difficulty.of(4));
        ShareSubmission share = ShareSubmission.of(1, 8, NOW, 7);
        assertThat(validator.validate(work, a, false, share, NOW)).isEqualTo(ShareVerdict.LOW_DIFFICULTY);

        work.lowerDifficulty(ANYTHING_GOES);
        assertThat(a.difficulty()).isEqualTo(ANYTHING_GOES);
        assertThat(b.difficulty()).isEqualTo(ANYTHING_GOES);
        assertThat(validator.validate(work, a, false, share, NOW)).isEqualTo(ShareVerdict.ACCEPTED);
        assertThat(validator.validate(work, a, false, share, NOW))
                .as("the duplicates seen stay")
                .isEqualTo(ShareVerdict.DUPLICATE);

        work.lowerDifficulty(Difficulty.of(8)); // higher than what the jobs have now: nothing changes
        assertThat(a.difficulty()).isEqualTo(ANYTHING_GOES);
    }

    @Test
    void acceptedShareHashesTheHeaderTheRulesDescribe() {
        Job job = job(1, HARD, 3, new Random(1));
        SessionWork work = session();
        JobSlot slot = work.issue(job, ANYTHING_GOES);
        ShareSubmission share = ShareSubmission.of(0x0102030405060708L, 8, NOW, 0xdeadbeef);

        assertThat(validator.validate(work, slot, false, share, NOW)).isEqualTo(ShareVerdict.ACCEPTED);
        byte[] expected =
                OracleHeader.header(job, EN1.toBytes(), hex("0102030405060708"), NOW, 0xdeadbeef, job.version());
        assertThat(validator.copyHeader()).isEqualTo(expected);
        assertThat(validator.hash()).isEqualTo(OracleHeader.hash(expected));
    }

    @Test
    void sameShareTwiceIsADuplicateButAnotherNonceIsNot() {
        SessionWork work = session();
        JobSlot slot = work.issue(job(1, HARD, 2, new Random(2)), ANYTHING_GOES);
        ShareSubmission share = ShareSubmission.of(7, 8, NOW, 42);
        assertThat(validator.validate(work, slot, false, share, NOW)).isEqualTo(ShareVerdict.ACCEPTED);
        assertThat(validator.validate(work, slot, false, share, NOW)).isEqualTo(ShareVerdict.DUPLICATE);
        assertThat(validator.validate(work, slot, false, ShareSubmission.of(7, 8, NOW, 43), NOW))
                .isEqualTo(ShareVerdict.ACCEPTED);
        // a different rolled version is a different header, so not a duplicate
        work.versionMask(VersionMask.BIP320);
        assertThat(validator.validate(work, slot, false, share.withVersionBits(0x00002000), NOW))
                .isEqualTo(ShareVerdict.ACCEPTED);
        assertThat(validator.validate(work, slot, false, share.withVersionBits(0x00002000), NOW))
                .isEqualTo(ShareVerdict.DUPLICATE);
    }

    @Test
    void unknownAndStaleJobsAre21() {
        SessionWork work = session();
        JobSlot slot = work.issue(job(1, HARD, 0, new Random(3)), ANYTHING_GOES);
        ShareSubmission share = ShareSubmission.of(1, 8, NOW, 1);
        assertThat(validator.validate(work, work.find(999), false, share, NOW)).isEqualTo(ShareVerdict.JOB_NOT_FOUND);
        assertThat(validator.validate(work, slot, true, share, NOW)).isEqualTo(ShareVerdict.STALE);
        assertThat(ShareVerdict.STALE.stratumCode()).isEqualTo(21);
        assertThat(ShareVerdict.JOB_NOT_FOUND.stratumCode()).isEqualTo(21);
    }

    @Test
    void shareAboveTheTargetIsLowDifficulty() {
        SessionWork work = session();
        Job job = job(1, HARD, 1, new Random(4));
        JobSlot slot = work.issue(job, Difficulty.of(1e9));
        ShareSubmission share = ShareSubmission.of(1, 8, NOW, 12345);
        BigInteger value = OracleHeader.value(OracleHeader.hash(
                OracleHeader.header(job, EN1.toBytes(), hex("0000000000000001"), NOW, 12345, job.version())));
        assertThat(value).isGreaterThan(Difficulty.of(1e9).toTarget().toBigInteger());
        assertThat(validator.validate(work, slot, false, share, NOW)).isEqualTo(ShareVerdict.LOW_DIFFICULTY);
        assertThat(ShareVerdict.LOW_DIFFICULTY.stratumCode()).isEqualTo(23);
    }

    @Test
    void malformedFieldsAre20() {
        SessionWork work = session();
        Job job = job(1, HARD, 1, new Random(5));
        JobSlot slot = work.issue(job, ANYTHING_GOES);
        assertThat(validator.validate(work, slot, false, ShareSubmission.of(1, 4, NOW, 1), NOW))
                .isEqualTo(ShareVerdict.EXTRANONCE2_SIZE);
        assertThat(validator.validate(work, slot, false, ShareSubmission.of(1, 8, NOW + 7201, 1), NOW))
                .isEqualTo(ShareVerdict.NTIME_OUT_OF_RANGE);
        assertThat(validator.validate(work, slot, false, ShareSubmission.of(1, 8, NOW + 7200, 1), NOW))
                .isEqualTo(ShareVerdict.ACCEPTED);
        assertThat(validator.validate(work, slot, false, ShareSubmission.of(1, 8, job.minTime() - 1, 1), NOW))
                .isEqualTo(ShareVerdict.NTIME_OUT_OF_RANGE);
        // no version rolling negotiated: any rolled bit is outside the mask
        assertThat(validator.validate(
                        work, slot, false, ShareSubmission.of(2, 8, NOW, 1).withVersionBits(0x2000), NOW))
                .isEqualTo(ShareVerdict.VERSION_BITS_OUTSIDE_MASK);
        work.versionMask(VersionMask.BIP320);
        assertThat(validator.validate(
                        work, slot, false, ShareSubmission.of(2, 8, NOW, 1).withVersionBits(0x20000000), NOW))
                .isEqualTo(ShareVerdict.VERSION_BITS_OUTSIDE_MASK);
        for (ShareVerdict v : List.of(
                ShareVerdict.EXTRANONCE2_SIZE,
                ShareVerdict.NTIME_OUT_OF_RANGE,
                ShareVerdict.VERSION_BITS_OUTSIDE_MASK)) {
            assertThat(v.stratumCode()).isEqualTo(20);
        }
    }

    @Test
    void versionRollingReplacesOnlyTheMaskedBits() {
        SessionWork work = session();
        work.versionMask(VersionMask.BIP320.intersect(VersionMask.fromHex("ffffffff")));
        Job job = job(1, HARD, 2, new Random(6));
        JobSlot slot = work.issue(job, ANYTHING_GOES);
        ShareSubmission share = ShareSubmission.of(5, 8, NOW, 77).withVersionBits(0x1fffe000);
        assertThat(validator.validate(work, slot, false, share, NOW)).isEqualTo(ShareVerdict.ACCEPTED);
        int version = (job.version() & ~0x1fffe000) | 0x1fffe000;
        assertThat(validator.copyHeader())
                .isEqualTo(OracleHeader.header(job, EN1.toBytes(), hex("0000000000000005"), NOW, 77, version));
    }

    @Test
    void sharesAreJudgedAtTheDifficultyTheirJobWasSentWith() {
        SessionWork work = session();
        Random random = new Random(7);
        Job first = job(1, HARD, 1, random);
        JobSlot easy = work.issue(first, ANYTHING_GOES);
        Job second = job(2, HARD, 1, random);
        work.issue(second, Difficulty.of(1e9)); // vardiff raised the difficulty before the next job

        ShareSubmission share = ShareSubmission.of(9, 8, NOW, 9);
        assertThat(validator.validate(work, work.find(first.id()), false, share, NOW))
                .isEqualTo(ShareVerdict.ACCEPTED);
        assertThat(validator.validate(work, work.find(second.id()), false, share, NOW))
                .isEqualTo(ShareVerdict.LOW_DIFFICULTY);
        assertThat(easy.difficulty()).isEqualTo(ANYTHING_GOES);
    }

    @Test
    void aBlockIsReportedEvenWhenTheShareIsStaleOrADuplicate() {
        SessionWork work = session();
        Job job = job(1, REGTEST, 2, new Random(8));
        JobSlot slot = work.issue(job, Difficulty.ONE); // share target far harder than regtest's network target
        int nonce = findNonce(job, REGTEST.toTarget().toBigInteger());

        ShareSubmission share = ShareSubmission.of(3, 8, NOW, nonce);
        assertThat(validator.validate(work, slot, true, share, NOW)).isEqualTo(ShareVerdict.BLOCK);
        assertThat(validator.rejectBesidesBlock()).isEqualTo(ShareVerdict.STALE);

        JobSlot anyShare = work.issue(job(2, REGTEST, 2, new Random(8)), ANYTHING_GOES);
        assertThat(validator.validate(work, anyShare, false, share, NOW)).isEqualTo(ShareVerdict.BLOCK);
        assertThat(validator.rejectBesidesBlock()).isEqualTo(ShareVerdict.ACCEPTED);
        assertThat(validator.validate(work, anyShare, false, share, NOW)).isEqualTo(ShareVerdict.BLOCK);
        assertThat(validator.rejectBesidesBlock()).isEqualTo(ShareVerdict.DUPLICATE);
    }

    @Test
    void jobsFallOutOfTheSessionWindow() {
        SessionWork work = new SessionWork(EN1, 8, 3, 64, 2);
        Random random = new Random(9);
        List<Job> jobs = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            jobs.add(job(i, HARD, 0, random));
            work.issue(jobs.get(i - 1), ANYTHING_GOES);
        }
        assertThat(work.find(1)).isNull();
        assertThat(work.find(2).job()).isSameAs(jobs.get(1));
        assertThat(work.find(4).job()).isSameAs(jobs.get(3));
        work.clearJobs();
        assertThat(work.find(4)).isNull();
    }

    /** Slots are made as jobs arrive: a window not yet full finds what was issued and nothing else, then wraps. */
    @Test
    void aWindowNotYetFullFindsOnlyWhatWasIssued() {
        SessionWork work = new SessionWork(EN1, 8, 5, 64, 2);
        Random random = new Random(10);
        assertThat(work.find(1)).isNull();
        work.lowerDifficulty(Difficulty.of(2)); // nothing issued yet: nothing to lower
        work.clearJobs();
        List<Job> jobs = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            jobs.add(job(i, HARD, 0, random));
            work.issue(jobs.get(i - 1), Difficulty.of(8));
            for (int j = 1; j <= 8; j++) {
                if (j <= i && j > i - 5) {
                    assertThat(work.find(j).job())
                            .as("job %d after %d issued", j, i)
                            .isSameAs(jobs.get(j - 1));
                } else {
                    assertThat(work.find(j)).as("job %d after %d issued", j, i).isNull();
                }
            }
        }
        work.lowerDifficulty(Difficulty.of(2));
        assertThat(work.find(7).difficulty()).isEqualTo(Difficulty.of(2));
    }

    static Stream<Arguments> seedsAndHashes() {
        return LongStream.rangeClosed(11, 18)
                .boxed()
                .flatMap(seed -> Stream.of(Arguments.of(seed, "jdk"), Arguments.of(seed, "scalar")));
    }

    /** Seeded random jobs and shares: the fast path agrees with the oracle, cached or not, for each Sha256. */
    @ParameterizedTest
    @MethodSource("seedsAndHashes")
    void agreesWithTheOracleOnRandomJobsAndShares(long seed, String sha) {
        ShareValidator validator = new ShareValidator(sha.equals("jdk") ? Sha256s.jdk() : Sha256s.scalar());
        Random random = new Random(seed);
        int en2Size = random.nextBoolean() ? 4 : 8;
        Extranonce en1 = Extranonce.fromLong(random.nextLong(), 4);
        SessionWork work = new SessionWork(en1, en2Size);
        work.versionMask(VersionMask.BIP320);
        Job job = job(seed, random.nextBoolean() ? HARD : REGTEST, random.nextInt(13), random);
        Difficulty difficulty = Difficulty.of(Math.pow(2, -random.nextInt(12)) * 1e-9);
        JobSlot slot = work.issue(job, difficulty);
        ShareValidator cold = new ShareValidator(new MessageDigestSha256()); // the plain oracle
        long[] extranonce2s = {random.nextLong(), random.nextLong(), random.nextLong()};

        for (int i = 0; i < 60; i++) {
            long en2 = extranonce2s[random.nextInt(extranonce2s.length)] & (en2Size == 8 ? -1L : 0xffffffffL);
            int versionBits = random.nextInt() & 0x1fffe000;
            int ntime = job.ntime() + random.nextInt(600);
            ShareSubmission share =
                    ShareSubmission.of(en2, en2Size, ntime, random.nextInt()).withVersionBits(versionBits);
            ShareVerdict verdict = validator.validate(work, slot, false, share, NOW);

            byte[] en2Bytes = Extranonce.fromLong(en2, en2Size).toBytes();
            byte[] header = OracleHeader.header(
                    job, en1.toBytes(), en2Bytes, ntime, share.nonce(), (job.version() & ~0x1fffe000) | versionBits);
            Hash256 expected = OracleHeader.hash(header);
            assertThat(validator.hash()).isEqualTo(expected);
            BigInteger value = OracleHeader.value(expected);
            boolean block = value.compareTo(job.networkTarget().toBigInteger()) <= 0;
            boolean meets = value.compareTo(difficulty.toTarget().toBigInteger()) <= 0;
            ShareVerdict expectedVerdict =
                    block ? ShareVerdict.BLOCK : meets ? ShareVerdict.ACCEPTED : ShareVerdict.LOW_DIFFICULTY;
            assertThat(verdict).isEqualTo(expectedVerdict);

            // a validator and session that never saw this extranonce2 compute the same hash without the cache
            SessionWork fresh = new SessionWork(en1, en2Size);
            fresh.versionMask(VersionMask.BIP320);
            cold.validate(fresh, fresh.issue(job, difficulty), false, share, NOW);
            assertThat(cold.hash()).isEqualTo(expected);
        }
        assertThat(work.rootCache().hits()).isGreaterThan(0);
    }

    private static int findNonce(Job job, BigInteger target) {
        for (int nonce = 0; ; nonce++) {
            Hash256 hash = OracleHeader.hash(
                    OracleHeader.header(job, EN1.toBytes(), hex("0000000000000003"), NOW, nonce, job.version()));
            if (OracleHeader.value(hash).compareTo(target) <= 0) {
                return nonce;
            }
        }
    }

    private static SessionWork session() {
        return new SessionWork(EN1, 8);
    }

    static Job job(long id, CompactBits bits, int branchDepth, Random random) {
        List<Hash256> txids = new ArrayList<>();
        int txCount = branchDepth == 0 ? 0 : (1 << (branchDepth - 1)) + random.nextInt(1 << (branchDepth - 1));
        for (int i = 0; i < txCount; i++) {
            txids.add(Hash256.fromInternalBytes(bytes(random, 32)));
        }
        return Job.builder()
                .id(id)
                .height(100 + (int) id)
                .prevHash(Hash256.fromInternalBytes(bytes(random, 32)))
                .coinbase1(bytes(random, 42 + random.nextInt(60)))
                .coinbase2(bytes(random, 20 + random.nextInt(120)))
                .merkleBranch(MerkleBranch.fromTxids(txids))
                .version(0x20000000 | (random.nextInt() & 0x1fff))
                .bits(bits)
                .ntime(NOW - 100)
                .minTime(NOW - 1000)
                .build();
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] hex(String hex) {
        return org.sovereignpool.share.model.Hex.decode(hex);
    }
}
