package org.sovereignpool.app;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
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
        // getblockheader: 1 for the tip, more deeper down, -1 off the best chain (recorded: reorg2-06, reorg2-11)
        return confirmations >= 1
                ? ChainStatus.inMainChain((int) Math.min(Integer.MAX_VALUE, confirmations))
                : ChainStatus.notInMainChain();
    }

    @Override
    public OptionalInt tipHeight() throws IOException {
        try {
            Hash256 tip = source.bestBlockHash();
            Optional<HeaderInfo> header = source.blockHeader(tip);
            return header.isPresent() ? OptionalInt.of((int) header.get().height()) : OptionalInt.empty();
        } catch (NodeException e) {
            throw new IOException("cannot ask the node for its tip: " + e.getMessage(), e);
        }
    }
}
