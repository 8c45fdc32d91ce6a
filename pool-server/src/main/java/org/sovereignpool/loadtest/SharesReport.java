package org.sovereignpool.loadtest;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code shares} mode's result. Throughput and the window's counts are of the replies received in the measured
 * window; latency is of those and of the replies that came after it (so a backlog left at the end is not hidden);
 * {@code totals} cover the whole run, warm-up included, for comparing with the pool's own counters. The window's
 * wall-clock start and end (UTC, ISO-8601) let an outside measurement be lined up with it.
 */
record SharesReport(
        String mode,
        String pool,
        String transport,
        String loop,
        int inFlight,
        double rate,
        String shares,
        double warmupSeconds,
        double durationSeconds,
        String windowStart,
        String windowEnd,
        Window window,
        Totals totals,
        ConnectionsSummary connections) {

    /**
     * @param replies replies received in the window
     * @param repliesPerSecond replies / duration
     * @param accepted of those, accepted
     * @param rejected of those, rejected by reason
     * @param latency from the intended send time (open loop) or the send (closed loop) to the reply
     * @param latecomers replies received after the window (in the latency, not in the throughput)
     */
    record Window(
            long replies,
            double repliesPerSecond,
            long accepted,
            Map<String, Long> rejected,
            LatencySummary latency,
            long latecomers) {}

    /**
     * @param planned open loop: submits the schedule held; closed loop: 0
     * @param sent submits written
     * @param answered replies received
     * @param accepted of those, accepted
     * @param rejected of those, rejected by reason
     * @param timedOut submits unanswered after the reply timeout
     * @param unanswered submits still unanswered when the tool stopped waiting
     */
    record Totals(
            long planned,
            long sent,
            long answered,
            long accepted,
            Map<String, Long> rejected,
            long timedOut,
            long unanswered) {}

    void render(PrintWriter out) {
        String how = "closed".equals(loop)
                ? "closed loop, " + inFlight + " submit" + (inFlight == 1 ? "" : "s") + " in flight per connection"
                : "open loop, " + Reports.rate(rate) + " submits/s in all";
        out.printf(
                Locale.ROOT,
                "loadtest shares → %s (%s): %s, %s shares; %.0f s warm-up, %.0f s measured%n",
                pool,
                transport,
                how,
                shares,
                warmupSeconds,
                durationSeconds);
        out.printf(
                Locale.ROOT,
                "throughput   %s replies/s (%s replies in %.1f s, %s to %s)%n",
                Reports.rate(window.repliesPerSecond()),
                Reports.count(window.replies()),
                durationSeconds,
                windowStart,
                windowEnd);
        out.printf(
                "latency      %s (from %s; %s replies%s)%n",
                window.latency().render(),
                "closed".equals(loop) ? "the send" : "the intended send time",
                Reports.count(window.latency().count()),
                window.latecomers() > 0 ? ", " + Reports.count(window.latecomers()) + " of them after the window" : "");
        out.printf(
                "replies      accepted %s; rejected %s%n",
                Reports.count(window.accepted()), Reports.reasons(window.rejected()));
        out.printf(
                "whole run    %ssent %s, answered %s (accepted %s; rejected %s), timed out %s, unanswered %s%n",
                planned() > 0 ? "planned " + Reports.count(totals.planned()) + ", " : "",
                Reports.count(totals.sent()),
                Reports.count(totals.answered()),
                Reports.count(totals.accepted()),
                Reports.reasons(totals.rejected()),
                Reports.count(totals.timedOut()),
                Reports.count(totals.unanswered()));
        if (planned() > totals.sent()) {
            out.printf(
                    "             %s planned submits were not sent: the client or the connections fell behind (their"
                            + " delay is not in the latency)%n",
                    Reports.count(totals.planned() - totals.sent()));
        }
        connections.render(out);
    }

    private long planned() {
        return totals.planned();
    }
}
