package org.sovereignpool.testing.pool;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.node.HeaderInfo;
import org.sovereignpool.node.SubmitResult;
import org.sovereignpool.node.TemplateSource;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.sim.chain.SimulatedChain;

/**
 * One simulated chain seen by several pool nodes in one process, as several bitcoinds of one network would be: each
 * node gets its own view, and closing a node does not stop the chain for the others. Tests override what a node
 * should do differently.
 */
public class SharedChain implements TemplateSource {
    protected final SimulatedChain chain;

    public SharedChain(SimulatedChain chain) {
        this.chain = chain;
    }

    @Override
    public BlockTemplate template() {
        return chain.template();
    }

    @Override
    public Hash256 bestBlockHash() {
        return chain.bestBlockHash();
    }

    @Override
    public Optional<HeaderInfo> blockHeader(Hash256 hash) {
        return chain.blockHeader(hash);
    }

    @Override
    public List<SubmitResult> submitBlock(byte[] block) {
        return chain.submitBlock(block);
    }

    @Override
    public void preferBlock(Hash256 hash) {
        chain.preferBlock(hash);
    }

    @Override
    public void addBlockListener(Consumer<Hash256> listener) {
        chain.addBlockListener(listener);
    }

    @Override
    public void start() {}

    @Override
    public void close() {}
}
