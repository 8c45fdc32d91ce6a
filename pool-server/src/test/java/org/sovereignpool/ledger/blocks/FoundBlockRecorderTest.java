package org.sovereignpool.ledger.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.node.SubmitResult;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.job.MerkleBranch;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Hash256;

class FoundBlockRecorderTest {
    @Test
    void aSubmissionResultIsRecordedWithEveryNodesAnswer(@TempDir Path dir) throws Exception {
        Job job = Job.builder()
                .id(7)
                .height(112)
                .prevHash(Hash256.ZERO)
                .coinbase1(new byte[42]) // the shortest a coinbase can start
                .coinbase2(new byte[] {3})
                .merkleBranch(MerkleBranch.EMPTY)
                .version(0x20000000)
                .bits(CompactBits.fromHex("1d00ffff"))
                .ntime(1_700_000_000)
                .cleanJobs(true)
                .build();
        Hash256 hash = Hash256.fromDisplayHex("00000000" + "ab".repeat(28));
        FoundBlock found = new FoundBlock(
                job, new byte[80], new byte[] {1, 2, 3}, hash, new WorkerName("alpha", "rig1"), 1_700_000_000_123L);
        BlockResult result = new BlockResult(
                found,
                112,
                List.of(
                        SubmitResult.fromReply("node-a", null),
                        SubmitResult.unreachable("node-b", "connection refused")),
                1,
                true,
                Optional.empty(),
                Optional.empty());
        try (LedgerStore store = JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null)) {
            BlockTracker tracker = new BlockTracker(
                    store,
                    new InMemoryChainView(),
                    (b, window) -> List.of(),
                    1,
                    dir.resolve("found.jsonl"),
                    () -> 0,
                    () -> 5);
            new FoundBlockRecorder(tracker, f -> 5_000_000_000L).blockResult(result);
            BlockRecord b = store.block(hash.toDisplayHex()).orElseThrow();
            assertThat(b.height()).isEqualTo(112);
            assertThat(b.rewardSats()).isEqualTo(5_000_000_000L);
            assertThat(b.networkDifficulty()).isEqualTo(1.0);
            assertThat(b.finderOperator()).isEqualTo("alpha");
            assertThat(b.foundMillis()).isEqualTo(1_700_000_000_123L);
            assertThat(b.submitResults())
                    .containsEntry("node-a", "accepted")
                    .hasEntrySatisfying("node-b", v -> assertThat(v).contains("connection refused"));
        }
    }
}
