package org.sovereignpool.app;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sovereignpool.cluster.ClusterConsole;
import org.sovereignpool.config.ConfigException;
import org.sovereignpool.config.ConfigLoader;
import org.sovereignpool.config.PoolConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The cluster console: the dashboard, API and admin steering of every node on the configured (PostgreSQL) ledger, with
 * no Stratum port. Uses the configuration's {@code ledger}, {@code http}, {@code operators}, {@code power},
 * {@code network}, {@code pool.tag} and {@code treasury}; ignores {@code stratum} and {@code nodes}.
 */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        description = "Serve the cluster's dashboard, API and admin steering from the shared ledger database.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped (SIGTERM or Ctrl-C)", "2:the configuration is invalid"})
public final class ConsoleCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the YAML configuration")
    Path configFile;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            description = "listen on this port instead of http.port (0: any free port, printed at start)")
    Integer httpPort;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PoolConfig config;
        try {
            config = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return CheckConfigCommand.INVALID;
        }
        String url = config.ledger().jdbcUrl();
        if (config.ledger().isH2() && !url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE")) {
            err.println(configFile + ": ledger.jdbcUrl: the console reads the cluster's shared ledger (PostgreSQL);"
                    + " an embedded H2 file belongs to one node (use its own dashboard), got " + url);
            err.flush();
            return CheckConfigCommand.INVALID;
        }
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
            err.println("--http-port must be 0..65535, got " + httpPort);
            err.flush();
            return CheckConfigCommand.INVALID;
        }
        int port = httpPort == null ? config.http().port() : httpPort;
        ClusterConsole console =
                ClusterConsole.start(config, new InetSocketAddress(config.http().host(), port), Clock.systemUTC());
        PrintWriter out = spec.commandLine().getOut();
        out.println("console http " + console.httpAddress().getPort());
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            console.close();
                            stopped.countDown();
                        },
                        "console-shutdown"));
        stopped.await();
        return 0;
    }
}
