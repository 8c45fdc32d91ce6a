package org.sovereignpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.Network;
import org.sovereignpool.node.HeaderInfo;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.testing.node.NodeFixtures;

class EmptyTemplateTest {
    /** Recorded with Bitcoin Core regtest (gbt-with-txs.json): height 112, 50 BTC + fees, a witness commitment. */
    private static final BlockTemplate LAST = NodeFixtures.template112();

    private static final Hash256 TIP = NodeFixtures.BLOCK_112;
    private static final CompactBits TIP_BITS = CompactBits.fromHex("207fffff");
    /** blockheader-112-regtest.json: time and mediantime of block 112. */
    private static final long TIP_TIME = 1795540270L;

    private static final long TIP_MEDIAN_TIME = 1795540191L;

    private static HeaderInfo tip(long height, long confirmations) {
        return new HeaderInfo(TIP, height, confirmations, NodeFixtures.BLOCK_111, TIP_TIME, TIP_MEDIAN_TIME, TIP_BITS);
    }

    @Test
    void theFieldsAreThoseOfCoresTemplateWithAnEmptyMempoolOnTheNewTip() {
        EmptyTemplate.Built built = EmptyTemplate.on(Network.REGTEST, LAST, tip(112, 1), TIP_TIME + 5);

        BlockTemplate t = built.template().orElseThrow();
        assertThat(t.height()).isEqualTo(113);
        assertThat(t.previousBlockHash()).isEqualTo(TIP);
        assertThat(t.bits()).isEqualTo(TIP_BITS);
        assertThat(t.version()).isEqualTo(LAST.version());
        assertThat(t.transactions()).isEmpty();
        assertThat(t.coinbaseValue()).as("the subsidy alone").isEqualTo(5_000_000_000L);
        assertThat(t.minTime()).isEqualTo(TIP_MEDIAN_TIME + 1);
        assertThat(t.curTime()).isEqualTo(TIP_TIME + 5);
        // the commitment Core's getblocktemplate gives with no transactions (gbt-empty.json)
        String recorded = NodeFixtures.json("gbt-empty.json")
                .get("default_witness_commitment")
                .asText();
        assertThat(Hex.encode(t.witnessCommitmentOrNull())).isEqualTo(recorded);
        assertThat(BlockTemplate.parse(NodeFixtures.json("gbt-empty.json")).witnessCommitmentOrNull())
                .isEqualTo(t.witnessCommitmentOrNull());
    }

    @Test
    void theTimeIsNeverBelowTheMedianTimePastPlusOne() {
        long before = TIP_MEDIAN_TIME - 100; // a pool clock behind the chain
        BlockTemplate t = EmptyTemplate.on(Network.REGTEST, LAST, tip(112, 1), before)
                .template()
                .orElseThrow();
        assertThat(t.curTime()).isEqualTo(TIP_MEDIAN_TIME + 1);
        assertThat(t.minTime()).isEqualTo(TIP_MEDIAN_TIME + 1);
    }

    @Test
    void theSubsidyHalvesAtTheNetworksInterval() {
        assertThat(EmptyTemplate.subsidy(Network.REGTEST, 149)).isEqualTo(5_000_000_000L);
        assertThat(EmptyTemplate.subsidy(Network.REGTEST, 150)).isEqualTo(2_500_000_000L);
        assertThat(EmptyTemplate.subsidy(Network.MAINNET, 209_999)).isEqualTo(5_000_000_000L);
        assertThat(EmptyTemplate.subsidy(Network.MAINNET, 840_000)).isEqualTo(312_500_000L); // the 2024 halving
        assertThat(EmptyTemplate.subsidy(Network.MAINNET, 64L * 210_000)).isZero();
        // regtest block 150 follows a tip at 149: half of 50 BTC
        BlockTemplate t = EmptyTemplate.on(Network.REGTEST, LAST, tip(149, 1), TIP_TIME)
                .template()
                .orElseThrow();
        assertThat(t.coinbaseValue()).isEqualTo(2_500_000_000L);
    }

    @Test
    void noEmptyTemplateWhenTheNextBitsAreNotTheTips() {
        // mainnet and signet retarget at every multiple of 2016
        assertThat(EmptyTemplate.on(Network.MAINNET, mainnetLast(), tip(2015, 1), TIP_TIME)
                        .template())
                .isEmpty();
        assertThat(EmptyTemplate.on(Network.SIGNET, mainnetLast(), tip(4031, 1), TIP_TIME)
                        .whyNot())
                .contains("retarget");
        assertThat(EmptyTemplate.on(Network.MAINNET, mainnetLast(), tip(2016, 1), TIP_TIME)
                        .template())
                .isPresent();
        // regtest never retargets
        assertThat(EmptyTemplate.on(Network.REGTEST, LAST, tip(2015, 1), TIP_TIME)
                        .template())
                .isPresent();
        // testnet4's minimum-difficulty blocks make the bits depend on the time
        assertThat(EmptyTemplate.on(Network.TESTNET4, mainnetLast(), tip(5000, 1), TIP_TIME)
                        .whyNot())
                .contains("testnet4");
    }

    @Test
    void noEmptyTemplateOnABlockThatIsNoLongerTheTipOrAHeaderWithoutItsFields() {
        assertThat(EmptyTemplate.on(Network.REGTEST, LAST, tip(112, 2), TIP_TIME)
                        .whyNot())
                .contains("no longer the tip");
        HeaderInfo bare = new HeaderInfo(TIP, 112, 1, NodeFixtures.BLOCK_111);
        assertThat(EmptyTemplate.on(Network.REGTEST, LAST, bare, TIP_TIME).template())
                .isEmpty();
    }

    @Test
    void noEmptyTemplateWhenTheLastTemplatesValueIsNotThisNetworksSubsidyPlusFees() {
        // the recorded regtest template read as mainnet's would still match (50 BTC at 112 on both); at regtest
        // height 150 it would not: 25 BTC there, 50 BTC on mainnet
        BlockTemplate regtestAt150 = withHeightAndValue(LAST, 150, 2_500_000_000L + fees(LAST));
        assertThat(EmptyTemplate.on(Network.REGTEST, regtestAt150, tip(150, 1), TIP_TIME)
                        .template())
                .isPresent();
        assertThat(EmptyTemplate.on(Network.MAINNET, regtestAt150, tip(150, 1), TIP_TIME)
                        .whyNot())
                .contains("is not the subsidy");
    }

    @Test
    void noWitnessCommitmentWhenTheNodesTemplatesHaveNone() {
        BlockTemplate withoutCommitment = new BlockTemplate(
                LAST.version(),
                LAST.previousBlockHash(),
                List.of(),
                5_000_000_000L,
                "",
                LAST.minTime(),
                LAST.curTime(),
                LAST.bits(),
                LAST.height(),
                Optional.empty());
        BlockTemplate t = EmptyTemplate.on(Network.REGTEST, withoutCommitment, tip(112, 1), TIP_TIME)
                .template()
                .orElseThrow();
        assertThat(t.defaultWitnessCommitment()).isEmpty();
    }

    private static long fees(BlockTemplate t) {
        return t.transactions().stream()
                .mapToLong(BlockTemplate.Transaction::fee)
                .sum();
    }

    private static BlockTemplate mainnetLast() {
        return withHeightAndValue(LAST, 1000, 5_000_000_000L + fees(LAST));
    }

    private static BlockTemplate withHeightAndValue(BlockTemplate t, int height, long value) {
        return new BlockTemplate(
                t.version(),
                t.previousBlockHash(),
                t.transactions(),
                value,
                t.longPollId(),
                t.minTime(),
                t.curTime(),
                t.bits(),
                height,
                t.defaultWitnessCommitment());
    }
}
