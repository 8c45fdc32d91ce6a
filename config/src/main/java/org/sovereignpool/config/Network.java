package org.sovereignpool.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bitcoinj.base.BitcoinNetwork;

/** The Bitcoin network the pool mines on. */
public enum Network {
    MAINNET("mainnet", BitcoinNetwork.MAINNET, 210_000),
    /** Testnet4 (BIP 94): shares the {@code tb} / m / n / 2 address prefixes with bitcoinj's TESTNET. */
    TESTNET4("testnet4", BitcoinNetwork.TESTNET, 210_000),
    SIGNET("signet", BitcoinNetwork.SIGNET, 210_000),
    /** Bitcoin Core's regtest halves the subsidy every 150 blocks ({@code consensus.nSubsidyHalvingInterval}). */
    REGTEST("regtest", BitcoinNetwork.REGTEST, 150);

    private final String configName;
    private final BitcoinNetwork bitcoinNetwork;
    private final int subsidyHalvingInterval;

    Network(String configName, BitcoinNetwork bitcoinNetwork, int subsidyHalvingInterval) {
        this.configName = configName;
        this.bitcoinNetwork = bitcoinNetwork;
        this.subsidyHalvingInterval = subsidyHalvingInterval;
    }

    /** Blocks per halving of the block subsidy (50 BTC at height 0). */
    public int subsidyHalvingInterval() {
        return subsidyHalvingInterval;
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
