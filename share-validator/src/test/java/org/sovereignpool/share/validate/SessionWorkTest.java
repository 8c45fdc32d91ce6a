package org.sovereignpool.share.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;

/** What a session's job window holds: one difficulty object for equal difficulties, filters only once used. */
class SessionWorkTest {
    private static final CompactBits BITS = new CompactBits(0x207fffff);
    private static final Extranonce EN1 = Extranonce.of(new byte[] {0, 0, 0, 1});

    @Test
    void jobsSentAtAnEqualDifficultyShareOneDifficultyAndTarget() {
        Random random = new Random(3);
        SessionWork work = new SessionWork(EN1, 4);
        JobSlot first = work.issue(ShareValidatorTest.job(1, BITS, 1, random), Difficulty.of(8));
        JobSlot second = work.issue(ShareValidatorTest.job(2, BITS, 1, random), Difficulty.of(8));
        assertThat(second.difficulty()).isSameAs(first.difficulty());
        assertThat(second.shareTarget()).isSameAs(first.shareTarget());
        JobSlot third = work.issue(ShareValidatorTest.job(3, BITS, 1, random), Difficulty.of(16));
        assertThat(third.difficulty().value()).isEqualTo(16);
        assertThat(third.shareTarget()).isEqualTo(Difficulty.of(16).toTarget());
    }

    @Test
    void aRecycledSlotForgetsTheSharesOfItsPreviousJob() {
        Random random = new Random(4);
        SessionWork work = new SessionWork(EN1, 4, 2, 64, 2);
        JobSlot slot = work.issue(ShareValidatorTest.job(1, BITS, 1, random), Difficulty.ONE);
        assertThat(slot.duplicates().add(5, 6)).isTrue();
        assertThat(slot.duplicates().add(5, 6)).isFalse();
        work.issue(ShareValidatorTest.job(2, BITS, 1, random), Difficulty.ONE);
        JobSlot again = work.issue(ShareValidatorTest.job(3, BITS, 1, random), Difficulty.ONE); // the window is 2
        assertThat(again).isSameAs(slot);
        assertThat(again.duplicates().add(5, 6)).isTrue();
        assertThat(work.find(1)).isNull();
        assertThat(work.find(3)).isSameAs(again);
    }
}
