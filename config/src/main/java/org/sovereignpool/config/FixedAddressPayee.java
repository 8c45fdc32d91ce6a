package org.sovereignpool.config;

import java.util.Objects;
import org.bitcoinj.base.ScriptType;

/** One address that every coinbase pays, whatever the index. Immutable. */
public final class FixedAddressPayee implements TreasuryPayee {
    private final Network network;
    private final String address;
    private final ScriptType scriptType;
    private final byte[] scriptPubKey;

    /**
     * @throws IllegalArgumentException if {@code address} is not a valid treasury address of {@code network}, with a
     *     message saying why
     */
    public FixedAddressPayee(Network network, String address) {
        this.network = Objects.requireNonNull(network, "network");
        this.address = Objects.requireNonNull(address, "address");
        Addresses.Decoded decoded = Addresses.decode(address, network);
        this.scriptType = decoded.type();
        this.scriptPubKey = decoded.scriptPubKey();
    }

    /** The address as written in the configuration. */
    public String address() {
        return address;
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public boolean freshPerIndex() {
        return false;
    }

    /** The address's output script, whatever {@code index} is (0..{@link #MAX_INDEX}). */
    @Override
    public byte[] scriptPubKey(long index) {
        TreasuryPayee.checkIndex(index);
        return scriptPubKey.clone();
    }

    @Override
    public String address(long index) {
        TreasuryPayee.checkIndex(index);
        return address;
    }

    @Override
    public ScriptType scriptType() {
        return scriptType;
    }

    @Override
    public String describe() {
        return address;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixedAddressPayee p && p.network == network && p.address.equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return address;
    }
}
