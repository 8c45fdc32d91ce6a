package org.sovereignpool.stratum.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sovereignpool.stratum.testing.Pipelines.feedBytewise;
import static org.sovereignpool.stratum.testing.Pipelines.output;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.stratum.testing.Pipelines;
import org.sovereignpool.stratum.testing.TestPools;

/**
 * The registry's sweep (one task per event loop) in place of an idle timer and a handshake timer per connection:
 * through the real pipeline on an EmbeddedChannel, whose event loop's ticker the test advances, and on the registry
 * itself with many sessions on one loop.
 */
class SessionRegistryTest {
    private Pipelines pipelines;
    private EmbeddedChannel ch;
    private int idle;

    @BeforeEach
    void setUp() {
        pipelines = new Pipelines(
                TestPools.config(TestPools.Knobs.regtest(0.001).withMaxMalformed(3)),
                Instant.ofEpochSecond(1_800_000_000));
        ch = pipelines.channel();
        idle = pipelines.config.stratum().idleTimeoutSeconds();
    }

    private void handshake() {
        feedBytewise(ch, "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n");
        feedBytewise(ch, "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"demo.q\",\"\"]}\n");
        output(ch);
    }

    private void advance(long seconds) {
        ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
    }

    private double disconnects(String reason) {
        return pipelines
                .registry
                .get("stratum.disconnects")
                .tag("reason", reason)
                .counter()
                .count();
    }

    @Test
    void anyLineEvenAMalformedOneRestartsTheIdleTimeout() {
        handshake();
        advance(idle - 1);
        feedBytewise(ch, "not json\n");
        assertThat(output(ch)).contains("\"result\":null,\"error\":[20,");
        advance(idle - 1); // 2 idle - 2 s after the handshake, idle - 1 s after the last line
        assertThat(ch.isActive()).isTrue();
        advance(2);
        assertThat(ch.isActive()).isFalse();
        assertThat(disconnects("idle")).isEqualTo(1);
        assertThat(disconnects("handshake_timeout")).isZero();
    }

    @Test
    void aPartialLineIsNotARead() {
        handshake();
        advance(idle - 1);
        feedBytewise(ch, "{\"id\":3,\"method\":\"mining.sub"); // no newline: nothing was decoded
        advance(2);
        assertThat(ch.isActive()).isFalse();
        assertThat(disconnects("idle")).isEqualTo(1);
    }

    @Test
    void theHandshakeDeadlineIsCountedAsSuchAndSparesAWorkingSession() {
        EmbeddedChannel working = pipelines.channel();
        feedBytewise(working, "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n");
        feedBytewise(working, "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"demo.q\",\"\"]}\n");
        feedBytewise(ch, "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n");
        for (EmbeddedChannel c : List.of(ch, working)) {
            c.advanceTimeBy(31, TimeUnit.SECONDS);
            c.runScheduledPendingTasks();
        }
        assertThat(ch.isActive()).isFalse();
        assertThat(working.isActive()).isTrue();
        assertThat(disconnects("handshake_timeout")).isEqualTo(1);
        assertThat(disconnects("idle")).isZero();
    }

    @Test
    void theSweepRunsOnlyWhileTheLoopHasSessions() {
        assertThat(ch.runScheduledPendingTasks())
                .as("nanos to the next scheduled task")
                .isPositive();
        ch.close();
        ch.runPendingTasks();
        assertThat(pipelines.context.registry().size(ch.eventLoop())).isZero();
        assertThat(ch.runScheduledPendingTasks()).as("no scheduled task left").isEqualTo(-1);
    }

    /** Many sessions on one loop (the array grows, removals swap): every other one stays and is walked once. */
    @Test
    void sessionsThatLeaveDoNotDisturbTheOthersOnTheirLoop() {
        SessionRegistry registry = new SessionRegistry(30_000, 600_000);
        EmbeddedChannel loopOwner = new EmbeddedChannel();
        var loop = loopOwner.eventLoop();
        List<StratumSession> sessions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            StratumSession s = new StratumSession(new EmbeddedChannel(), pipelines.context, 1, null);
            sessions.add(s);
            registry.add(loop, s);
        }
        Set<StratumSession> kept = new HashSet<>(sessions);
        for (int i = 0; i < 100; i += 3) {
            registry.remove(loop, sessions.get(i));
            kept.remove(sessions.get(i));
        }
        registry.remove(loop, sessions.get(0)); // twice: nothing happens
        assertThat(registry.size(loop)).isEqualTo(kept.size());
        List<StratumSession> walked = new ArrayList<>();
        assertThat(registry.forEachOnItsLoop(walked::add, () -> {})).isEqualTo(1);
        loopOwner.runPendingTasks();
        assertThat(walked).hasSize(kept.size()).containsExactlyInAnyOrderElementsOf(kept);

        // the sweep, called at the handshake deadline, closes every one of them (none subscribed)
        registry.sweep(loop, loop.ticker().nanoTime() + TimeUnit.SECONDS.toNanos(30));
        assertThat(kept).allSatisfy(s -> assertThat(s.channel().isOpen()).isFalse());
        assertThat(sessions.get(0).channel().isOpen())
                .as("removed: not the registry's any more")
                .isTrue();
        for (StratumSession s : kept) {
            registry.remove(loop, s);
        }
        assertThat(registry.size(loop)).isZero();
        assertThat(loopOwner.runScheduledPendingTasks())
                .as("the sweep stopped with the last session")
                .isEqualTo(-1);
    }
}
