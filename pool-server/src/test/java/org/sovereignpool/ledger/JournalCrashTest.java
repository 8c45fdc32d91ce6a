package org.sovereignpool.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.ledger.journal.JournalOptions;
import org.sovereignpool.ledger.journal.ShareJournal;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.ledger.store.ShareAggregate;

/**
 * Acceptance: a pool process under load is killed with SIGKILL (twice, at random moments of its work) and
 * restarted; the ledger then holds exactly the shares the miners were told true about: none missing, none twice.
 */
class JournalCrashTest {
    static final int NODE = 3;
    static final int THREADS = 4;

    @TempDir
    Path dir;

    /** acked sequence -> worker, over all runs. */
    private final Map<Long, String> acks = new HashMap<>();

    @Test
    void sigkillUnderLoadLosesNoAckedShareAndCountsNoneTwice() throws Exception {
        Path journalDir = dir.resolve("journal");
        String url = LedgerTestDatabases.h2Url(dir);
        runChildAndKill(journalDir, url, 20_000);
        runChildAndKill(journalDir, url, 20_000);

        // restart in-process, let the ledger catch up
        try (JdbcLedgerStore store = JdbcLedgerStore.open(url, "sa", "", null);
                ShareJournal journal =
                        ShareJournal.open(journalDir, JournalOptions.defaults(), store.appliedSequence(NODE));
                LedgerApplier applier = new LedgerApplier(
                        journal,
                        store,
                        NODE,
                        LedgerApplier.Options.defaults(),
                        new SimpleMeterRegistry(),
                        System::currentTimeMillis)) {
            long last = journal.writtenSequence();
            long maxAck =
                    acks.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(last).as("every acked share survived the kill").isGreaterThanOrEqualTo(maxAck);
            journal.sync();
            applier.start();
            await().atMost(Duration.ofSeconds(60)).until(applier::caughtUp);

            assertThat(store.appliedSequence(NODE)).isEqualTo(last);
            long count = store.shareCount(NODE);
            // sequences are 1..last without gaps, each applied once: the count equals the last sequence
            assertThat(count).as("none twice, none skipped").isEqualTo(last);
            // in flight at each kill: at most one record per recording thread, written but not yet acked
            assertThat(count).isBetween((long) acks.size(), (long) acks.size() + 2L * THREADS);

            Map<String, Long> ackedPerWorker = new HashMap<>();
            acks.values().forEach(w -> ackedPerWorker.merge(w, 1L, Long::sum));
            Map<String, Long> ledgerPerWorker = new HashMap<>();
            List<ShareAggregate> rows = store.sharesBySequence(NODE, 0, Long.MAX_VALUE);
            rows.forEach(a -> ledgerPerWorker.merge(a.worker(), a.shareCount(), Long::sum));
            for (var e : ackedPerWorker.entrySet()) {
                assertThat(ledgerPerWorker.get(e.getKey())).as(e.getKey()).isBetween(e.getValue(), e.getValue() + 2);
            }
            // every acked sequence lies in an aggregate of the worker that was told true
            Map<String, List<ShareAggregate>> byWorker = new HashMap<>();
            rows.forEach(a ->
                    byWorker.computeIfAbsent(a.worker(), k -> new ArrayList<>()).add(a));
            for (var e : acks.entrySet()) {
                long seq = e.getKey();
                assertThat(byWorker.get(e.getValue()))
                        .as("share %d of %s", seq, e.getValue())
                        .anyMatch(a -> a.firstSeq() <= seq && seq <= a.lastSeq());
            }
        }
    }

    private void runChildAndKill(Path journalDir, String url, int killAfterAcks) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName(),
                journalDir.toString(),
                url,
                String.valueOf(NODE),
                String.valueOf(THREADS),
                "5000000");
        Path stderr = Files.createTempFile(dir, "child-", ".stderr");
        pb.redirectError(stderr.toFile());
        Process p = pb.start();
        Set<Long> mine = new HashSet<>();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            boolean killed = false;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    String[] parts = line.split(" ");
                    long seq = Long.parseLong(parts[1]);
                    assertThat(acks.put(seq, parts[2]))
                            .as("sequence %d acked twice", seq)
                            .isNull();
                    mine.add(seq);
                    if (!killed && mine.size() >= killAfterAcks) {
                        // SIGKILL on Linux; through the handle, which (unlike Process.destroyForcibly) leaves the
                        // pipe open so the acks already printed are still read
                        p.toHandle().destroyForcibly();
                        killed = true;
                    }
                } else if (line.equals("done")) {
                    throw new AssertionError("the child finished before it was killed");
                }
                // lines already in the pipe after the kill were printed, so those miners got true: keep reading
            }
            assertThat(killed)
                    .as(
                            "the child was killed after %d acks; it printed %d, then ended. Its stderr:%n%s",
                            killAfterAcks, mine.size(), Files.readString(stderr))
                    .isTrue();
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
        assertThat(p.exitValue()).isEqualTo(137);
    }
}
