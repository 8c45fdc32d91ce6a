package org.sovereignpool.config.descriptor;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * What a descriptor gives at one index: the output script a coinbase pays, its address, and for P2WSH the witness
 * script the signers will need. Immutable: accessors return copies.
 */
public final class DerivedOutput {
    private final long index;
    private final byte[] scriptPubKey;
    private final String address;
    private final byte[] witnessScript;

    DerivedOutput(long index, byte[] scriptPubKey, String address, byte[] witnessScript) {
        this.index = index;
        this.scriptPubKey = scriptPubKey.clone();
        this.address = Objects.requireNonNull(address, "address");
        this.witnessScript = witnessScript == null ? null : witnessScript.clone();
    }

    public long index() {
        return index;
    }

    /** The output script (a fresh copy). */
    public byte[] scriptPubKey() {
        return scriptPubKey.clone();
    }

    public String scriptPubKeyHex() {
        return HexFormat.of().formatHex(scriptPubKey);
    }

    public String address() {
        return address;
    }

    /** The witness script of a {@code wsh()} output (a fresh copy); empty for other kinds. */
    public Optional<byte[]> witnessScript() {
        return Optional.ofNullable(witnessScript).map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DerivedOutput d
                && d.index == index
                && Arrays.equals(d.scriptPubKey, scriptPubKey)
                && d.address.equals(address)
                && Arrays.equals(d.witnessScript, witnessScript);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Arrays.hashCode(scriptPubKey);
    }

    @Override
    public String toString() {
        return index + " " + address;
    }
}
