package org.sovereignpool.config;

import org.bitcoinj.base.ScriptType;

/**
 * Whom a coinbase pays at address index {@code index}: either one fixed address ({@link FixedAddressPayee}, the index
 * is ignored) or a ranged output descriptor ({@link DescriptorPayee}, a fresh output per index).
 *
 * <p>How the job builder uses it (org.sovereignpool.treasury.TreasuryIndexes in pool-server): a job is built for
 * one index, the treasury's current one, and pays {@code scriptPubKey(index)}; a found block records that index with
 * the block, and the next job uses the next index, so no index is paid by two found blocks. Calls are cheap once an
 * index has been derived (implementations cache), and thread-safe.
 */
public sealed interface TreasuryPayee permits FixedAddressPayee, DescriptorPayee {
    /** The highest index: BIP 32 unhardened child numbers are 0..2^31-1. */
    long MAX_INDEX = 0x7fffffffL;

    /** "No index": what a job or block paying a fixed address records. */
    long NO_INDEX = -1;

    Network network();

    /** Whether different indexes pay different outputs (a descriptor) or all the same (a fixed address). */
    boolean freshPerIndex();

    /**
     * The output script at {@code index} (a fresh copy).
     *
     * @throws IllegalArgumentException if {@code index} is outside 0..{@link #MAX_INDEX}
     */
    byte[] scriptPubKey(long index);

    /** The address at {@code index}; same index rules as {@link #scriptPubKey}. */
    String address(long index);

    /** The type of every output this payee gives: P2PKH, P2SH, P2WPKH, P2WSH or P2TR. */
    ScriptType scriptType();

    /** The address, or the descriptor with its checksum: what the operator wrote, for logs and summaries. */
    String describe();

    /** @throws IllegalArgumentException unless {@code index} is 0..{@link #MAX_INDEX} */
    static long checkIndex(long index) {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("treasury index must be 0.." + MAX_INDEX + ", got " + index);
        }
        return index;
    }
}
