package org.sovereignpool.config.descriptor;

import java.util.Set;
import org.bitcoinj.base.Base58;
import org.bitcoinj.base.exceptions.AddressFormatException;

/**
 * Finds private keys in a descriptor before anything else reads it, so that no later message can repeat one. The
 * pool never holds private keys: a descriptor with an extended private key (xprv, tprv and their SLIP-132 cousins) or
 * a WIF key is refused whatever else is wrong with it.
 */
final class PrivateKeyMaterial {
    /** Extended private key prefixes (BIP 32 and SLIP-132), refused even when their base58 checksum is broken. */
    private static final Set<String> EXTENDED_PRIVATE_PREFIXES =
            Set.of("xprv", "tprv", "yprv", "zprv", "uprv", "vprv", "Yprv", "Zprv", "Uprv", "Vprv");

    private static final int EXTENDED_KEY_BYTES = 78;
    private static final int EXTENDED_KEY_DATA_OFFSET = 45;
    private static final int WIF_MAINNET = 0x80;
    private static final int WIF_TEST = 0xef;

    private PrivateKeyMaterial() {}

    /** @throws DescriptorException naming the kind of key (never the key) when {@code descriptor} holds one */
    static void refuse(String descriptor) {
        int i = 0;
        int n = descriptor.length();
        while (i < n) {
            if (!isBase58(descriptor.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isBase58(descriptor.charAt(i))) {
                i++;
            }
            String kind = kindOfPrivateKey(descriptor.substring(start, i));
            if (kind != null) {
                throw new DescriptorException("the descriptor holds " + kind
                        + "; refused: the pool never holds private keys. Give the public descriptor (xpub/tpub keys"
                        + " only, e.g. from Bitcoin Core's listdescriptors without 'private')");
            }
        }
    }

    /** What private key {@code token} is, e.g. {@code "an extended private key (tprv...)"}; null when it is none. */
    private static String kindOfPrivateKey(String token) {
        if (token.length() >= 4 && EXTENDED_PRIVATE_PREFIXES.contains(token.substring(0, 4))) {
            return "an extended private key (" + token.substring(0, 4) + "...)";
        }
        if (token.length() < 50) {
            return null; // shorter than any WIF (51/52) or extended key (111)
        }
        byte[] data;
        try {
            data = Base58.decodeChecked(token);
        } catch (AddressFormatException e) {
            return null;
        }
        if (data.length == EXTENDED_KEY_BYTES && data[EXTENDED_KEY_DATA_OFFSET] == 0) {
            return "an extended private key (" + token.substring(0, 4) + "...)";
        }
        int version = data.length > 0 ? data[0] & 0xff : -1;
        boolean wifLength = data.length == 33 || (data.length == 34 && data[33] == 1);
        if (wifLength && (version == WIF_MAINNET || version == WIF_TEST)) {
            return "a WIF private key (" + (version == WIF_MAINNET ? "mainnet" : "test network")
                    + (data.length == 34 ? ", compressed" : ", uncompressed") + ")";
        }
        return null;
    }

    private static boolean isBase58(char c) {
        return (c >= '1' && c <= '9')
                || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O')
                || (c >= 'a' && c <= 'z' && c != 'l');
    }
}
