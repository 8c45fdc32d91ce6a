package org.sovereignpool.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PendingSubmitsTest {

    @Test
    void repliesInOrderGiveBackTheirTimes() {
        PendingSubmits p = new PendingSubmits(3, 4);
        assertThat(p.add(100)).isEqualTo(3);
        assertThat(p.add(200)).isEqualTo(4);
        assertThat(p.outstanding()).isEqualTo(2);
        assertThat(p.remove(3)).isEqualTo(100);
        assertThat(p.remove(4)).isEqualTo(200);
        assertThat(p.outstanding()).isZero();
    }

    @Test
    void unknownAndRepeatedIdsAreNotPending() {
        PendingSubmits p = new PendingSubmits(3, 4);
        p.add(100);
        assertThat(p.remove(2)).isEqualTo(PendingSubmits.NONE); // below the first id (the handshake's)
        assertThat(p.remove(4)).isEqualTo(PendingSubmits.NONE); // not issued yet
        assertThat(p.remove(3)).isEqualTo(100);
        assertThat(p.remove(3)).isEqualTo(PendingSubmits.NONE); // answered twice
        assertThat(p.remove(-7)).isEqualTo(PendingSubmits.NONE);
    }

    @Test
    void growsPastItsCapacityWithRepliesOutOfOrder() {
        PendingSubmits p = new PendingSubmits(1, 2);
        for (long t = 0; t < 100; t++) {
            p.add(t * 10);
        }
        assertThat(p.remove(50)).isEqualTo(490);
        assertThat(p.remove(1)).isEqualTo(0);
        for (long t = 100; t < 300; t++) {
            p.add(t * 10);
        }
        assertThat(p.outstanding()).isEqualTo(298);
        assertThat(p.remove(2)).isEqualTo(10);
        assertThat(p.remove(300)).isEqualTo(2990);
        assertThat(p.remove(50)).isEqualTo(PendingSubmits.NONE);
    }

    @Test
    void expiresTheOldestUpToTheCutoffSkippingAnsweredOnes() {
        PendingSubmits p = new PendingSubmits(3, 8);
        p.add(10); // 3
        p.add(20); // 4
        p.add(30); // 5
        p.add(40); // 6
        p.remove(4);
        assertThat(p.expireBefore(35)).isEqualTo(2); // 3 and 5
        assertThat(p.remove(3)).isEqualTo(PendingSubmits.NONE);
        assertThat(p.remove(6)).isEqualTo(40);
        assertThat(p.outstanding()).isZero();
        assertThat(p.expireBefore(1000)).isZero();
    }

    @Test
    void clearForgetsEverything() {
        PendingSubmits p = new PendingSubmits(3, 8);
        p.add(10);
        p.add(20);
        assertThat(p.clear()).isEqualTo(2);
        assertThat(p.outstanding()).isZero();
        assertThat(p.remove(3)).isEqualTo(PendingSubmits.NONE);
        assertThat(p.add(30)).isEqualTo(5);
        assertThat(p.remove(5)).isEqualTo(30);
    }

    /** Random interleavings of sends, replies in any order and expiries, against a map as the model. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void behavesLikeAMap(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PendingSubmits p = new PendingSubmits(3, 2);
        Map<Long, Long> model = new HashMap<>();
        long time = 0;
        for (int step = 0; step < 20_000; step++) {
            int action = random.nextInt(10);
            if (action < 5) {
                time += random.nextInt(3);
                long id = p.add(time);
                model.put(id, time);
            } else if (action < 9) {
                long id = p.nextId() - 1 - random.nextInt(64);
                Long expected = model.remove(id);
                assertThat(p.remove(id)).isEqualTo(expected == null ? PendingSubmits.NONE : expected);
            } else {
                long cutoff = time - random.nextInt(200);
                List<Long> gone = new ArrayList<>();
                model.forEach((id, t) -> {
                    if (t < cutoff) {
                        gone.add(id);
                    }
                });
                gone.forEach(model::remove);
                assertThat(p.expireBefore(cutoff)).isEqualTo(gone.size());
            }
            assertThat(p.outstanding()).isEqualTo(model.size());
        }
    }
}
