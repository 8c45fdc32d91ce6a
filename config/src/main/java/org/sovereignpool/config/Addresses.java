package org.sovereignpool.config;

import java.util.ArrayList;
import java.util.List;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.base.SegwitAddress;
import org.bitcoinj.base.exceptions.AddressFormatException;
import org.bitcoinj.script.ScriptBuilder;

/** Decodes payout addresses with bitcoinj and explains why one is not acceptable. */
final class Addresses {
    static final String SUPPORTED = "P2PKH, P2SH, P2WPKH, P2WSH or P2TR";

    private Addresses() {}

    /** A decoded address: its output type and scriptPubKey. */
    record Decoded(ScriptType type, byte[] scriptPubKey) {}

    /**
     * Decodes {@code address} for {@code network}.
     *
     * @throws IllegalArgumentException with a message fit for a {@link ConfigError} when the address is
     *     undecodable, belongs to another network, or is of an unsupported type
     */
    static Decoded decode(String address, Network network) {
        Address parsed = tryParse(address, network);
        if (parsed == null) {
            List<String> others = new ArrayList<>();
            for (Network n : Network.values()) {
                if (n != network && tryParse(address, n) != null) {
                    others.add(n.configName());
                }
            }
            if (!others.isEmpty()) {
                throw new IllegalArgumentException(
                        address + " is a " + joinOr(others) + " address; network is " + network.configName());
            }
            throw new IllegalArgumentException("'" + address + "' is not a valid Bitcoin address (expected " + SUPPORTED
                    + " for " + network.configName() + ", starting with " + prefixes(network) + ")");
        }
        ScriptType type;
        try {
            type = parsed.getOutputScriptType();
        } catch (IllegalStateException e) {
            type = null;
        }
        if (type == null || !isSupported(type)) {
            String kind = parsed instanceof SegwitAddress s
                    ? "a segwit version " + s.getWitnessVersion() + " address with a " + s.getWitnessProgram().length
                            + "-byte program"
                    : "an address of type " + type;
            throw new IllegalArgumentException(address + " is " + kind + "; the treasury must be " + SUPPORTED);
        }
        return new Decoded(type, ScriptBuilder.createOutputScript(parsed).program());
    }

    private static boolean isSupported(ScriptType type) {
        return switch (type) {
            case P2PKH, P2SH, P2WPKH, P2WSH, P2TR -> true;
            case P2PK -> false;
        };
    }

    private static Address tryParse(String address, Network network) {
        try {
            return AddressParser.getDefault(network.bitcoinNetwork()).parseAddress(address);
        } catch (AddressFormatException e) {
            return null;
        }
    }

    private static String prefixes(Network network) {
        return switch (network) {
            case MAINNET -> "'1', '3' or 'bc1'";
            case TESTNET4, SIGNET -> "'m', 'n', '2' or 'tb1'";
            case REGTEST -> "'m', 'n', '2' or 'bcrt1'";
        };
    }

    private static String joinOr(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
