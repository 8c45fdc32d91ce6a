package org.sovereignpool.sim.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sovereignpool.share.model.Hash256;

/**
 * A transaction decoded from its wire form (BIP 144 witness serialization or legacy), with txid and wtxid computed
 * as Bitcoin Core does. Only what the simulated chain checks is kept.
 */
record RawTransaction(
        byte[] raw, Hash256 txid, Hash256 wtxid, boolean hasWitness, List<Input> inputs, List<Output> outputs) {

    record Input(Hash256 prevTxid, long prevIndex, byte[] scriptSig, List<byte[]> witness) {}

    record Output(long value, byte[] script) {}

    boolean isCoinbase() {
        return inputs.size() == 1
                && inputs.get(0).prevTxid().equals(Hash256.ZERO)
                && inputs.get(0).prevIndex() == 0xffffffffL;
    }

    long outputValue() {
        return outputs.stream().mapToLong(Output::value).sum();
    }

    /** Thrown for bytes that are not a block or transaction: Core's "Block decode failed". */
    static final class DecodeException extends Exception {
        private static final long serialVersionUID = 1L;

        DecodeException(String message) {
            super(message);
        }
    }

    /** A cursor over bytes that fails on reading past the end. */
    static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data, int pos) {
            this.data = data;
            this.pos = pos;
        }

        int pos() {
            return pos;
        }

        boolean atEnd() {
            return pos == data.length;
        }

        int u8() throws DecodeException {
            need(1);
            return data[pos++] & 0xff;
        }

        int peek(int ahead) throws DecodeException {
            if (pos + ahead >= data.length) {
                throw new DecodeException("unexpected end of data");
            }
            return data[pos + ahead] & 0xff;
        }

        long u32() throws DecodeException {
            need(4);
            long v = (data[pos] & 0xffL)
                    | (data[pos + 1] & 0xffL) << 8
                    | (data[pos + 2] & 0xffL) << 16
                    | (data[pos + 3] & 0xffL) << 24;
            pos += 4;
            return v;
        }

        long i64() throws DecodeException {
            long lo = u32();
            long hi = u32();
            return lo | hi << 32;
        }

        long varInt() throws DecodeException {
            int first = u8();
            long v;
            if (first < 0xfd) {
                return first;
            } else if (first == 0xfd) {
                v = u8() | (long) u8() << 8;
                if (v < 0xfd) throw new DecodeException("non-canonical CompactSize");
            } else if (first == 0xfe) {
                v = u32();
                if (v <= 0xffff) throw new DecodeException("non-canonical CompactSize");
            } else {
                v = i64();
                if (v >= 0 && v <= 0xffffffffL) throw new DecodeException("non-canonical CompactSize");
            }
            if (v < 0 || v > 4_000_000) {
                throw new DecodeException("size too large");
            }
            return v;
        }

        byte[] bytes(long n) throws DecodeException {
            if (n < 0 || n > data.length - pos) {
                throw new DecodeException("unexpected end of data");
            }
            byte[] out = Arrays.copyOfRange(data, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }

        private void need(int n) throws DecodeException {
            if (data.length - pos < n) {
                throw new DecodeException("unexpected end of data");
            }
        }
    }

    /** Reads one transaction at the reader's position. */
    static RawTransaction read(Reader r, byte[] data) throws DecodeException {
        int start = r.pos();
        r.u32(); // version
        boolean witness = false;
        if (r.peek(0) == 0 && r.peek(1) == 1) {
            r.u8();
            r.u8();
            witness = true;
        }
        int bodyStart = r.pos();
        long nIn = r.varInt();
        if (nIn == 0) {
            throw new DecodeException("a transaction without inputs");
        }
        List<Hash256> prevs = new ArrayList<>();
        List<Long> indices = new ArrayList<>();
        List<byte[]> scripts = new ArrayList<>();
        for (long i = 0; i < nIn; i++) {
            prevs.add(Hash256.fromInternalBytes(r.bytes(32)));
            indices.add(r.u32());
            scripts.add(r.bytes(r.varInt()));
            r.u32(); // sequence
        }
        long nOut = r.varInt();
        List<Output> outputs = new ArrayList<>();
        for (long i = 0; i < nOut; i++) {
            long value = r.i64();
            outputs.add(new Output(value, r.bytes(r.varInt())));
        }
        int bodyEnd = r.pos();
        List<List<byte[]>> witnesses = new ArrayList<>();
        boolean anyWitness = false;
        for (long i = 0; i < nIn; i++) {
            List<byte[]> stack = new ArrayList<>();
            if (witness) {
                long items = r.varInt();
                for (long j = 0; j < items; j++) {
                    stack.add(r.bytes(r.varInt()));
                }
                anyWitness |= items > 0;
            }
            witnesses.add(stack);
        }
        if (witness && !anyWitness) {
            throw new DecodeException("superfluous witness record");
        }
        r.u32(); // locktime
        int end = r.pos();
        byte[] raw = Arrays.copyOfRange(data, start, end);
        Hash256 wtxid = Hash256.fromInternalBytes(Hashes.doubleSha256(raw));
        Hash256 txid = wtxid;
        if (witness) {
            // txid: version | inputs and outputs | locktime, without marker, flag and witnesses
            byte[] stripped = new byte[4 + (bodyEnd - bodyStart) + 4];
            System.arraycopy(data, start, stripped, 0, 4);
            System.arraycopy(data, bodyStart, stripped, 4, bodyEnd - bodyStart);
            System.arraycopy(data, end - 4, stripped, stripped.length - 4, 4);
            txid = Hash256.fromInternalBytes(Hashes.doubleSha256(stripped));
        }
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < nIn; i++) {
            inputs.add(new Input(prevs.get(i), indices.get(i), scripts.get(i), List.copyOf(witnesses.get(i))));
        }
        return new RawTransaction(raw, txid, wtxid, witness, List.copyOf(inputs), List.copyOf(outputs));
    }

    /** Decodes exactly one transaction. */
    static RawTransaction decode(byte[] data) throws DecodeException {
        Reader r = new Reader(data, 0);
        RawTransaction tx = read(r, data);
        if (!r.atEnd()) {
            throw new DecodeException("trailing bytes after the transaction");
        }
        return tx;
    }
}
