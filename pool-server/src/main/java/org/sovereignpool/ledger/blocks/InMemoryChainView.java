package org.sovereignpool.ledger.blocks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A chain in memory for tests and the demo: the main chain is a list of block hashes (index = height - base); blocks
 * reorganised away are remembered as stale. Thread safe.
 */
public final class InMemoryChainView implements ChainView {
    private final List<String> main = new ArrayList<>();
    private final Set<String> stale = new HashSet<>();
    private final OptionalInt firstHeight;

    /** A chain whose heights are not known ({@link #tipHeight} is empty). */
    public InMemoryChainView() {
        this.firstHeight = OptionalInt.empty();
    }

    /** A chain whose first block (the first {@link #extend}ed or mined) is at {@code firstHeight}. */
    public InMemoryChainView(int firstHeight) {
        this.firstHeight = OptionalInt.of(firstHeight);
    }

    @Override
    public synchronized OptionalInt tipHeight() {
        return firstHeight.isEmpty() || main.isEmpty()
                ? OptionalInt.empty()
                : OptionalInt.of(firstHeight.getAsInt() + main.size() - 1);
    }

    /** Appends a block to the main chain. */
    public synchronized void extend(String hash) {
        main.add(hash);
    }

    /** Appends {@code count} filler blocks (hashes derived from the height). */
    public synchronized void mine(int count) {
        for (int i = 0; i < count; i++) {
            main.add(String.format("f%063x", main.size()));
        }
    }

    /** Removes the top {@code depth} blocks (they become stale) and appends {@code replacements}. */
    public synchronized void reorg(int depth, List<String> replacements) {
        if (depth < 0 || depth > main.size()) {
            throw new IllegalArgumentException("reorg depth " + depth + " outside 0.." + main.size());
        }
        for (int i = 0; i < depth; i++) {
            stale.add(main.removeLast());
        }
        main.addAll(replacements);
    }

    @Override
    public synchronized ChainStatus status(String blockHash) {
        int index = main.indexOf(blockHash);
        if (index >= 0) {
            return ChainStatus.inMainChain(main.size() - index);
        }
        return stale.contains(blockHash) ? ChainStatus.notInMainChain() : ChainStatus.unknown();
    }
}
