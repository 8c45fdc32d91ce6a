package org.sovereignpool.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.api.Test;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.testing.node.NodeFixtures;

class TransactionOutputsTest {
    /**
     * Block 112's coinbase against bitcoinj as the oracle, as the block holds it (witness serialization,
     * block-112-regtest.hex) and as the miner hashed it (coinb1 | extranonce1 | extranonce2 | coinb2 of the share
     * that found it, cpuminer-session.log).
     */
    @Test
    void block112sCoinbaseInBothSerializations() throws Exception {
        byte[] block = NodeFixtures.block112();
        Transaction coinbase = Transaction.read(ByteBuffer.wrap(Arrays.copyOfRange(block, 81, block.length)));
        byte[] withWitness = coinbase.serialize();
        String notify = NodeFixtures.text("cpuminer-session.log")
                .lines()
                .filter(l -> l.contains("\"mining.notify\"") && l.contains("6b05c4e300000003"))
                .findFirst()
                .orElseThrow();
        JsonNode params = new ObjectMapper()
                .readTree(notify.substring(notify.indexOf('{')))
                .get("params");
        byte[] legacy = Hex.decode(params.get(2).asText() + "e4c4056b" + "0000000000000000"
                + params.get(3).asText());
        for (byte[] tx : List.of(withWitness, legacy)) {
            List<TransactionOutputs.Output> outputs = TransactionOutputs.of(tx);
            assertThat(outputs).hasSize(coinbase.getOutputs().size());
            for (int i = 0; i < outputs.size(); i++) {
                assertThat(outputs.get(i).valueSats())
                        .isEqualTo(coinbase.getOutput(i).getValue().value);
                assertThat(outputs.get(i).script())
                        .isEqualTo(coinbase.getOutput(i).getScriptBytes());
            }
            assertThat(TransactionOutputs.paidTo(outputs, NodeFixtures.treasuryScript()))
                    .isEqualTo(5_000_032_000L);
        }
        assertThat(withWitness).isNotEqualTo(legacy);
    }

    @Test
    void somethingElseIsRefused() {
        byte[] tx = Hex.decode(NodeFixtures.json("audit/reorg-03-getblock-A-verbosity2.json")
                .at("/result/tx/0/hex")
                .asText());
        assertThatThrownBy(() -> TransactionOutputs.of(Arrays.copyOf(tx, tx.length - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> TransactionOutputs.of(Arrays.copyOf(tx, tx.length + 1)))
                .hasMessageContaining("trailing bytes");
        assertThatThrownBy(() -> TransactionOutputs.of(new byte[0])).hasMessageContaining("truncated");
        byte[] badFlag = tx.clone();
        badFlag[5] = 2;
        assertThatThrownBy(() -> TransactionOutputs.of(badFlag)).hasMessageContaining("witness flag");
    }
}
