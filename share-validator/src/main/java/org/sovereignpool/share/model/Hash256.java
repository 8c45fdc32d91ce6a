package org.sovereignpool.share.model;

import java.util.Arrays;

/**
 * A 32-byte double-SHA256 result (block hash, txid, merkle root). Stored in <em>internal</em> byte order, the
 * order SHA-256 produces and blocks serialize; block explorers and RPC display it reversed. The factories
 * name the byte order they read, after bitcoinj's {@code Sha256Hash.wrapReversed}.
 */
public final class Hash256 {
    public static final int SIZE = 32;
    public static final Hash256 ZERO = new Hash256(new byte[SIZE]);

    private final byte[] internal;

    private Hash256(byte[] internal) {
        this.internal = internal;
    }

    public static Hash256 fromInternalBytes(byte[] bytes) {
        return fromInternalBytes(bytes, 0);
    }

    public static Hash256 fromInternalBytes(byte[] bytes, int off) {
        if (bytes.length - off < SIZE) {
            throw new IllegalArgumentException("a hash is 32 bytes, got " + (bytes.length - off));
        }
        return new Hash256(Arrays.copyOfRange(bytes, off, off + SIZE));
    }

    /** From the hex that RPC and explorers display (most significant byte first, i.e. reversed). */
    public static Hash256 fromDisplayHex(String hex) {
        byte[] b = Hex.decode(hex, SIZE, "hash");
        reverse(b);
        return new Hash256(b);
    }

    /** From hex in internal byte order (as in raw block bytes and Stratum merkle branch entries). */
    public static Hash256 fromInternalHex(String hex) {
        return new Hash256(Hex.decode(hex, SIZE, "hash"));
    }

    /**
     * From Stratum's {@code mining.notify} prevhash: internal byte order with each 4-byte word byte-swapped
     * (a historical artefact of the first pool software, kept by every miner).
     */
    public static Hash256 fromStratumPrevHash(String hex) {
        byte[] b = Hex.decode(hex, SIZE, "prevhash");
        swapWords(b);
        return new Hash256(b);
    }

    public String toDisplayHex() {
        byte[] b = internal.clone();
        reverse(b);
        return Hex.encode(b);
    }

    public String toInternalHex() {
        return Hex.encode(internal);
    }

    public String toStratumPrevHash() {
        byte[] b = internal.clone();
        swapWords(b);
        return Hex.encode(b);
    }

    public byte[] internalBytes() {
        return internal.clone();
    }

    public void copyInternalTo(byte[] dst, int off) {
        System.arraycopy(internal, 0, dst, off, SIZE);
    }

    private static void reverse(byte[] b) {
        for (int i = 0, j = b.length - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
    }

    private static void swapWords(byte[] b) {
        for (int w = 0; w < b.length; w += 4) {
            byte t0 = b[w];
            byte t1 = b[w + 1];
            b[w] = b[w + 3];
            b[w + 1] = b[w + 2];
            b[w + 2] = t1;
            b[w + 3] = t0;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash256 h && Arrays.equals(internal, h.internal);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(internal);
    }

    @Override
    public String toString() {
        return toDisplayHex();
    }
}
