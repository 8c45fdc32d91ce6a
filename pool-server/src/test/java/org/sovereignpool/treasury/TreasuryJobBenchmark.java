package org.sovereignpool.treasury;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.TreasuryConfig;
import org.sovereignpool.config.TreasuryPayee;
import org.sovereignpool.job.JobManager;
import org.sovereignpool.sim.chain.SimulatedChain;

/**
 * What a descriptor treasury costs the job built right after a found block (the clean job miners need within
 * milliseconds): {@code JobManager.refresh} on the same index, on a new index derived on the job manager's thread, and
 * on a new index derived ahead (what the pool does: {@code PoolRuntime.prederive}). Not a unit test: run by hand, see
 * BENCHMARKS.md for the command and the figures.
 *
 * <pre>
 * TreasuryJobBenchmark ROUNDS      Bitcoin Core's regtest 2-of-3 descriptor (desc-02), ROUNDS refreshes of each kind
 * </pre>
 */
public final class TreasuryJobBenchmark {
    private static final String MULTISIG = "wsh(sortedmulti(2,"
            + "tpubD6NzVbkrYhZ4WmDXgFvyU7X9pihFaXnt2QsGiSe9wQq2nycUBJhFASAYroBMh2jx6m4o2ZQENrYPzCwngX6y6u8nuW1m5u429JGE"
            + "ctg3Mcb/0/*,"
            + "tpubD6NzVbkrYhZ4WoWWqRAB9zfko6RfBQ6MAdoHXKxsfkbdEmzYAAD3PFpiGcDgHFtUhodcGWFF9YUqWjSZ6mbXqx8k9UEdtJrAFuNo"
            + "SMbsDkm/0/*,"
            + "tpubD6NzVbkrYhZ4XrxApd7R2Mnx9TrbxSpUh8ELfaa487C3kPEdDn6xPAu2VERD6sNEzVZF5Y98JBseCPxS4cgtAaQkS2FjoGg8PQwh"
            + "8FTAFn3/0/*))#vzcua83r";

    private TreasuryJobBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        PoolConfig demo = DemoConfig.load();
        TreasuryConfig treasury = TreasuryConfig.ofDescriptor(demo.network(), MULTISIG);
        TreasuryPayee payee = treasury.payee();
        PoolConfig config = new PoolConfig(
                demo.network(),
                treasury,
                demo.pool(),
                demo.stratum(),
                demo.difficulty(),
                demo.nodes(),
                demo.ledger(),
                demo.http(),
                demo.operators(),
                demo.payout(),
                demo.power());
        Clock clock = Clock.systemUTC();
        try (SimulatedChain chain = SimulatedChain.create(
                        SimulatedChain.Settings.forBlockInterval(1e9, Duration.ofSeconds(600), 1), clock);
                JobManager jobs = JobManager.fromConfig(config, chain, 4, clock, new SimpleMeterRegistry())) {
            AtomicLong index = new AtomicLong(1_000);
            jobs.payTreasuryIndexes(new JobManager.TreasuryIndexing(payee, index::get));
            for (int i = 0; i < 200; i++) { // warm-up: same index, then new ones
                jobs.refresh(JobManager.Reason.MANUAL);
            }
            long[] same = new long[rounds];
            long[] fresh = new long[rounds];
            long[] ahead = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                same[i] = time(jobs);
                index.set(10_000 + i); // a new index, not derived before
                fresh[i] = time(jobs);
                payee.scriptPubKey(20_000 + i); // derived ahead, as the pool does after each found block
                index.set(20_000 + i);
                ahead[i] = time(jobs);
            }
            print("same index", same);
            print("new index, derived on the job thread", fresh);
            print("new index, derived ahead", ahead);
        }
    }

    private static long time(JobManager jobs) {
        long t = System.nanoTime();
        jobs.refresh(JobManager.Reason.MANUAL).orElseThrow();
        return System.nanoTime() - t;
    }

    private static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(
                Locale.ROOT,
                "%-40s median %8.1f us  p90 %8.1f us  p99 %8.1f us  (%d refreshes)%n",
                what,
                s[s.length / 2] / 1e3,
                s[(int) (s.length * 0.9)] / 1e3,
                s[(int) (s.length * 0.99)] / 1e3,
                s.length);
    }
}
