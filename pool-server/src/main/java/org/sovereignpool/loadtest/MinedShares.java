package org.sovereignpool.loadtest;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Target;
import org.sovereignpool.sim.miner.ShareSearch;

/**
 * Hashing for the mined-shares mode, on threads of its own so that the event loops (and so the latencies measured)
 * are not held up by it. A connection asks for one slice at a time; the result comes back on the connection's event
 * loop. Thread-safe.
 */
final class MinedShares implements AutoCloseable {
    /** Nonces hashed per slice: about a tenth of a second, so a new job is picked up soon. */
    static final int SLICE = 1 << 19;
    /** Shares one slice may find before it stops (a connection's stash of mined, not yet submitted shares). */
    static final int MAX_PER_SLICE = 256;

    private final ExecutorService hashers;
    private final ThreadLocal<ShareSearch> searches = ThreadLocal.withInitial(() -> new ShareSearch(Sha256s.fastest()));

    MinedShares(int threads) {
        if (threads < 1) {
            throw LoadtestException.option("--hash-threads must be at least 1, got " + threads);
        }
        hashers = Executors.newFixedThreadPool(
                threads,
                Thread.ofPlatform().name("loadtest-hash-", 1).daemon(true).factory());
    }

    /** What one slice hashes. */
    record Work(
            Job job,
            byte[] extranonce1,
            long extranonce2,
            int extranonce2Size,
            int firstNonce,
            int count,
            Target target) {}

    /** Shares one slice found: {@code nonces[0..count)} in ascending order; the next nonce to hash is {@code next}. */
    record Found(int[] nonces, int count, long next) {}

    /**
     * Hashes up to {@code work.count()} nonces and hands {@code done} the nonces whose hash meets the target, at most
     * {@link #MAX_PER_SLICE} (the slice stops there, so at a low difficulty one slice feeds many submits without a
     * thread hop per share); {@code done} is run by {@code resultExecutor}.
     */
    void search(Work work, java.util.concurrent.Executor resultExecutor, Consumer<Found> done) {
        try {
            hashers.execute(() -> {
                ShareSearch s = searches.get();
                s.prepare(
                        work.job(),
                        work.extranonce1(),
                        work.extranonce2(),
                        work.extranonce2Size(),
                        work.job().version(),
                        work.job().ntime());
                int[] nonces = new int[MAX_PER_SLICE];
                int n = 0;
                long cursor = Integer.toUnsignedLong(work.firstNonce());
                long end = cursor + work.count();
                while (n < MAX_PER_SLICE && cursor < end) {
                    long found = s.search((int) cursor, (int) (end - cursor), work.target());
                    if (found < 0) {
                        cursor = end;
                    } else {
                        nonces[n++] = (int) found;
                        cursor = found + 1;
                    }
                }
                Found result = new Found(nonces, n, cursor);
                resultExecutor.execute(() -> done.accept(result));
            });
        } catch (RejectedExecutionException closing) {
            // the run is over
        }
    }

    @Override
    public void close() {
        hashers.shutdownNow();
    }
}
