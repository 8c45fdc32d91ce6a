package org.sovereignpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.share.job.CoinbaseBuilder;
import org.sovereignpool.share.job.MerkleBranch;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.testing.node.NodeRpc;

/**
 * A block found by a miner reaches the node and is the block the treasury is owed: the pool's block hash is the
 * node's tip, and the block as the node stores it (getblock, verbosity 2) pays the treasury's script the whole
 * coinbasevalue of its template, carries its height as BIP 34 demands, and commits to its transactions' witnesses
 * (checked here again from the transactions' wtxids). The ledger records it with that reward, on H2 and PostgreSQL.
 */
class FoundBlockNodeIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RegtestPool.Ledger.class)
    void aFoundBlockIsTheNodesTipAndPaysTheTreasuryTheWholeCoinbaseValue(RegtestPool.Ledger ledger) throws Exception {
        try (RegtestPool p = RegtestPool.start(dir, RegtestPool.Setup.defaults().ledger(ledger))) {
            StratumTestMiner miner = p.miner("finder");
            StratumTestMiner.Notify job = miner.latest();
            long coinbaseValue =
                    p.pool.jobs().templateFor(job.job().id()).orElseThrow().coinbaseValue();
            int txs = p.pool.jobs()
                    .templateFor(job.job().id())
                    .orElseThrow()
                    .transactions()
                    .size();
            assertThat(txs).as("the template carries mempool transactions").isPositive();

            StratumTestMiner.Share share = miner.mine(job, true);
            JsonNode reply = miner.submit(share);
            assertThat(StratumTestMiner.errorCode(reply)).as(reply.toString()).isZero();
            String hash = share.hash().toDisplayHex();
            await().atMost(Duration.ofSeconds(10)).until(() -> p.result(hash).isPresent());
            BlockResult result = p.result(hash).orElseThrow();
            assertThat(result.outcome()).isEqualTo("accepted");

            NodeRpc node = p.rpc(0);
            assertThat(node.bestBlockHash()).isEqualTo(hash);
            JsonNode block = node.call("getblock", hash, 2);
            int height = p.pool.jobs().templateFor(job.job().id()).orElseThrow().height();
            assertThat(block.get("height").asInt()).isEqualTo(height);
            JsonNode tx = block.get("tx");
            assertThat(tx).hasSize(txs + 1);
            JsonNode coinbase = tx.get(0);

            // the whole coinbasevalue to the treasury's script; the only other output is the zero-value commitment
            JsonNode vout = coinbase.get("vout");
            assertThat(vout.get(0).get("scriptPubKey").get("hex").asText()).isEqualTo(RegtestPool.treasuryScriptHex());
            assertThat(vout.get(0).get("scriptPubKey").get("address").asText()).isEqualTo(RegtestPool.TREASURY);
            assertThat(sats(vout.get(0).get("value"))).isEqualTo(coinbaseValue);
            long total = 0;
            for (JsonNode o : vout) {
                total += sats(o.get("value"));
            }
            assertThat(total).isEqualTo(coinbaseValue);

            // BIP 34: the scriptSig starts with the height, minimally pushed
            assertThat(coinbase.get("vin").get(0).get("coinbase").asText())
                    .startsWith(Hex.encode(
                            CoinbaseBuilder.heightPush(block.get("height").asInt())));

            // BIP 141: the commitment is SHA256d(witness merkle root | reserved value) over the block's wtxids
            List<Hash256> wtxids = new ArrayList<>();
            wtxids.add(Hash256.ZERO);
            for (int i = 1; i < tx.size(); i++) {
                wtxids.add(Hash256.fromDisplayHex(tx.get(i).get("hash").asText()));
            }
            byte[] reserved = Hex.decode(
                    coinbase.get("vin").get(0).get("txinwitness").get(0).asText());
            byte[] buf = new byte[64];
            MerkleBranch.rootOf(wtxids).copyInternalTo(buf, 0);
            System.arraycopy(reserved, 0, buf, 32, 32);
            String commitment = "6a24aa21a9ed" + Hex.encode(org.sovereignpool.testing.node.TestMiner.sha256d(buf));
            assertThat(vout.get(vout.size() - 1).get("scriptPubKey").get("hex").asText())
                    .isEqualTo(commitment);

            // the ledger: found, pending, the whole reward
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> p.pool.store().block(hash).isPresent());
            BlockRecord record = p.pool.store().block(hash).orElseThrow();
            assertThat(record.rewardSats()).isEqualTo(coinbaseValue);
            assertThat(record.status()).isEqualTo(BlockStatus.PENDING);
            assertThat(record.height()).isEqualTo(height);
        }
    }

    private static long sats(JsonNode btc) {
        return new BigDecimal(btc.asText()).movePointRight(8).longValueExact();
    }
}
