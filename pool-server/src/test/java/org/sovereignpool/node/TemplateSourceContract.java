package org.sovereignpool.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.testing.node.NodeFixtures;

/**
 * The contract every {@link TemplateSource} keeps, run against each implementation. Each starts where the recorded
 * regtest node was: tip block 111, the template for block 112 (gbt-with-txs.json) and block 112 not yet submitted.
 */
abstract class TemplateSourceContract {
    protected TemplateSource source;

    /** A fresh source at the recorded state. */
    protected abstract TemplateSource create();

    @BeforeEach
    void open() {
        source = create();
    }

    @AfterEach
    void closeSource() {
        source.close();
    }

    @Test
    void theTemplateBuildsOnTheTip() throws Exception {
        BlockTemplate t = source.template();
        assertThat(t.previousBlockHash()).isEqualTo(source.bestBlockHash()).isEqualTo(NodeFixtures.BLOCK_111);
        assertThat(t.height()).isEqualTo(112);
        assertThat(t.bits().toHex()).isEqualTo("207fffff");
        assertThat(t.minTime()).isLessThanOrEqualTo(t.curTime());
        assertThat(t.defaultWitnessCommitment()).isPresent();
    }

    @Test
    void templateTransactionsCarryTheirRealTxidAndWtxid() throws Exception {
        BlockTemplate t = source.template();
        assertThat(t.transactions()).isNotEmpty();
        for (BlockTemplate.Transaction tx : t.transactions()) {
            Transaction oracle = Transaction.read(ByteBuffer.wrap(tx.data()));
            assertThat(oracle.getTxId().toString()).isEqualTo(tx.txid().toDisplayHex());
            assertThat(oracle.getWTxId().toString()).isEqualTo(tx.wtxid().toDisplayHex());
        }
    }

    @Test
    void theCoinbaseValueIsTheSubsidyPlusTheFees() throws Exception {
        BlockTemplate t = source.template();
        long fees = t.transactions().stream()
                .mapToLong(BlockTemplate.Transaction::fee)
                .sum();
        assertThat(t.coinbaseValue()).isEqualTo(50 * 100_000_000L + fees);
    }

    @Test
    void theRecordedBlockIsAcceptedOnceAndTheChainAdvances() throws Exception {
        List<SubmitResult> first = source.submitBlock(NodeFixtures.block112());
        assertThat(first).isNotEmpty().allSatisfy(r -> assertThat(r.reply()).isNull());
        assertThat(source.bestBlockHash()).isEqualTo(NodeFixtures.BLOCK_112);
        HeaderInfo header = source.blockHeader(NodeFixtures.BLOCK_112).orElseThrow();
        assertThat(header.height()).isEqualTo(112);
        assertThat(header.onBestChain()).isTrue();
        assertThat(header.previousBlockHash()).isEqualTo(NodeFixtures.BLOCK_111);
        BlockTemplate next = source.template();
        assertThat(next.previousBlockHash()).isEqualTo(NodeFixtures.BLOCK_112);
        assertThat(next.height()).isEqualTo(113);

        List<SubmitResult> again = source.submitBlock(NodeFixtures.block112());
        assertThat(again).allSatisfy(r -> {
            assertThat(r.reply()).isEqualTo("duplicate");
            assertThat(r.nodeHasBlock()).isTrue();
        });
    }

    @Test
    void listenersHearTheNewTip() throws Exception {
        List<Hash256> heard = new CopyOnWriteArrayList<>();
        source.addBlockListener(heard::add);
        source.template(); // the source has seen where the chain is
        source.start();
        source.submitBlock(NodeFixtures.block112());
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains(NodeFixtures.BLOCK_112));
        assertThat(heard).containsOnly(NodeFixtures.BLOCK_112);
    }

    @Test
    void undecodableBlocksGetCoresDecodeError() {
        List<SubmitResult> results = source.submitBlock(Hex.decode("0000"));
        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(SubmitResult.Status.ERROR);
            assertThat(r.reason()).isEqualTo(NodeFixtures.submitblockReplies().get("truncated-hex"));
        });
    }

    @Test
    void anUnknownBlockHasNoHeader() throws Exception {
        assertThat(source.blockHeader(Hash256.fromDisplayHex("11".repeat(32)))).isEmpty();
    }

    @Test
    void preferringTheTipChangesNothing() throws Exception {
        source.submitBlock(NodeFixtures.block112());
        source.preferBlock(NodeFixtures.BLOCK_112);
        assertThat(source.bestBlockHash()).isEqualTo(NodeFixtures.BLOCK_112);
    }
}
