package org.sovereignpool.config;

import java.util.HexFormat;
import java.util.Objects;
import org.bitcoinj.base.ScriptType;

/**
 * The treasury: the one address every coinbase pays. The address is checked against the network when
 * the record is made; the scriptPubKey is derived from it with bitcoinj.
 *
 * @param network the network the address must belong to
 * @param address the address as written in the configuration
 */
public record TreasuryConfig(Network network, String address) {
    public TreasuryConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        Addresses.decode(address, network); // throws IllegalArgumentException with the reason
    }

    /** The output script paying the treasury (a fresh copy on each call). */
    public byte[] scriptPubKey() {
        return Addresses.decode(address, network).scriptPubKey();
    }

    /** {@link #scriptPubKey()} as lower-case hex. */
    public String scriptPubKeyHex() {
        return HexFormat.of().formatHex(scriptPubKey());
    }

    /** The address type: P2PKH, P2SH, P2WPKH, P2WSH or P2TR. */
    public ScriptType scriptType() {
        return Addresses.decode(address, network).type();
    }
}
