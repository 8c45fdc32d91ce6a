package org.sovereignpool.config.descriptor;

import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.crypto.ChildNumber;

/**
 * Where an extended key came from ({@code [fingerprint/path]} in a descriptor): the fingerprint of the master key
 * and the (usually hardened) derivation path from it to the key. The pool does not need it to derive addresses; it is
 * carried so that the descriptor stays complete for the signers, and the fingerprints tell apart the treasury's keys.
 *
 * @param fingerprint the first four bytes of HASH160 of the master public key, big-endian
 * @param path the steps from the master key to the key that follows the origin
 */
public record KeyOrigin(int fingerprint, List<ChildNumber> path) {
    public KeyOrigin {
        path = List.copyOf(path);
    }

    /** The fingerprint as eight lower-case hex characters, as written in descriptors. */
    public String fingerprintHex() {
        return HexFormat.of().toHexDigits(fingerprint);
    }

    /** {@code [d34db33f/48h/0h/0h/2h]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[").append(fingerprintHex());
        for (ChildNumber step : path) {
            sb.append('/').append(step.num()).append(step.isHardened() ? "h" : "");
        }
        return sb.append(']').toString();
    }
}
