package org.sovereignpool.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.script.ScriptBuilder;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.TreasuryConfig;
import org.sovereignpool.config.TreasuryPayee;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.LedgerStore;

/**
 * The chain check with a {@code treasury.descriptor}: each block's coinbase pays the descriptor's address at the
 * block's recorded index. The coinbases here pay Bitcoin Core's own derivations (bitcoinj turns Core's addresses into
 * scripts; shared/fixtures/bitcoin-core/recorded-2026-11-29/desc-02-wsh-sortedmulti-2of3-deriveaddresses-0-9.json),
 * so a tampered index, a missing one and an index paid twice in the main chain are each caught.
 */
class DescriptorChainCheckTest {
    /** desc-02-wsh-sortedmulti-2of3-getdescriptorinfo.json: Core's 2-of-3 descriptor with its checksum. */
    static final String MULTISIG = "wsh(sortedmulti(2,"
            + "tpubD6NzVbkrYhZ4WmDXgFvyU7X9pihFaXnt2QsGiSe9wQq2nycUBJhFASAYroBMh2jx6m4o2ZQENrYPzCwngX6y6u8nuW1m5u429JGE"
            + "ctg3Mcb/0/*,"
            + "tpubD6NzVbkrYhZ4WoWWqRAB9zfko6RfBQ6MAdoHXKxsfkbdEmzYAAD3PFpiGcDgHFtUhodcGWFF9YUqWjSZ6mbXqx8k9UEdtJrAFuNo"
            + "SMbsDkm/0/*,"
            + "tpubD6NzVbkrYhZ4XrxApd7R2Mnx9TrbxSpUh8ELfaa487C3kPEdDn6xPAu2VERD6sNEzVZF5Y98JBseCPxS4cgtAaQkS2FjoGg8PQwh"
            + "8FTAFn3/0/*))#vzcua83r";
    /** deriveaddresses [0,9] of it: indexes 0, 1 and 2. */
    static final List<String> CORE_ADDRESSES = List.of(
            "bcrt1qdgx7a62gjyd7spv8ryq0gqz8wcrcgragjxfrm6afxy3kg5q8dc9qtskwlc",
            "bcrt1qwgufmy5vg3juntgan2w2v6gh9xaj3jhjt3hhy620a85scsuq5wdskfghcg",
            "bcrt1qy84u2cphaaycwfcchnr7hmap582uxyh5z47hlz2nq6vded0tdzvs2k5eja");

    static final long REWARD = 5_000_000_000L;
    private final TreasuryPayee payee =
            TreasuryConfig.ofDescriptor(Network.REGTEST, MULTISIG).payee();
    private final List<BlockRecord> blocks = new ArrayList<>();
    private final Map<String, Optional<ChainBlock>> chain = new LinkedHashMap<>();

    static byte[] coreScript(String address) {
        return ScriptBuilder.createOutputScript(
                        AddressParser.getDefault(BitcoinNetwork.REGTEST).parseAddress(address))
                .program();
    }

    private static String hash(int i) {
        return String.format("%064x", i);
    }

    /** Block {@code i} recorded with {@code recordedIndex}; on chain its coinbase pays Core's address {@code paid}. */
    private void block(int i, long recordedIndex, int paid, long confirmations) {
        blocks.add(new BlockRecord(
                hash(i),
                100 + i,
                "demo",
                "w",
                i,
                REWARD,
                1e-4,
                0,
                0,
                Map.of(),
                confirmations > 0 ? BlockStatus.PENDING : BlockStatus.ORPHANED,
                (int) Math.max(confirmations, 0),
                false,
                i,
                BlockRecord.PPLNS,
                recordedIndex));
        chain.put(
                hash(i),
                Optional.of(new ChainBlock(
                        hash(i),
                        100 + i,
                        confirmations,
                        Optional.of(List.of(
                                new TransactionOutputs.Output(REWARD, coreScript(CORE_ADDRESSES.get(paid))))))));
    }

    private Outcome run() {
        LedgerSnapshot ledger = new LedgerSnapshot(
                List.of(),
                new LedgerStore.ReceiptHead(0, "0".repeat(64)),
                blocks,
                List.of(),
                0,
                Map.of(),
                LedgerSnapshot.ShareRows.of(List.of()));
        return ChainCheck.ofDescriptor(new ChainSnapshot("http://node", chain), payee)
                .run(ledger);
    }

    @Test
    void eachBlockPaysTheAddressOfItsRecordedIndex() {
        block(1, 0, 0, 2);
        block(2, 1, 1, 1);
        Outcome o = run();
        assertThat(o.ok()).as(o.toString()).isTrue();
        assertThat(o.summary())
                .contains("2 coinbases pay the treasury the recorded reward at each block's recorded"
                        + " descriptor index");
    }

    @Test
    void aTamperedIndexIsCaught() {
        block(1, 0, 0, 2);
        block(2, 2, 1, 1); // paid index 1 on chain, the ledger says 2
        assertThat(run().discrepancy().orElseThrow().toString())
                .isEqualTo("found_block " + hash(2) + " (height 102): treasury_index is 2, but the coinbase on chain"
                        + " pays the treasury's address at that index (" + CORE_ADDRESSES.get(2) + ") 0 sats,"
                        + " expected reward_sats 5000000000");
    }

    @Test
    void aBlockWithoutAnIndexIsCaught() {
        block(1, BlockRecord.NO_TREASURY_INDEX, 0, 1);
        assertThat(run().discrepancy().orElseThrow().problem())
                .startsWith("treasury_index is empty, but the treasury is a descriptor (wsh(sortedmulti(2,");
    }

    @Test
    void anIndexPaidByTwoMainChainBlocksIsCaughtButAnOrphanMayShareIt() {
        block(1, 0, 0, 3);
        block(2, 0, 0, -1); // lost the race at the same height: not in the main chain
        assertThat(run().ok()).isTrue();
        block(3, 0, 0, 1);
        assertThat(run().discrepancy().orElseThrow().problem())
                .isEqualTo("treasury_index 0 is also the index of found_block " + hash(1) + " (height 101), and both"
                        + " are in the main chain (an index is never paid by two found blocks)");
    }
}
