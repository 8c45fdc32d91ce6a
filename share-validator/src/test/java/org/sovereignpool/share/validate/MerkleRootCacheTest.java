package org.sovereignpool.share.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.CompactBits;

/** The per-session root cache, which allocates its entries at the first store (an idle session holds none). */
class MerkleRootCacheTest {
    private static final CompactBits BITS = new CompactBits(0x207fffff);

    @Test
    void beforeAnyStoreEveryLookupMissesAndForgetIsHarmless() {
        Job job = ShareValidatorTest.job(1, BITS, 2, new Random(1));
        MerkleRootCache cache = new MerkleRootCache(4);
        cache.forget(job);
        assertThat(cache.lookup(job, 7, 4, new byte[32], 0)).isFalse();
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isZero();
    }

    @Test
    void storedRootsAreFoundUntilReplacedRoundRobinOrForgotten() {
        Random random = new Random(2);
        Job a = ShareValidatorTest.job(1, BITS, 2, random);
        Job b = ShareValidatorTest.job(2, BITS, 2, random);
        MerkleRootCache cache = new MerkleRootCache(2);
        byte[] root = new byte[40];
        random.nextBytes(root);
        cache.store(a, 7, 4, root, 8);
        byte[] out = new byte[32];
        assertThat(cache.lookup(a, 7, 4, out, 0)).isTrue();
        assertThat(out).isEqualTo(Arrays.copyOfRange(root, 8, 40));
        assertThat(cache.lookup(a, 7, 8, out, 0)).as("another extranonce2 size").isFalse();
        cache.store(b, 7, 4, root, 0);
        cache.store(b, 8, 4, root, 0); // replaces a's entry
        assertThat(cache.lookup(a, 7, 4, out, 0)).isFalse();
        cache.forget(b);
        assertThat(cache.lookup(b, 8, 4, out, 0)).isFalse();
        assertThat(cache.hits()).isEqualTo(1);
    }
}
