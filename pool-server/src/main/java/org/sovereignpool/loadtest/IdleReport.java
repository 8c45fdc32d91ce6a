package org.sovereignpool.loadtest;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The {@code idle} mode's result: the connections held and, with a server pid, the server's resident memory before
 * they connected and once they were all held.
 *
 * @param bytesPerConnection (after − before) / ready connections; null without a server pid
 */
record IdleReport(
        String mode,
        String pool,
        String transport,
        int ready,
        int heldAtEnd,
        double settleSeconds,
        double holdSeconds,
        Long serverPid,
        Long rssBeforeBytes,
        Long rssAfterBytes,
        Long rssDeltaBytes,
        Double bytesPerConnection,
        ConnectionsSummary connections) {

    void render(PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "loadtest idle → %s (%s): %s connections held (subscribed, authorized, sent a job); %s still held"
                        + " after %.0f s%n",
                pool,
                transport,
                Reports.count(ready),
                Reports.count(heldAtEnd),
                settleSeconds + holdSeconds);
        if (serverPid == null) {
            out.println("memory       not measured (give --server-pid PID of the pool process)");
        } else {
            out.printf(
                    Locale.ROOT,
                    "memory       server pid %d VmRSS %s before, %s after %.0f s settled: %s more, %s per connection%n",
                    serverPid,
                    Reports.bytes(rssBeforeBytes),
                    Reports.bytes(rssAfterBytes),
                    settleSeconds,
                    Reports.bytes(rssDeltaBytes),
                    bytesPerConnection == null ? "-" : Reports.bytes(Math.round(bytesPerConnection)));
        }
        connections.render(out);
    }
}
