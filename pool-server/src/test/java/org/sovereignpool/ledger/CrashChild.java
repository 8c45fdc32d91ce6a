package org.sovereignpool.ledger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sovereignpool.ledger.journal.JournalOptions;
import org.sovereignpool.ledger.journal.ShareJournal;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.WorkerName;

/**
 * The pool process of the crash test (run as a child JVM): journal + applier + H2 ledger, several threads recording
 * shares; after each {@code record} returns it prints {@code ack <seq> <worker>}, the moment a miner would get true.
 * Bounded: stops by itself after {@code maxShares} per thread or 120 s.
 *
 * <p>Arguments: journalDir h2Url nodeId threads maxSharesPerThread
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path journalDir = Path.of(args[0]);
        String url = args[1];
        int nodeId = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int max = Integer.parseInt(args[4]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        JdbcLedgerStore store = JdbcLedgerStore.open(url, "sa", "", null);
        ShareJournal journal =
                ShareJournal.open(journalDir, new JournalOptions(20, 256 << 10), store.appliedSequence(nodeId));
        LedgerApplier applier = new LedgerApplier(
                journal,
                store,
                nodeId,
                new LedgerApplier.Options(10_000, 2_000, 5, 200),
                new SimpleMeterRegistry(),
                System::currentTimeMillis);
        applier.start();
        out.println("ready " + journal.writtenSequence());
        long deadline = System.nanoTime() + 120_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String worker = "t" + t;
            ts.add(Thread.ofPlatform().start(() -> {
                WorkerName w = new WorkerName("crash", worker);
                for (int i = 0; i < max && System.nanoTime() < deadline; i++) {
                    long seq = journal.append(
                            new AcceptedShare(w, 1 + (i % 4), 2, System.currentTimeMillis(), 900_000, false));
                    out.println("ack " + seq + " " + worker);
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        out.println("done");
        applier.close();
        journal.close();
        store.close();
    }
}
