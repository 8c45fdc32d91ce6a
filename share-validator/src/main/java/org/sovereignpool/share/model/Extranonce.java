package org.sovereignpool.share.model;

import java.util.Arrays;

/**
 * Raw extranonce bytes as they are placed into the coinbase (no byte-order conversion): extranonce1 is
 * chosen by the pool per connection, extranonce2 by the miner per share.
 */
public final class Extranonce {
    public static final int MAX_SIZE = 8;

    private final byte[] bytes;

    private Extranonce(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Extranonce of(byte[] bytes) {
        if (bytes.length == 0 || bytes.length > MAX_SIZE) {
            throw new IllegalArgumentException("an extranonce is 1..8 bytes, got " + bytes.length);
        }
        return new Extranonce(bytes.clone());
    }

    public static Extranonce fromHex(String hex) {
        return of(Hex.decode(hex));
    }

    /** Packs the bytes big-endian into a long, the share path's allocation-free form of extranonce2. */
    public long toLong() {
        long v = 0;
        for (byte b : bytes) {
            v = (v << 8) | (b & 0xff);
        }
        return v;
    }

    public static Extranonce fromLong(long value, int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("an extranonce is 1..8 bytes, got " + size);
        }
        byte[] b = new byte[size];
        for (int i = size - 1; i >= 0; i--) {
            b[i] = (byte) value;
            value >>>= 8;
        }
        return new Extranonce(b);
    }

    public int size() {
        return bytes.length;
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, bytes.length);
    }

    public String toHex() {
        return Hex.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Extranonce e && Arrays.equals(bytes, e.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
