package org.sovereignpool.job;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sovereignpool.config.Network;
import org.sovereignpool.node.HeaderInfo;
import org.sovereignpool.share.model.Hex;

/**
 * The template of a block with the coinbase alone on a new tip, built from the tip's header before the node's
 * template is fetched (the empty job large pools send the moment a block is announced). Its fields are those
 * Bitcoin Core's {@code getblocktemplate} gives with an empty mempool: height = the tip's + 1, {@code
 * previousblockhash} = the tip, {@code bits} = the tip's (no retarget in between), {@code mintime} = the tip's median
 * time past + 1, {@code curtime} = max(now, mintime), {@code coinbasevalue} = the subsidy at that height (no fees), no
 * transactions, and the witness commitment of a block whose only witness is the coinbase's reserved value (gbt-empty.json
 * in the Bitcoin Core fixtures has it: {@code 6a24aa21a9ed e2f61c3f…8cf9}). The version is the last template's.
 *
 * <p>When the bits of the next block cannot be known from the tip alone, there is no empty template: at a
 * retarget (a height that is a multiple of 2016 on mainnet and signet) and on testnet4 (its minimum-difficulty rule
 * makes them depend on the block's time). Regtest never retargets. Pure: time is passed in.
 */
public final class EmptyTemplate {
    /** Blocks between two difficulty retargets. */
    public static final int RETARGET_INTERVAL = 2016;
    /** 50 BTC, the first subsidy. */
    public static final long INITIAL_SUBSIDY = 50L * 100_000_000L;
    /** {@code default_witness_commitment} of a template without transactions (Core, gbt-empty.json). */
    static final String EMPTY_WITNESS_COMMITMENT_HEX =
            "6a24aa21a9ede2f61c3f71d1defd3fa999dfa36953755c690689799962b48bebd836974e8cf9";

    private static final byte[] EMPTY_WITNESS_COMMITMENT = Hex.decode(EMPTY_WITNESS_COMMITMENT_HEX);

    /** An empty template, or why there is none. */
    public record Built(Optional<BlockTemplate> template, String whyNot) {
        public Built {
            Objects.requireNonNull(template, "template");
        }

        static Built none(String why) {
            return new Built(Optional.empty(), why);
        }
    }

    private EmptyTemplate() {}

    /**
     * @param network the chain (its halving interval and retarget rules)
     * @param last the last template the node gave (its version; whether blocks commit to witnesses; a check that its
     *     coinbase value is this chain's subsidy plus its fees)
     * @param tip the new tip's header ({@code getblockheader}), with its bits and median time
     * @param nowSeconds the pool's clock
     */
    public static Built on(Network network, BlockTemplate last, HeaderInfo tip, long nowSeconds) {
        if (tip.bits() == null || tip.medianTime() < 0) {
            return Built.none("the header has no bits or mediantime");
        }
        if (tip.confirmations() != 1) {
            return Built.none(
                    "block " + tip.hash() + " is no longer the tip (" + tip.confirmations() + " confirmations)");
        }
        long height = tip.height() + 1;
        if (network == Network.TESTNET4) {
            return Built.none("on testnet4 the next bits depend on the block's time (minimum-difficulty blocks)");
        }
        if (network != Network.REGTEST && height % RETARGET_INTERVAL == 0) {
            return Built.none("height " + height + " is a difficulty retarget");
        }
        long lastFees = last.transactions().stream()
                .mapToLong(BlockTemplate.Transaction::fee)
                .sum();
        if (last.coinbaseValue() - lastFees != subsidy(network, last.height())) {
            return Built.none("the last template's coinbase value " + last.coinbaseValue() + " less its fees "
                    + lastFees + " is not the subsidy " + subsidy(network, last.height()) + " at height "
                    + last.height() + " on " + network);
        }
        if (height > 0xffffffffL) {
            return Built.none("height out of range");
        }
        long minTime = tip.medianTime() + 1;
        long curTime = Math.max(nowSeconds, minTime);
        return new Built(
                Optional.of(new BlockTemplate(
                        last.version(),
                        tip.hash(),
                        List.of(),
                        subsidy(network, height),
                        "",
                        minTime,
                        curTime,
                        tip.bits(),
                        (int) height,
                        last.defaultWitnessCommitment().map(c -> EMPTY_WITNESS_COMMITMENT.clone()))),
                null);
    }

    /** The block subsidy at {@code height}: 50 BTC halved every 210,000 blocks (every 150 on regtest). */
    public static long subsidy(Network network, long height) {
        long halvings = height / network.subsidyHalvingInterval();
        return halvings >= 64 ? 0 : INITIAL_SUBSIDY >> halvings;
    }
}
