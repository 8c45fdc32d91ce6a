package org.sovereignpool.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
    private static final long MS = 1_000_000;

    @Test
    void sendsAreIntendedAtEvenIntervalsFromTheStart() {
        Pacer p = new Pacer(5 * MS, 1000);
        assertThat(p.due(5 * MS - 1)).isFalse();
        assertThat(p.due(5 * MS)).isTrue();
        assertThat(p.issue()).isEqualTo(5 * MS);
        assertThat(p.nextIntendedNanos()).isEqualTo(6 * MS);
        assertThat(p.due(6 * MS - 1)).isFalse();
        assertThat(p.issue()).isEqualTo(6 * MS);
        assertThat(p.issued()).isEqualTo(2);
    }

    @Test
    void aSenderThatFellBehindSendsTheOverdueOnesWithTheirOwnIntendedTimes() {
        // the sender was stalled for 10 ms: 11 sends (at 0, 1, ..., 10 ms) are due, and each keeps its time, so the
        // stall is in the latency measured from it (no coordinated omission)
        Pacer p = new Pacer(0, 1000);
        long now = 10 * MS;
        assertThat(p.overdue(now)).isEqualTo(11);
        List<Long> intended = new ArrayList<>();
        while (p.due(now)) {
            intended.add(p.issue());
        }
        assertThat(intended).hasSize(11);
        for (int k = 0; k <= 10; k++) {
            assertThat(intended.get(k)).isEqualTo(k * MS);
        }
        assertThat(p.overdue(now)).isZero();
        assertThat(p.nextIntendedNanos()).isEqualTo(11 * MS);
    }

    @Test
    void aRateThatDoesNotDivideASecondDoesNotDrift() {
        Pacer p = new Pacer(0, 3);
        assertThat(p.issue()).isZero();
        assertThat(p.issue()).isEqualTo(333_333_333L);
        assertThat(p.issue()).isEqualTo(666_666_666L);
        assertThat(p.nextIntendedNanos()).isEqualTo(1_000_000_000L);
        Pacer q = new Pacer(0, 7);
        for (int i = 0; i < 7_000; i++) {
            q.issue();
        }
        assertThat(q.nextIntendedNanos()).isEqualTo(1000L * 1_000_000_000L);
    }

    @Test
    void thePlanCountsTheSendsIntendedBeforeTheEnd() {
        Pacer p = new Pacer(0, 10_000);
        assertThat(p.plannedBefore(1_000_000_000L)).isEqualTo(10_000);
        assertThat(p.plannedBefore(1_000_000_001L)).isEqualTo(10_001);
        assertThat(p.plannedBefore(0)).isZero();
        assertThat(new Pacer(100, 1).plannedBefore(50)).isZero();
        assertThat(new Pacer(100, 1).overdue(50)).isZero();
    }

    @Test
    void worksAcrossTheWrapOfNanoTime() {
        long start = Long.MAX_VALUE - 2 * MS;
        Pacer p = new Pacer(start, 1000);
        p.issue();
        p.issue();
        p.issue();
        assertThat(p.nextIntendedNanos()).isEqualTo(start + 3 * MS); // wrapped to a negative value
        assertThat(p.due(start + 3 * MS)).isTrue();
        assertThat(p.due(start + 3 * MS - 1)).isFalse();
    }

    @Test
    void rejectsRatesThatAreNotPositive() {
        assertThatThrownBy(() -> new Pacer(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacer(0, -5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacer(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacer(0, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
