package org.sovereignpool.share.hash;

import java.util.HexFormat;

/**
 * Run by {@link VectorModuleAbsenceTest} in a child JVM started without {@code --add-modules
 * jdk.incubator.vector}: prints whether the Vector API is available and the genesis block hash from
 * {@link Sha256s#fastest()}.
 */
final class VectorAbsentProbe {

    private VectorAbsentProbe() {}

    public static void main(String[] args) {
        byte[] header = HexFormat.of().parseHex(Sha256ContractTest.GENESIS_HEADER);
        byte[] out = new byte[32];
        Sha256 fastest = Sha256s.fastest();
        fastest.doubleHashHeader(header, 0, out, 0);
        System.out.println("vectorAvailable=" + Sha256s.vectorAvailable());
        System.out.println("vectorBatchPresent=" + Sha256s.vectorBatch().isPresent());
        System.out.println("fastest=" + fastest.name());
        System.out.println("genesis=" + HexFormat.of().formatHex(Sha256ContractTest.reversed(out)));
    }
}
