package org.sovereignpool.sim.chain;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.sovereignpool.share.job.CoinbaseBuilder;
import org.sovereignpool.share.model.Hash256;

/**
 * A transaction decoded from its wire form (BIP 144 witness serialization or legacy), with txid and wtxid computed
 * as Bitcoin Core does, and every field {@code getblock} shows. Immutable apart from the byte arrays it hands out,
 * which callers must not change (simulation code only).
 *
 * @param raw the transaction as serialized (with witnesses when it has any)
 * @param version nVersion
 * @param inputs in order
 * @param outputs in order
 * @param lockTime nLockTime
 */
public record RawTransaction(
        byte[] raw,
        Hash256 txid,
        Hash256 wtxid,
        boolean hasWitness,
        int version,
        List<Input> inputs,
        List<Output> outputs,
        long lockTime) {

    /** The final sequence number: an input with it does not enable nLockTime. */
    public static final long SEQUENCE_FINAL = 0xffffffffL;

    /**
     * One input.
     *
     * @param prevIndex the spent output's index (0xffffffff in a coinbase)
     * @param sequence nSequence, unsigned
     * @param witness the witness stack, empty when the input has none
     */
    public record Input(Hash256 prevTxid, long prevIndex, byte[] scriptSig, long sequence, List<byte[]> witness) {
        public Input {
            Objects.requireNonNull(prevTxid, "prevTxid");
            Objects.requireNonNull(scriptSig, "scriptSig");
            witness = List.copyOf(witness);
        }
    }

    /** One output: satoshis and scriptPubKey. */
    public record Output(long value, byte[] script) {}

    public RawTransaction {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public boolean isCoinbase() {
        return inputs.size() == 1
                && inputs.get(0).prevTxid().equals(Hash256.ZERO)
                && inputs.get(0).prevIndex() == 0xffffffffL;
    }

    public long outputValue() {
        return outputs.stream().mapToLong(Output::value).sum();
    }

    /** Bytes without witness data (what the txid hashes). */
    public int strippedSize() {
        return serialize(false).length;
    }

    /** BIP 141 weight: stripped size × 3 + total size. */
    public int weight() {
        return strippedSize() * 3 + raw.length;
    }

    /** BIP 141 virtual size: weight / 4, rounded up. */
    public int vsize() {
        return (weight() + 3) / 4;
    }

    /** This transaction with each input's witness stack replaced (e.g. the coinbase's reserved value added). */
    public RawTransaction withWitnesses(List<List<byte[]>> witnesses) {
        if (witnesses.size() != inputs.size()) {
            throw new IllegalArgumentException("one witness stack per input");
        }
        List<Input> in = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Input old = inputs.get(i);
            in.add(new Input(old.prevTxid(), old.prevIndex(), old.scriptSig(), old.sequence(), witnesses.get(i)));
        }
        boolean witness = in.stream().anyMatch(i -> !i.witness().isEmpty());
        RawTransaction draft = new RawTransaction(new byte[0], txid, txid, witness, version, in, outputs, lockTime);
        byte[] bytes = draft.serialize(witness);
        return new RawTransaction(
                bytes,
                txid,
                Hash256.fromInternalBytes(Hashes.doubleSha256(bytes)),
                witness,
                version,
                in,
                outputs,
                lockTime);
    }

    /** The transaction serialized with (BIP 144) or without its witnesses. */
    public byte[] serialize(boolean withWitness) {
        boolean witness =
                withWitness && inputs.stream().anyMatch(i -> !i.witness().isEmpty());
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 64);
        writeInt32(out, version);
        if (witness) {
            out.write(0);
            out.write(1);
        }
        CoinbaseBuilder.writeVarInt(out, inputs.size());
        for (Input in : inputs) {
            out.writeBytes(in.prevTxid().internalBytes());
            writeInt32(out, (int) in.prevIndex());
            CoinbaseBuilder.writeVarInt(out, in.scriptSig().length);
            out.writeBytes(in.scriptSig());
            writeInt32(out, (int) in.sequence());
        }
        CoinbaseBuilder.writeVarInt(out, outputs.size());
        for (Output o : outputs) {
            writeInt32(out, (int) o.value());
            writeInt32(out, (int) (o.value() >>> 32));
            CoinbaseBuilder.writeVarInt(out, o.script().length);
            out.writeBytes(o.script());
        }
        if (witness) {
            for (Input in : inputs) {
                CoinbaseBuilder.writeVarInt(out, in.witness().size());
                for (byte[] item : in.witness()) {
                    CoinbaseBuilder.writeVarInt(out, item.length);
                    out.writeBytes(item);
                }
            }
        }
        writeInt32(out, (int) lockTime);
        return out.toByteArray();
    }

    static void writeInt32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    /** Thrown for bytes that are not a block or transaction: Core's "Block decode failed". */
    public static final class DecodeException extends Exception {
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
        int version = (int) r.u32();
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
        List<Long> sequences = new ArrayList<>();
        for (long i = 0; i < nIn; i++) {
            prevs.add(Hash256.fromInternalBytes(r.bytes(32)));
            indices.add(r.u32());
            scripts.add(r.bytes(r.varInt()));
            sequences.add(r.u32());
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
        long lockTime = r.u32();
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
            inputs.add(new Input(prevs.get(i), indices.get(i), scripts.get(i), sequences.get(i), witnesses.get(i)));
        }
        return new RawTransaction(raw, txid, wtxid, witness, version, inputs, outputs, lockTime);
    }

    /** Decodes exactly one transaction. */
    public static RawTransaction decode(byte[] data) throws DecodeException {
        Reader r = new Reader(data, 0);
        RawTransaction tx = read(r, data);
        if (!r.atEnd()) {
            throw new DecodeException("trailing bytes after the transaction");
        }
        return tx;
    }
}
