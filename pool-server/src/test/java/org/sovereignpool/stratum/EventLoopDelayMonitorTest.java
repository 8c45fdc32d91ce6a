package org.sovereignpool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopDelayMonitorTest {
    private final DefaultEventExecutorGroup loops = new DefaultEventExecutorGroup(2);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aLoopHeldByOneLongTaskShowsAsAStallOfAboutThatLength() {
        try (EventLoopDelayMonitor monitor = new EventLoopDelayMonitor(loops, Duration.ofMillis(1), registry)) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> registry.get("stratum.eventloop.delay").timer().count() >= 20);
            // the stall itself: a task that keeps the loop's thread for 40 ms
            loops.next()
                    .execute(() -> LockSupport.parkNanos(Duration.ofMillis(40).toNanos()));
            await().atMost(Duration.ofSeconds(5)).until(() -> monitor.stalls() >= 1);
            // within one probe period of the 40 ms (and a little scheduling slack)
            assertThat(monitor.worst()).isGreaterThanOrEqualTo(Duration.ofMillis(38));
            assertThat(registry.get("stratum.eventloop.delay.worst").gauge().value())
                    .isGreaterThanOrEqualTo(0.038);
            assertThat(registry.get("stratum.eventloop.stalls").counter().count())
                    .isEqualTo(monitor.stalls());
        }
    }

    @Test
    void onlyTicksLaterThanTheBoundCountAsStallsAndTheWorstIsKept() {
        // a period no tick reaches within the test: only the recorded values below are measured
        try (EventLoopDelayMonitor monitor = new EventLoopDelayMonitor(loops, Duration.ofHours(1), registry)) {
            monitor.record(Duration.ofMillis(5).toNanos());
            monitor.record(Duration.ofMillis(3).toNanos());
            assertThat(monitor.stalls()).isZero();
            monitor.record(Duration.ofMillis(5).toNanos() + 1);
            monitor.record(Duration.ofMillis(2).toNanos());
            monitor.record(-7); // a tick a clock step made early counts as on time
            assertThat(monitor.stalls()).isEqualTo(1);
            assertThat(monitor.worst())
                    .isEqualTo(Duration.ofNanos(Duration.ofMillis(5).toNanos() + 1));
            assertThat(registry.get("stratum.eventloop.delay").timer().count()).isEqualTo(5);
        }
    }

    @Test
    void aPeriodOfZeroIsRefused() {
        assertThatThrownBy(() -> new EventLoopDelayMonitor(loops, Duration.ZERO, registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("period must be positive");
    }
}
