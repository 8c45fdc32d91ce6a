package org.sovereignpool.loadtest;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sovereign-pool loadtest}: the load tool's modes as subcommands. */
@Command(
        name = "loadtest",
        mixinStandardHelpOptions = true,
        version = "Sovereign Pool 0.1.0",
        description = {
            "Load a Stratum V1 pool (this one, ckpool, any other) and measure it:",
            "  shares  replies/s and reply latency",
            "  idle    memory per held connection",
            "  fanout  delay of the next clean mining.notify",
            "Exit status: 0 measured; 1 the pool could not be measured; 2 bad options."
        },
        subcommands = {
            LoadtestCommand.Shares.class,
            LoadtestCommand.Idle.class,
            LoadtestCommand.Fanout.class,
            CommandLine.HelpCommand.class
        })
public final class LoadtestCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs a mode and prints its report; a {@link LoadtestException} becomes one line on stderr and exit 1, or for a
     * wrong option value the message with the usage and exit 2.
     */
    abstract static class Mode implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Override
        public final Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                Object report = measure(err);
                if (connection.json) {
                    out.println(Reports.json(report));
                } else {
                    render(report, out);
                }
                out.flush();
                return 0;
            } catch (LoadtestException e) {
                if (e.isOption()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
                err.println("loadtest " + spec.name() + ": " + e.getMessage());
                err.flush();
                return 1;
            }
        }

        abstract Object measure(PrintWriter progress) throws InterruptedException;

        abstract void render(Object report, PrintWriter out);
    }

    @Command(
            name = "shares",
            mixinStandardHelpOptions = true,
            version = "Sovereign Pool 0.1.0",
            description = {
                "N connections submit shares; prints replies/s, reply latency percentiles (p50, p90, p99, p99.9, max),"
                        + " accepted and rejected replies by reason, timeouts and disconnects.",
                "Closed loop (--in-flight W, the default with W=8): each connection keeps W submits awaiting replies."
                        + " Open loop (--rate R): R submits/s in all, each timed from its intended send time, so a"
                        + " server that stalls shows in the latency.",
                "Random shares take the pool's whole check and are nearly all rejected as low difficulty; mined"
                        + " shares are hashed until they meet the difficulty (only practical at a low one, e.g. the"
                        + " demo's); the hashers find up to 256 a slice ahead of the sends, so a paced run (--rate) of"
                        + " mined shares is possible at a low difficulty: a send due when none is ready waits for one"
                        + " and its latency counts from when it was due."
            })
    static final class Shares extends Mode {
        @Option(
                names = "--in-flight",
                description = "closed loop: submits awaiting a reply per connection (default 8 unless --rate)")
        Integer inFlight;

        @Option(names = "--rate", description = "open loop: total submits per second over all connections")
        Double rate;

        @Option(
                names = "--shares",
                defaultValue = "random",
                description = "random or mined (default: ${DEFAULT-VALUE})")
        String shares;

        @Option(names = "--duration", defaultValue = "20", description = "seconds measured (default: ${DEFAULT-VALUE})")
        double durationSeconds;

        @Option(
                names = "--warmup",
                defaultValue = "5",
                description = "seconds of load before the measurement (default: ${DEFAULT-VALUE})")
        double warmupSeconds;

        @Option(
                names = "--reply-timeout",
                defaultValue = "10",
                description = "seconds after which an unanswered submit counts as timed out; also how long the tool"
                        + " waits for replies at the end (default: ${DEFAULT-VALUE})")
        double replyTimeoutSeconds;

        @Option(
                names = "--max-outstanding",
                defaultValue = "1000",
                description = "open loop: a connection with this many unanswered submits is passed over (the send"
                        + " keeps its intended time) (default: ${DEFAULT-VALUE})")
        int maxOutstanding;

        @Option(
                names = "--hash-threads",
                defaultValue = "1",
                description = "mined shares: hashing threads (default: ${DEFAULT-VALUE})")
        int hashThreads;

        @Override
        Object measure(PrintWriter progress) throws InterruptedException {
            SharesPlan.ShareSource source;
            try {
                source = SharesPlan.ShareSource.valueOf(shares.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw LoadtestException.option("--shares must be random or mined, got '" + shares + "'");
            }
            int w = inFlight != null ? inFlight : rate == null ? 8 : 0;
            SharesPlan plan = new SharesPlan(
                    w,
                    rate == null ? 0 : rate,
                    source,
                    ConnectionOptions.seconds("--warmup", warmupSeconds),
                    ConnectionOptions.seconds("--duration", durationSeconds),
                    ConnectionOptions.seconds("--reply-timeout", replyTimeoutSeconds),
                    maxOutstanding);
            return new SharesRun(connection.settings(), plan, hashThreads, progress).run();
        }

        @Override
        void render(Object report, PrintWriter out) {
            ((SharesReport) report).render(out);
        }
    }

    @Command(
            name = "idle",
            mixinStandardHelpOptions = true,
            version = "Sovereign Pool 0.1.0",
            description = {
                "Holds N connections (subscribed, authorized, sent a job) and reports the pool's resident memory per"
                        + " connection: VmRSS of --server-pid (from /proc, so the pool must run on this host) before"
                        + " connecting and after --settle seconds, divided by N.",
                "Client and pool on one host each need a file per connection: this machine's per-process limit"
                        + " ('ulimit -Hn') bounds N for both."
            })
    static final class Idle extends Mode {
        @Option(names = "--server-pid", description = "pid of the pool process whose memory to read")
        Long serverPid;

        @Option(
                names = "--settle",
                defaultValue = "5",
                description = "seconds between the last handshake and the second memory reading (default:"
                        + " ${DEFAULT-VALUE})")
        double settleSeconds;

        @Option(
                names = "--hold",
                defaultValue = "0",
                description = "seconds to keep holding the connections after the reading (default: ${DEFAULT-VALUE})")
        double holdSeconds;

        @Override
        Object measure(PrintWriter progress) throws InterruptedException {
            return new IdleRun(
                            connection.settings(),
                            serverPid,
                            ConnectionOptions.seconds("--settle", settleSeconds),
                            ConnectionOptions.seconds("--hold", holdSeconds),
                            ProcessMemory.linux(),
                            progress)
                    .run();
        }

        @Override
        void render(Object report, PrintWriter out) {
            ((IdleReport) report).render(out);
        }
    }

    @Command(
            name = "fanout",
            mixinStandardHelpOptions = true,
            version = "Sovereign Pool 0.1.0",
            description = {
                "Holds N connections, then reports when each gets the next mining.notify with clean_jobs=true: first,"
                        + " p50, p99, max and how many got it.",
                "With --trigger-command (e.g. \"bitcoin-cli -regtest generatetoaddress 1 ADDRESS\") delays count"
                        + " from just before the command runs (so they include the node, its ZMQ message and the new"
                        + " template); without it the tool waits for the next block and counts from the first"
                        + " connection that got it."
            })
    static final class Fanout extends Mode {
        @Option(names = "--trigger-command", description = "shell command that makes a block (run with sh -c)")
        String triggerCommand;

        @Option(names = "--rounds", defaultValue = "1", description = "blocks to time (default: ${DEFAULT-VALUE})")
        int rounds;

        @Option(
                names = "--timeout",
                defaultValue = "30",
                description = "seconds the connections may take to get the notify, from the trigger (or from the"
                        + " first connection's notify) (default: ${DEFAULT-VALUE})")
        double timeoutSeconds;

        @Option(
                names = "--block-wait",
                defaultValue = "600",
                description = "without a trigger command: seconds to wait for the next block (default:"
                        + " ${DEFAULT-VALUE})")
        double blockWaitSeconds;

        @Option(
                names = "--pause",
                defaultValue = "2",
                description = "seconds between rounds (default: ${DEFAULT-VALUE})")
        double pauseSeconds;

        @Option(
                names = "--trigger-timeout",
                defaultValue = "60",
                description = "seconds the trigger command may run before it is killed (default: ${DEFAULT-VALUE})")
        double triggerTimeoutSeconds;

        @Override
        Object measure(PrintWriter progress) throws InterruptedException {
            Trigger trigger = triggerCommand == null
                    ? Trigger.nextBlock()
                    : new CommandTrigger(
                            triggerCommand, ConnectionOptions.seconds("--trigger-timeout", triggerTimeoutSeconds));
            return new FanoutRun(
                            connection.settings(),
                            trigger,
                            rounds,
                            ConnectionOptions.seconds("--timeout", timeoutSeconds),
                            ConnectionOptions.seconds("--block-wait", blockWaitSeconds),
                            ConnectionOptions.seconds("--pause", pauseSeconds),
                            progress)
                    .run();
        }

        @Override
        void render(Object report, PrintWriter out) {
            ((FanoutReport) report).render(out);
        }
    }
}
