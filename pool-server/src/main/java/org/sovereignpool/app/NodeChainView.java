package org.sovereignpool.app;

import java.io.IOException;
import java.util.Optional;
import org.sovereignpool.ledger.blocks.ChainView;
import org.sovereignpool.node.HeaderInfo;
import org.sovereignpool.node.NodeException;
import org.sovereignpool.node.TemplateSource;
import org.sovereignpool.share.model.Hash256;

/** The ledger's view of a block's fate, read from the node with {@code getblockheader}. */
final class NodeChainView implements ChainView {
    private final TemplateSource source;

    NodeChainView(TemplateSource source) {
        this.source = source;
    }

    @Override
    public ChainStatus status(String blockHash) throws IOException {
        Optional<HeaderInfo> header;
        try {
            header = source.blockHeader(Hash256.fromDisplayHex(blockHash));
        } catch (NodeException e) {
            throw new IOException("cannot ask the node about block " + blockHash + ": " + e.getMessage(), e);
        }
        if (header.isEmpty()) {
            return ChainStatus.unknown();
        }
        long confirmations = header.get().confirmations();
        return confirmations >= 1
                ? ChainStatus.inMainChain((int) Math.min(Integer.MAX_VALUE, confirmations))
                : ChainStatus.notInMainChain();
    }
}
