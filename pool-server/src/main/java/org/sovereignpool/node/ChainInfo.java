package org.sovereignpool.node;

import java.util.Objects;
import org.sovereignpool.share.model.Hash256;

/**
 * What the pool reads from {@code getblockchaininfo}.
 *
 * @param chain Bitcoin Core's chain name: main, test, testnet4, signet, regtest
 * @param blocks the height of the best block
 * @param headers the best header height known
 * @param bestBlockHash the tip
 * @param initialBlockDownload whether the node is still syncing
 */
public record ChainInfo(String chain, long blocks, long headers, Hash256 bestBlockHash, boolean initialBlockDownload) {
    public ChainInfo {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(bestBlockHash, "bestBlockHash");
    }
}
