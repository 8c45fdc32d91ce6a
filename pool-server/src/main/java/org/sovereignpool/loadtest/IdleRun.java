package org.sovereignpool.loadtest;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code idle} mode: opens N connections, waits until they are all subscribed, authorized and have a job, lets
 * the server settle, and reads its resident memory (VmRSS) before and after. RSS counts what the server touched, not
 * what its heap holds live: a JVM pool's figure moves with its garbage collector (a {@code jcmd PID GC.run} before
 * each reading, or a fixed heap, makes it steadier).
 */
final class IdleRun {
    private final ClientSettings settings;
    private final Long serverPid;
    private final Duration settle;
    private final Duration hold;
    private final ProcessMemory memory;
    private final PrintWriter progress;

    IdleRun(
            ClientSettings settings,
            Long serverPid,
            Duration settle,
            Duration hold,
            ProcessMemory memory,
            PrintWriter progress) {
        if (settle.isNegative() || hold.isNegative()) {
            throw LoadtestException.option("--settle and --hold must not be negative");
        }
        this.settings = settings;
        this.serverPid = serverPid;
        this.settle = settle;
        this.hold = hold;
        this.memory = memory;
        this.progress = progress;
    }

    IdleReport run() throws InterruptedException {
        Long before = serverPid == null ? null : memory.rssBytes(serverPid);
        try (LoadClient client = LoadClient.create(settings, null)) {
            client.connectAll(new LoadClient.Listener() {});
            LoadClient.HandshakeSummary handshakes = client.awaitHandshakes();
            say(handshakes.ready() + " connections held; settling for " + settle.toSeconds() + " s");
            Thread.sleep(settle.toMillis());
            Long after = serverPid == null ? null : memory.rssBytes(serverPid);
            if (!hold.isZero()) {
                say("holding for " + hold.toSeconds() + " s");
                Thread.sleep(hold.toMillis());
            }
            int heldAtEnd =
                    (int) Math.max(0, handshakes.ready() - client.disconnects().total());
            Long delta = before == null ? null : after - before;
            return new IdleReport(
                    "idle",
                    settings.target(),
                    settings.transport().resolve().name().toLowerCase(Locale.ROOT),
                    handshakes.ready(),
                    heldAtEnd,
                    settle.toMillis() / 1000.0,
                    hold.toMillis() / 1000.0,
                    serverPid,
                    before,
                    after,
                    delta,
                    delta == null ? null : (double) delta / handshakes.ready(),
                    ConnectionsSummary.of(client, handshakes));
        }
    }

    private void say(String line) {
        if (progress != null) {
            progress.println("[loadtest] " + line);
            progress.flush();
        }
    }
}
