package org.sovereignpool.loadtest;

import java.io.PrintWriter;
import java.util.List;

/**
 * The {@code fanout} mode's result: per round, how many of the held connections got a {@code mining.notify} with
 * {@code clean_jobs=true} and when, counted from the trigger (just before the command ran) or, for a block that came
 * on its own, from the first connection that got it.
 */
record FanoutReport(
        String mode,
        String pool,
        String transport,
        String trigger,
        String delaysFrom,
        List<Round> rounds,
        ConnectionsSummary connections) {

    /**
     * @param connections connections ready when the round began
     * @param received of those, how many got the clean notify before the timeout
     * @param first the earliest delay, ms
     * @param delays percentiles of the delays, ms
     * @param triggerOutcome how the trigger went
     */
    record Round(
            int round, int connections, int received, Double first, LatencySummary delays, String triggerOutcome) {}

    void render(PrintWriter out) {
        out.printf("loadtest fanout → %s (%s): trigger %s; delays from %s%n", pool, transport, trigger, delaysFrom);
        for (Round r : rounds) {
            out.printf(
                    "round %d      %s of %s connections got the clean notify; first %s ms, p50 %s, p99 %s, max %s ms;"
                            + " trigger: %s%n",
                    r.round(),
                    Reports.count(r.received()),
                    Reports.count(r.connections()),
                    Reports.millis(r.first()),
                    Reports.millis(r.delays().p50()),
                    Reports.millis(r.delays().p99()),
                    Reports.millis(r.delays().max()),
                    r.triggerOutcome());
        }
        connections.render(out);
    }
}
