package org.sovereignpool.share.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.share.testing.Fixtures;
import org.sovereignpool.share.testing.MessageDigestSha256;
import org.sovereignpool.share.validate.JobSlot;
import org.sovereignpool.share.validate.SessionWork;
import org.sovereignpool.share.validate.ShareSubmission;
import org.sovereignpool.share.validate.ShareValidator;
import org.sovereignpool.share.validate.ShareVerdict;

/** Block assembly against the recorded regtest block 112 (fixtures/README.md). */
class BlockAssemblerTest {

    /**
     * The recorded pool's coinb1/coinb2 (job 6b05c4e300000003 in cpuminer-session.log), the share that solved it
     * (extranonce1 e4c4056b, extranonce2 0000000000000000, ntime 6b05c52e, nonce 15017e22) and the template's
     * transactions (gbt-with-txs.json) assemble into exactly the bytes of block-112-regtest.hex.
     */
    @Test
    void recordedShareAndTemplateAssembleIntoBlock112() {
        JsonNode notify = Fixtures.notifyParams("6b05c4e300000003");
        JsonNode gbt = Fixtures.json("gbt-with-txs.json");
        List<Hash256> txids = new ArrayList<>();
        List<byte[]> txData = new ArrayList<>();
        for (JsonNode tx : gbt.get("transactions")) {
            txids.add(Hash256.fromDisplayHex(tx.get("txid").asText()));
            txData.add(Hex.decode(tx.get("data").asText()));
        }
        Job job = Job.builder()
                .id(Job.parseId(notify.get(0).asText()))
                .height(gbt.get("height").asInt())
                .prevHash(Hash256.fromDisplayHex(gbt.get("previousblockhash").asText()))
                .coinbase1(Hex.decode(notify.get(2).asText()))
                .coinbase2(Hex.decode(notify.get(3).asText()))
                .merkleBranch(MerkleBranch.fromTxids(txids))
                .version(gbt.get("version").asInt())
                .bits(CompactBits.fromHex(gbt.get("bits").asText()))
                .ntime((int) Hex.parseUint32(notify.get(7).asText()))
                .minTime(gbt.get("mintime").asInt())
                .build();
        // the branch the pool built from the template's txids is the one it sent
        assertThat(job.merkleBranch().toStratumHex())
                .containsExactlyElementsOf(
                        java.util.stream.StreamSupport.stream(notify.get(4).spliterator(), false)
                                .map(JsonNode::asText)
                                .toList());

        SessionWork work = new SessionWork(Extranonce.fromHex("e4c4056b"), 8);
        JobSlot slot = work.issue(job, org.sovereignpool.share.model.Difficulty.ONE);
        ShareValidator validator = new ShareValidator(new MessageDigestSha256());
        ShareSubmission share = ShareSubmission.fromStratum("0000000000000000", "6b05c52e", "15017e22", null);
        assertThat(validator.validate(work, slot, false, share, 1795540270L)).isEqualTo(ShareVerdict.BLOCK);

        byte[] block =
                BlockAssembler.assemble(validator.copyHeader(), validator.coinbaseOf(work, job, share), true, txData);

        assertThat(Hex.encode(block))
                .isEqualTo(Fixtures.text("block-112-regtest.hex").strip());
        assertThat(validator.hash().toDisplayHex())
                .isEqualTo("00000000670091fdbab88e7ba5ba844fd27501de6d056765a51e6aeb6e5069da");
    }

    @Test
    void withoutWitnessTheCoinbaseIsCopiedAsIs() {
        byte[] coinbase =
                Hex.decode(Fixtures.notifyParams("6b05c4e300000003").get(2).asText()
                        + "e4c4056b0000000000000000"
                        + Fixtures.notifyParams("6b05c4e300000003").get(3).asText());
        byte[] header = new byte[80];
        byte[] block = BlockAssembler.assemble(header, coinbase, false, List.of());
        assertThat(block.length).isEqualTo(80 + 1 + coinbase.length);
        assertThat(block[80]).isEqualTo((byte) 1);
        assertThat(java.util.Arrays.copyOfRange(block, 81, block.length)).isEqualTo(coinbase);

        byte[] withWitness = BlockAssembler.coinbaseForBlock(coinbase, true);
        assertThat(withWitness.length).isEqualTo(coinbase.length + 2 + 2 + 32);
        assertThat(Hex.encode(withWitness, 4, 2)).isEqualTo("0001");
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        byte[] coinbase = new byte[100];
        assertThatThrownBy(() -> BlockAssembler.assemble(new byte[79], coinbase, true, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("80 bytes");
        assertThatThrownBy(() -> BlockAssembler.assemble(new byte[80], new byte[10], true, List.of()))
                .hasMessageContaining("at least 60 bytes");
        byte[] segwit = BlockAssembler.coinbaseForBlock(coinbase, true);
        assertThatThrownBy(() -> BlockAssembler.assemble(new byte[80], segwit, true, List.of()))
                .hasMessageContaining("txid serialization");
    }
}
