package org.sovereignpool.loadtest;

import java.io.PrintWriter;
import java.util.Map;

/**
 * What happened to the connections themselves, in every mode.
 *
 * @param attempted connections opened
 * @param ready subscribed, authorized and sent a job
 * @param handshakeFailures the others, by reason
 * @param handshake connect → first job, of the ready ones
 * @param disconnects ready connections the pool closed (or that broke) before the run ended, by reason
 * @param reconnectRequests {@code client.reconnect} messages received
 * @param malformedLines lines from the pool that were not JSON objects or not understood
 * @param unmatchedReplies replies whose id matched no request awaiting one (e.g. after a reply timeout)
 */
record ConnectionsSummary(
        int attempted,
        int ready,
        Map<String, Long> handshakeFailures,
        LatencySummary handshake,
        Map<String, Long> disconnects,
        long reconnectRequests,
        long malformedLines,
        long unmatchedReplies) {

    static ConnectionsSummary of(LoadClient client, LoadClient.HandshakeSummary h) {
        return new ConnectionsSummary(
                h.attempted(),
                h.ready(),
                h.failures(),
                h.handshake(),
                client.disconnects().snapshot(),
                client.reconnectRequests(),
                client.malformedLines(),
                client.unmatchedReplies());
    }

    void render(PrintWriter out) {
        out.printf(
                "connections  %d of %d ready; handshake (connect → first job) %s%n",
                ready, attempted, handshake.render());
        if (!handshakeFailures.isEmpty()) {
            out.printf("             not ready: %s%n", Reports.reasons(handshakeFailures));
        }
        out.printf(
                "             disconnects: %s; client.reconnect requests: %s%n",
                Reports.reasons(disconnects), Reports.count(reconnectRequests));
        if (malformedLines > 0 || unmatchedReplies > 0) {
            out.printf(
                    "             malformed lines from the pool: %s; replies matching no request: %s%n",
                    Reports.count(malformedLines), Reports.count(unmatchedReplies));
        }
    }
}
