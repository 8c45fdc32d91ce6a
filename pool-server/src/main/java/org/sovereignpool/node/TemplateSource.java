package org.sovereignpool.node;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.share.model.Hash256;

/**
 * Where block templates come from and solved blocks go: bitcoind ({@link BitcoindTemplateSource}) or the in-process
 * {@link org.sovereignpool.sim.chain.SimulatedChain}. Both pass the same contract test suite.
 *
 * <p>Thread-safe: the job manager calls {@link #template()} from its thread while the block submitter calls
 * {@link #submitBlock} from another.
 */
public interface TemplateSource extends AutoCloseable {

    /** A fresh template on the current tip. */
    BlockTemplate template() throws NodeException;

    /** The current tip. */
    Hash256 bestBlockHash() throws NodeException;

    /** The header of a block, empty when the source does not know it. */
    Optional<HeaderInfo> blockHeader(Hash256 hash) throws NodeException;

    /**
     * Submits a block to every node at once and waits for their answers (each bounded by the node's timeout). One
     * result per node, in configuration order. Never throws: a node that does not answer is a result too.
     */
    List<SubmitResult> submitBlock(byte[] block);

    /**
     * Asks every node to prefer this block among equal-work tips ({@code preciousblock}); used when our block is
     * one of two competing at the same height. Best effort.
     */
    void preferBlock(Hash256 hash);

    /**
     * Registers a listener for new tips. It is called with the new best block hash, on a thread of the source,
     * within milliseconds of the node learning of the block (ZMQ, long poll, or polling as a last resort).
     */
    void addBlockListener(Consumer<Hash256> listener);

    /** A new tip and the {@link System#nanoTime()} at which the source learnt of it (e.g. the ZMQ message arrived). */
    @FunctionalInterface
    interface TipListener {
        void newTip(Hash256 hash, long seenNanos);
    }

    /**
     * As {@link #addBlockListener}, with the time the tip was learnt; by default the time the listener is called. A
     * source that hears of blocks on its own threads (ZMQ) gives the message's arrival.
     */
    default void addTipListener(TipListener listener) {
        addBlockListener(hash -> listener.newTip(hash, System.nanoTime()));
    }

    /**
     * Registers a listener for a change of the node templates come from: the serving node failed (the next one takes
     * over), or a node that was down answers again (a preferred one takes back over; a single node's tip may have
     * moved while it was away, with no notification). The current template may be out of date: fetch a new one.
     * Called on a thread of the source. The simulated chain never calls it.
     */
    default void addSourceChangeListener(Runnable listener) {}

    /** Starts watching for new blocks. Idempotent. */
    void start();

    /** Stops watching and releases threads and sockets. */
    @Override
    void close();
}
