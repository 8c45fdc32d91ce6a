package org.sovereignpool.share.knownanswer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sovereignpool.share.hash.Sha256;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.job.MerkleBranch;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Extranonce;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.share.testing.Fixtures;
import org.sovereignpool.share.testing.MessageDigestSha256;
import org.sovereignpool.share.testing.RawBlock;
import org.sovereignpool.share.validate.JobSlot;
import org.sovereignpool.share.validate.SessionWork;
import org.sovereignpool.share.validate.ShareSubmission;
import org.sovereignpool.share.validate.ShareValidator;
import org.sovereignpool.share.validate.ShareVerdict;

/** Known answers from real Bitcoin data (sources in src/test/resources/fixtures/README.md). */
class RealBitcoinDataTest {
    private final Sha256 sha = new MessageDigestSha256();

    /** The genesis block header, as in Bitcoin Core's chainparams.cpp (CreateGenesisBlock). */
    private static final String GENESIS_HEADER = "01000000" + "00".repeat(32)
            + "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a" + "29ab5f49" + "ffff001d" + "1dac2b7c";

    @Test
    void genesisHeaderHashesToTheGenesisBlockHash() {
        byte[] header = Hex.decode(GENESIS_HEADER);
        byte[] hash = new byte[32];
        sha.doubleHashHeader(header, 0, hash, 0);
        assertThat(Hash256.fromInternalBytes(hash).toDisplayHex())
                .isEqualTo("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
        assertThat(new CompactBits(0x1d00ffff).toTarget().isMetBy(hash, 0)).isTrue();
        assertThat(Hash256.fromInternalBytes(header, 36).toDisplayHex())
                .isEqualTo("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
    }

    @Test
    void mainnetBlock413567MerkleRootHeaderHashAndBip34Height() {
        RawBlock block = new RawBlock(Fixtures.bytes("block-413567-mainnet.raw"));
        assertThat(block.transactions).hasSizeGreaterThan(1000);

        assertThat(MerkleBranch.rootOf(block.txids)).isEqualTo(block.merkleRootInHeader());

        // the same root through the miner's path: the coinbase txid folded up the branch built from the rest
        MerkleBranch branch = MerkleBranch.fromTxids(block.txids.subList(1, block.txids.size()));
        byte[] node = new byte[MerkleBranch.SCRATCH_SIZE];
        block.txids.get(0).copyInternalTo(node, 0);
        branch.foldInto(node, sha);
        assertThat(Hash256.fromInternalBytes(node)).isEqualTo(block.merkleRootInHeader());
        assertThat(branch.depth()).isEqualTo(32 - Integer.numberOfLeadingZeros(block.txids.size() - 1));

        byte[] hash = new byte[32];
        sha.doubleHashHeader(block.header, 0, hash, 0);
        CompactBits bits = new CompactBits(block.bits());
        assertThat(bits.toHex()).isEqualTo("18058436");
        assertThat(bits.toTarget().isMetBy(hash, 0)).isTrue();
        // the hash every block explorer lists for height 413567
        assertThat(Hash256.fromInternalBytes(hash).toDisplayHex())
                .isEqualTo("0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069");

        assertThat(block.bip34Height()).isEqualTo(413567);
    }

    @Test
    void difficultiesAsBitcoinCoreReportsThem() {
        assertThat(new CompactBits(0x1d00ffff).difficulty().value()).isEqualTo(1.0);
        // Block 413567's bits (2016): Bitcoin Core reports difficulty 199312067531.2430
        assertThat(CompactBits.fromHex("18058436").difficulty().value()).isCloseTo(199312067531.243, within(0.001));
        // getblockheader of regtest block 112 (fixtures/blockheader-112-regtest.json)
        JsonNode header = Fixtures.json("blockheader-112-regtest.json");
        CompactBits regtest = CompactBits.fromHex(header.get("bits").asText());
        // Core prints 16 significant digits
        assertThat(regtest.difficulty().value())
                .isCloseTo(header.get("difficulty").asDouble(), withinPercentage(1e-13));
        assertThat(regtest.toTarget().toHex()).isEqualTo(header.get("target").asText());
        // diff1 is the target of difficulty 1
        assertThat(Difficulty.ONE.toTarget()).isEqualTo(new CompactBits(0x1d00ffff).toTarget());
    }

    @Test
    void theCpuminerShareRebuildsBlock112() {
        // line 22 of the session: {"params": [user, "6b05c4e300000003", "0000000000000000", "6b05c52e", "15017e22"]}
        JsonNode submit = Fixtures.stratumLogLine(22).get("params");
        String jobId = submit.get(1).asText();
        JsonNode notify = Fixtures.notifyParams(jobId);
        JsonNode subscribeReply = Fixtures.stratumLogLine(4).get("result");

        Job job = jobFromNotify(notify);
        SessionWork work = new SessionWork(
                Extranonce.fromHex(subscribeReply.get(1).asText()),
                subscribeReply.get(2).asInt());
        JobSlot slot = work.issue(job, Difficulty.ONE);
        ShareSubmission share = ShareSubmission.fromStratum(
                submit.get(2).asText(), submit.get(3).asText(), submit.get(4).asText(), null);

        ShareValidator validator = new ShareValidator(Sha256s.fastest());
        ShareVerdict verdict = validator.validate(work, work.find(Job.parseId(jobId)), false, share, share.ntime());

        JsonNode recorded = Fixtures.json("blockheader-112-regtest.json");
        assertThat(validator.hash().toDisplayHex())
                .isEqualTo("00000000670091fdbab88e7ba5ba844fd27501de6d056765a51e6aeb6e5069da")
                .isEqualTo(recorded.get("hash").asText());
        assertThat(verdict).isEqualTo(ShareVerdict.BLOCK); // regtest's target is easy: this share is a block
        assertThat(validator.rejectBesidesBlock()).isEqualTo(ShareVerdict.ACCEPTED);
        String blockHex = Fixtures.text("block-112-regtest.hex").strip();
        assertThat(Hex.encode(validator.copyHeader())).isEqualTo(blockHex.substring(0, 160));
        assertThat(slot.job()).isSameAs(job);

        // and the next notify names that block as its parent in Stratum's word-swapped encoding
        JsonNode next = Fixtures.notifyParams("6b05c4e300000005");
        assertThat(validator.hash().toStratumPrevHash()).isEqualTo(next.get(1).asText());
        assertThat(Hash256.fromStratumPrevHash(next.get(1).asText())).isEqualTo(validator.hash());
    }

    @Test
    void merkleBranchFromTheTemplateMatchesWhatThePoolSentTheMiner() {
        JsonNode gbt = Fixtures.json("gbt-with-txs.json");
        List<Hash256> txids = new ArrayList<>();
        for (JsonNode tx : gbt.get("transactions")) {
            txids.add(Hash256.fromDisplayHex(tx.get("txid").asText()));
        }
        JsonNode notify = Fixtures.notifyParams("6b05c4e300000003");
        List<String> sent = new ArrayList<>();
        notify.get(4).forEach(h -> sent.add(h.asText()));

        assertThat(MerkleBranch.fromTxids(txids).toStratumHex()).isEqualTo(sent);
        assertThat(Hash256.fromStratumPrevHash(notify.get(1).asText()))
                .isEqualTo(Hash256.fromDisplayHex(gbt.get("previousblockhash").asText()));
    }

    static Job jobFromNotify(JsonNode p) {
        List<String> branch = new ArrayList<>();
        p.get(4).forEach(h -> branch.add(h.asText()));
        return Job.builder()
                .id(Job.parseId(p.get(0).asText()))
                .prevHash(Hash256.fromStratumPrevHash(p.get(1).asText()))
                .coinbase1(Hex.decode(p.get(2).asText()))
                .coinbase2(Hex.decode(p.get(3).asText()))
                .merkleBranch(MerkleBranch.fromStratumHex(branch))
                .version((int) Hex.parseUint32(p.get(5).asText()))
                .bits(CompactBits.fromHex(p.get(6).asText()))
                .ntime((int) Hex.parseUint32(p.get(7).asText()))
                .cleanJobs(p.get(8).asBoolean())
                .build();
    }
}
