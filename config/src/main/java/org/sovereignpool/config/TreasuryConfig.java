package org.sovereignpool.config;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.bitcoinj.base.ScriptType;
import org.sovereignpool.config.descriptor.OutputDescriptor;

/**
 * The treasury every coinbase pays: one fixed address ({@code treasury.address}), or a ranged output descriptor
 * ({@code treasury.descriptor}) that gives a fresh address per found block. Either is checked against the network
 * when the record is made; the pool holds only public keys.
 *
 * @param network the network the address or the descriptor's keys must belong to
 * @param payee what the coinbase at a given treasury index pays
 */
public record TreasuryConfig(Network network, TreasuryPayee payee) {
    public TreasuryConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(payee, "payee");
        if (payee.network() != network) {
            throw new IllegalArgumentException(
                    "treasury payee is for " + payee.network() + " but the network is " + network);
        }
    }

    /**
     * A treasury paying one fixed address.
     *
     * @throws IllegalArgumentException if the address is not a valid treasury address of {@code network}
     */
    public TreasuryConfig(Network network, String address) {
        this(network, new FixedAddressPayee(network, address));
    }

    /**
     * A treasury paying a fresh output of {@code descriptor} at each index.
     *
     * @throws org.sovereignpool.config.descriptor.DescriptorException (an {@link IllegalArgumentException}) saying
     *     what is wrong with the descriptor
     */
    public static TreasuryConfig ofDescriptor(Network network, String descriptor) {
        return new TreasuryConfig(network, DescriptorPayee.parse(network, descriptor));
    }

    /** Whether this treasury is a descriptor (a fresh address per index) rather than one fixed address. */
    public boolean isDescriptor() {
        return payee instanceof DescriptorPayee;
    }

    /** The descriptor, for a descriptor treasury. */
    public Optional<OutputDescriptor> descriptor() {
        return payee instanceof DescriptorPayee d ? Optional.of(d.descriptor()) : Optional.empty();
    }

    /**
     * The fixed address as written in the configuration.
     *
     * @throws IllegalStateException for a descriptor treasury, which has no single address: use {@link #payee()}
     */
    public String address() {
        return fixed().address();
    }

    /**
     * The output script paying the fixed address (a fresh copy on each call).
     *
     * @throws IllegalStateException for a descriptor treasury: use {@code payee().scriptPubKey(index)}
     */
    public byte[] scriptPubKey() {
        return fixed().scriptPubKey(0);
    }

    /** {@link #scriptPubKey()} as lower-case hex. */
    public String scriptPubKeyHex() {
        return HexFormat.of().formatHex(scriptPubKey());
    }

    /** The output type: P2PKH, P2SH, P2WPKH, P2WSH or P2TR (for a descriptor, the type of every index). */
    public ScriptType scriptType() {
        return payee.scriptType();
    }

    /** The address, or the descriptor with its checksum, as written: for logs and summaries. */
    public String describe() {
        return payee.describe();
    }

    private FixedAddressPayee fixed() {
        if (payee instanceof FixedAddressPayee f) {
            return f;
        }
        throw new IllegalStateException("the treasury is a descriptor (treasury.descriptor), which pays a fresh"
                + " address per index: use payee().scriptPubKey(index), not a single address");
    }
}
