package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.accounting.Pplns;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.ledger.blocks.BlockTracker;
import org.sovereignpool.ledger.blocks.FoundBlockInfo;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.CreditStatus;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.ledger.store.ShareAggregate;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.node.HeaderInfo;
import org.sovereignpool.node.NodeException;
import org.sovereignpool.node.SubmitResult;
import org.sovereignpool.node.TemplateSource;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.testing.node.NodeFixtures;

/**
 * The ledger follows what Bitcoin Core says about a pool block in a reorganisation out and back, with the node's own
 * {@code getblockheader} answers (recorded, reorg2-02/06/11: confirmations 1, then -1, then 3): pending, orphaned
 * with its credits reversed, then pending again with its credits restored.
 */
class NodeChainViewReorgTest {
    private static final String D = "6257729df6b121b492d689d6a9f192a8ef34fc7080f45be8137859eddd820b16";

    /** A node that answers getblockheader with one recorded reply at a time; nothing else is asked. */
    private static final class RecordedHeaders implements TemplateSource {
        volatile String reply;

        @Override
        public Optional<HeaderInfo> blockHeader(Hash256 hash) {
            JsonNode r = NodeFixtures.json(reply).get("result");
            assertThat(r.get("hash").asText()).isEqualTo(hash.toDisplayHex());
            return Optional.of(new HeaderInfo(
                    hash,
                    r.get("height").asLong(),
                    r.get("confirmations").asLong(),
                    Hash256.fromDisplayHex(r.get("previousblockhash").asText())));
        }

        @Override
        public BlockTemplate template() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Hash256 bestBlockHash() throws NodeException {
            throw new NodeException(NodeException.Kind.UNREACHABLE, "getbestblockhash was not recorded here");
        }

        @Override
        public List<SubmitResult> submitBlock(byte[] block) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void preferBlock(Hash256 hash) {}

        @Override
        public void addBlockListener(Consumer<Hash256> listener) {}

        @Override
        public void start() {}

        @Override
        public void close() {}
    }

    @Test
    void aPoolBlockOrphanedAndBackFollowsTheNodesConfirmations(@TempDir Path dir) throws Exception {
        RecordedHeaders node = new RecordedHeaders();
        try (LedgerStore store = JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null)) {
            store.applyShares(
                    0,
                    0,
                    1,
                    List.of(new ShareAggregate(0, 1, 1, "alpha", "r1", 0, 1, 1.0, 1.0, 1_000, 1_000, 104, 0)),
                    0);
            BlockTracker tracker = new BlockTracker(
                    store,
                    new NodeChainView(node),
                    new Pplns(2.0),
                    0,
                    dir.resolve("found-blocks.jsonl"),
                    () -> 1,
                    () -> 1_795_974_600_000L);
            tracker.recordFoundBlock(new FoundBlockInfo(
                    104,
                    D,
                    new WorkerName("alpha", "r1"),
                    1_795_974_541_000L,
                    5_000_000_000L,
                    4.656542373906925e-10,
                    Map.of("node1", "accepted")));
            List<String> seen = new ArrayList<>();
            for (String reply : List.of(
                    "reorg2-02-getblockheader-D.json",
                    "reorg2-06-getblockheader-D-orphaned.json",
                    "reorg2-11-getblockheader-D-back-in-chain.json")) {
                node.reply = reply;
                tracker.poll();
                var b = store.block(D).orElseThrow();
                seen.add(b.status() + "/" + b.confirmations() + "/"
                        + store.creditsOfBlock(D).stream()
                                .map(Credit::status)
                                .map(CreditStatus::name)
                                .distinct()
                                .toList());
            }
            assertThat(seen).containsExactly("PENDING/1/[PENDING]", "ORPHANED/0/[REVERSED]", "PENDING/3/[PENDING]");
            assertThat(store.block(D).orElseThrow().status()).isEqualTo(BlockStatus.PENDING);
        }
    }
}
