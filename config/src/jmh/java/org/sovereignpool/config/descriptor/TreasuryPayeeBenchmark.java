package org.sovereignpool.config.descriptor;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.TreasuryConfig;
import org.sovereignpool.config.TreasuryPayee;

/**
 * What a treasury descriptor costs a job builder: deriving a new index (the elliptic curve work, once per index) and
 * asking the payee for the current index again (a cache hit, once per job). Core's recorded descriptors.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TreasuryPayeeBenchmark {
    @Param({"WPKH", "WSH_SORTEDMULTI_2_OF_3", "TR", "SH_WPKH"})
    public String kind;

    private String text;
    private OutputDescriptor descriptor;
    private TreasuryPayee payee;
    private long next;

    @Setup
    public void setUp() {
        text = CoreFixtures.Kind.valueOf(kind).descriptor();
        descriptor = OutputDescriptor.parse(text, Network.REGTEST);
        payee = TreasuryConfig.ofDescriptor(Network.REGTEST, text).payee();
        payee.scriptPubKey(7);
    }

    /** A new index: BIP 32 public derivation of each key, the script, the hashes and the address. */
    @Benchmark
    public DerivedOutput deriveNewIndex() {
        next = (next + 1) & OutputDescriptor.MAX_INDEX;
        return descriptor.derive(next);
    }

    /** The current index again, as each job build asks: a cache hit and a copy of the script. */
    @Benchmark
    public byte[] cachedScriptPubKey() {
        return payee.scriptPubKey(7);
    }

    /** Parsing and checking the descriptor (once, at start). */
    @Benchmark
    public OutputDescriptor parse() {
        return OutputDescriptor.parse(text, Network.REGTEST);
    }
}
