package org.sovereignpool.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bitcoinj.base.BitcoinNetwork;

/** The Bitcoin network the pool mines on. */
public enum Network {
    MAINNET("mainnet", BitcoinNetwork.MAINNET),
    /** Testnet4 (BIP 94): shares the {@code tb} / m / n / 2 address prefixes with bitcoinj's TESTNET. */
    TESTNET4("testnet4", BitcoinNetwork.TESTNET),
    SIGNET("signet", BitcoinNetwork.SIGNET),
    REGTEST("regtest", BitcoinNetwork.REGTEST);

    private final String configName;
    private final BitcoinNetwork bitcoinNetwork;

    Network(String configName, BitcoinNetwork bitcoinNetwork) {
        this.configName = configName;
        this.bitcoinNetwork = bitcoinNetwork;
    }

    /** The name used in configuration files: {@code mainnet}, {@code testnet4}, {@code signet}, {@code regtest}. */
    public String configName() {
        return configName;
    }

    /**
     * The bitcoinj network whose address prefixes this network uses. Testnet4 maps to {@link
     * BitcoinNetwork#TESTNET}: bitcoinj 0.17 has no separate testnet4, and the prefixes are the same.
     */
    public BitcoinNetwork bitcoinNetwork() {
        return bitcoinNetwork;
    }

    /** The network with this configuration name (exact, lower case). */
    public static Optional<Network> fromConfigName(String name) {
        return Arrays.stream(values()).filter(n -> n.configName.equals(name)).findFirst();
    }

    /** All configuration names, in declaration order. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(Network::configName).toList();
    }

    @Override
    public String toString() {
        return configName;
    }
}
