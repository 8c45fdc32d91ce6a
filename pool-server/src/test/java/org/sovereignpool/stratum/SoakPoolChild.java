package org.sovereignpool.stratum;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.sovereignpool.app.PoolRuntime;
import org.sovereignpool.config.ConfigLoader;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.sim.chain.SimulatedChain;

/**
 * The pool node of {@link HostileClientsSoakTest}, in its own process so that its RSS means something: the whole
 * runtime (journal, H2 ledger, block submission on a simulated chain, Stratum, HTTP) on ephemeral ports. Args: the
 * configuration file, the data directory, the hashrate the normal miners bring (for the simulated chain's block
 * interval). Prints {@code READY <stratum port> <http port>}, runs until a line on stdin, then prints {@code
 * JOURNAL <written sequence>} and exits.
 */
public final class SoakPoolChild {
    private SoakPoolChild() {}

    public static void main(String[] args) throws Exception {
        PoolConfig config = ConfigLoader.parse(Files.readString(Path.of(args[0])), args[0]);
        Path dataDir = Path.of(args[1]);
        double hashrate = Double.parseDouble(args[2]);
        Clock clock = Clock.systemUTC();
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(hashrate, Duration.ofSeconds(2), 7), clock);
        PoolRuntime.Options options = PoolRuntime.Options.defaults(config)
                .withListeners(List.of(Listener.plain("127.0.0.1", 0)))
                .withHttp(new InetSocketAddress("127.0.0.1", 0))
                .withDataDir(dataDir);
        try (PoolRuntime pool = PoolRuntime.start(config, registry -> chain, clock, options)) {
            System.out.println("READY " + pool.stratumAddresses().get(0).getPort() + " "
                    + pool.httpAddress().getPort());
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
            System.out.println("JOURNAL " + pool.journal().writtenSequence());
            System.out.flush();
        }
    }
}
