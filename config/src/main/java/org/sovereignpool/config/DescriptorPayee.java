package org.sovereignpool.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.bitcoinj.base.ScriptType;
import org.sovereignpool.config.descriptor.DerivedOutput;
import org.sovereignpool.config.descriptor.OutputDescriptor;

/**
 * A ranged output descriptor: index {@code i} pays the descriptor's output at {@code i}. The last {@value
 * #CACHE_SIZE} derived indexes are cached, so a job builder that asks for the current index once per job pays for the
 * elliptic curve work once per index. Thread-safe (the cache is guarded by this object's lock).
 */
public final class DescriptorPayee implements TreasuryPayee {
    /** Indexes kept: the current one and the few around it that a found block, a reorg or an audit touch. */
    static final int CACHE_SIZE = 64;

    private final OutputDescriptor descriptor;
    private final Map<Long, DerivedOutput> cache = new LinkedHashMap<>(CACHE_SIZE * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, DerivedOutput> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public DescriptorPayee(OutputDescriptor descriptor) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    }

    /**
     * Parses {@code descriptor} for {@code network}.
     *
     * @throws org.sovereignpool.config.descriptor.DescriptorException saying what is wrong
     */
    public static DescriptorPayee parse(Network network, String descriptor) {
        return new DescriptorPayee(OutputDescriptor.parse(descriptor, network));
    }

    public OutputDescriptor descriptor() {
        return descriptor;
    }

    /** Everything about the output at {@code index} (script, address, witness script), cached. */
    public DerivedOutput output(long index) {
        TreasuryPayee.checkIndex(index);
        synchronized (cache) {
            DerivedOutput cached = cache.get(index);
            if (cached != null) {
                return cached;
            }
        }
        // Derived outside the lock: two threads may both derive a new index, and get equal results.
        DerivedOutput derived = descriptor.derive(index);
        synchronized (cache) {
            cache.putIfAbsent(index, derived);
        }
        return derived;
    }

    @Override
    public Network network() {
        return descriptor.network();
    }

    @Override
    public boolean freshPerIndex() {
        return true;
    }

    @Override
    public byte[] scriptPubKey(long index) {
        return output(index).scriptPubKey();
    }

    @Override
    public String address(long index) {
        return output(index).address();
    }

    @Override
    public ScriptType scriptType() {
        return descriptor.scriptType();
    }

    @Override
    public String describe() {
        return descriptor.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DescriptorPayee p && p.descriptor.equals(descriptor);
    }

    @Override
    public int hashCode() {
        return descriptor.hashCode();
    }

    @Override
    public String toString() {
        return descriptor.toString();
    }
}
