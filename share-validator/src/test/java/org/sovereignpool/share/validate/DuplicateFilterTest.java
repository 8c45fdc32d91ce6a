package org.sovereignpool.share.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DuplicateFilterTest {

    /** Against a model: every key among the last maxEntries is caught, and memory stays bounded. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void catchesRecentDuplicatesWithinBoundedMemory(long seed) {
        Random random = new Random(seed);
        int max = 64;
        DuplicateFilter filter = new DuplicateFilter(max);
        ArrayDeque<long[]> recent = new ArrayDeque<>();
        Set<String> everAdded = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            boolean repeat = !recent.isEmpty() && random.nextInt(3) == 0;
            long[] key = repeat
                    ? recent.toArray(new long[0][])[random.nextInt(recent.size())]
                    : new long[] {random.nextLong(), random.nextLong()};
            boolean fresh = filter.add(key[0], key[1]);
            if (repeat) {
                assertThat(fresh)
                        .as("a key among the last %d must be a duplicate", max)
                        .isFalse();
            } else {
                assertThat(fresh).isEqualTo(everAdded.add(key[0] + ":" + key[1]));
                recent.addLast(key);
                if (recent.size() > max) {
                    recent.removeFirst();
                }
            }
            assertThat(filter.size()).isLessThanOrEqualTo(2 * max);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 100})
    void clearForgetsAndZeroKeysWork(int max) {
        DuplicateFilter filter = new DuplicateFilter(max);
        assertThat(filter.add(0, 0)).isTrue();
        assertThat(filter.add(0, 0)).isFalse();
        assertThat(filter.add(5, 6)).isTrue();
        filter.clear();
        assertThat(filter.size()).isZero();
        assertThat(filter.contains(5, 6)).isFalse();
        assertThat(filter.add(5, 6)).isTrue();
    }
}
