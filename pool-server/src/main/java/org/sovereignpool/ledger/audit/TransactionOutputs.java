package org.sovereignpool.ledger.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The outputs of one serialized transaction (legacy or BIP 144 witness serialization), as a coinbase comes from
 * {@code getblock <hash> 2} in {@code tx[0].hex}: the exact satoshis and scripts, where the JSON's {@code value} is
 * a decimal number of BTC.
 */
public final class TransactionOutputs {
    /** One output. */
    public record Output(long valueSats, byte[] script) {
        public Output {
            script = script.clone();
        }

        @Override
        public byte[] script() {
            return script.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Output other && valueSats == other.valueSats && Arrays.equals(script, other.script);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(valueSats) * 31 + Arrays.hashCode(script);
        }

        @Override
        public String toString() {
            return valueSats + " sats to " + org.sovereignpool.share.model.Hex.encode(script);
        }
    }

    private TransactionOutputs() {}

    /**
     * The outputs of {@code tx}.
     *
     * @throws IllegalArgumentException the bytes are not one whole transaction
     */
    public static List<Output> of(byte[] tx) {
        Reader r = new Reader(tx);
        r.skip(4); // version
        boolean witness = r.peek() == 0;
        if (witness) {
            r.skip(1); // marker
            if (r.byteAt() != 1) {
                throw new IllegalArgumentException("bad witness flag");
            }
        }
        long inputs = r.varInt();
        if (inputs == 0) {
            throw new IllegalArgumentException("a transaction without inputs");
        }
        for (long i = 0; i < inputs; i++) {
            r.skip(36);
            r.skip(r.varInt());
            r.skip(4);
        }
        long count = r.varInt();
        List<Output> outputs = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long value = r.int64();
            outputs.add(new Output(value, r.bytes(r.varInt())));
        }
        if (witness) {
            for (long i = 0; i < inputs; i++) {
                long items = r.varInt();
                for (long k = 0; k < items; k++) {
                    r.skip(r.varInt());
                }
            }
        }
        r.skip(4); // locktime
        if (!r.atEnd()) {
            throw new IllegalArgumentException("trailing bytes after the transaction");
        }
        return List.copyOf(outputs);
    }

    /** Satoshis the outputs pay to {@code script}. */
    public static long paidTo(List<Output> outputs, byte[] script) {
        long paid = 0;
        for (Output o : outputs) {
            if (Arrays.equals(o.script, script)) {
                paid += o.valueSats;
            }
        }
        return paid;
    }

    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean atEnd() {
            return pos == data.length;
        }

        int peek() {
            need(1);
            return data[pos] & 0xff;
        }

        int byteAt() {
            need(1);
            return data[pos++] & 0xff;
        }

        void skip(long n) {
            need(n);
            pos += (int) n;
        }

        byte[] bytes(long n) {
            need(n);
            byte[] out = Arrays.copyOfRange(data, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }

        long int64() {
            need(8);
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (data[pos + i] & 0xff);
            }
            pos += 8;
            return v;
        }

        long varInt() {
            int first = byteAt();
            int size = first < 0xfd ? 0 : first == 0xfd ? 2 : first == 0xfe ? 4 : 8;
            if (size == 0) {
                return first;
            }
            need(size);
            long v = 0;
            for (int i = size - 1; i >= 0; i--) {
                v = (v << 8) | (data[pos + i] & 0xff);
            }
            pos += size;
            if (v < 0 || v > data.length) {
                throw new IllegalArgumentException(
                        "a length of " + v + " in a transaction of " + data.length + " bytes");
            }
            return v;
        }

        private void need(long n) {
            if (n < 0 || n > data.length - pos) {
                throw new IllegalArgumentException("truncated transaction at byte " + pos);
            }
        }
    }
}
