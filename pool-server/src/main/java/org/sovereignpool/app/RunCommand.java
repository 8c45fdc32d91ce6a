package org.sovereignpool.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sovereignpool.config.ConfigException;
import org.sovereignpool.config.ConfigLoader;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.ledger.StartRefusedException;
import org.sovereignpool.node.BitcoindTemplateSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A production pool node against the configured bitcoind nodes; SIGTERM or Ctrl-C drains miners and stops. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a pool node against the bitcoind nodes in the configuration.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped (SIGTERM or Ctrl-C)",
            "2:the configuration is invalid",
            "3:the ledger refused this node (another live instance holds its pool.nodeId, its journal would renumber"
                    + " below the ledger, or its operators differ from the cluster's registry)"
        })
public final class RunCommand implements Callable<Integer> {
    /** Exit code: the ledger refused this node (duplicate node id, journal below the ledger, registry differs). */
    public static final int REFUSED = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the YAML configuration")
    Path configFile;

    @Option(
            names = "--drain-seconds",
            defaultValue = "10",
            description =
                    "on shutdown, how long miners get to leave after client.reconnect (default: ${DEFAULT-VALUE})")
    int drainSeconds;

    @Option(
            names = "--update-registry",
            description = "record this configuration's operators as the cluster's operator registry when they differ"
                    + " from it (once; without it such a node refuses to start)")
    boolean updateRegistry;

    @Option(
            names = "--reconnect-host",
            defaultValue = "",
            description = "where client.reconnect sends miners on shutdown (default: this host, after a wait)")
    String reconnectHost;

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
        if (config.nodes().isEmpty()) {
            err.println(configFile + ": nodes: a real pool needs at least one bitcoind node (or run `demo`)");
            err.flush();
            return CheckConfigCommand.INVALID;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        PoolRuntime pool;
        try {
            pool = PoolRuntime.start(
                    config,
                    registry -> BitcoindTemplateSource.fromConfig(
                            config.nodes(), config.network(), BitcoindTemplateSource.Options.DEFAULT, registry),
                    Clock.systemUTC(),
                    PoolRuntime.Options.defaults(config).withUpdateRegistry(updateRegistry));
        } catch (StartRefusedException e) {
            err.println(configFile + ": refused to start: " + e.getMessage());
            err.flush();
            return REFUSED;
        }
        int port = pool.stratumAddresses().get(0).getPort();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            pool.drainAndClose(reconnectHost, port, 5, Duration.ofSeconds(drainSeconds));
                            stopped.countDown();
                        },
                        "pool-shutdown"));
        stopped.await();
        return 0;
    }
}
