package org.sovereignpool.app;

import java.util.Arrays;

/**
 * Reads a coinbase transaction (txid serialization) to tell how much of it pays a given scriptPubKey: the check that
 * every block the pool found pays the treasury, logged with the block and asserted by the end-to-end tests.
 */
public final class CoinbasePayout {
    private CoinbasePayout() {}

    /** Satoshis the coinbase's outputs pay to {@code scriptPubKey}. */
    public static long paidTo(byte[] coinbase, byte[] scriptPubKey) {
        Reader r = new Reader(coinbase);
        r.skip(4); // version
        long inputs = r.varInt();
        for (long i = 0; i < inputs; i++) {
            r.skip(36);
            r.skip(r.varInt());
            r.skip(4);
        }
        long outputs = r.varInt();
        long paid = 0;
        for (long i = 0; i < outputs; i++) {
            long value = r.int64();
            int length = (int) r.varInt();
            if (Arrays.equals(coinbase, r.pos, r.pos + length, scriptPubKey, 0, scriptPubKey.length)) {
                paid += value;
            }
            r.skip(length);
        }
        return paid;
    }

    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        void skip(long n) {
            if (n < 0 || pos + n > data.length) {
                throw new IllegalArgumentException("truncated coinbase at byte " + pos);
            }
            pos += (int) n;
        }

        long int64() {
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (data[pos + i] & 0xff);
            }
            skip(8);
            return v;
        }

        long varInt() {
            int first = data[pos] & 0xff;
            skip(1);
            if (first < 0xfd) {
                return first;
            }
            int size = first == 0xfd ? 2 : first == 0xfe ? 4 : 8;
            long v = 0;
            for (int i = size - 1; i >= 0; i--) {
                v = (v << 8) | (data[pos + i] & 0xff);
            }
            skip(size);
            return v;
        }
    }
}
