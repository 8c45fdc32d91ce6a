package org.sovereignpool.sim.chain;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sovereignpool.share.job.CoinbaseBuilder;
import org.sovereignpool.share.model.Hash256;

/**
 * A block decoded as Bitcoin Core's {@code DecodeHexBlk} does: an 80-byte header, a transaction count and the
 * transactions (witness serialization allowed); bytes after the last transaction are ignored, as Core ignores them.
 *
 * @param header the 80 header bytes
 * @param hash the block hash (double SHA-256 of the header)
 * @param transactions in block order, coinbase first if the block has one
 */
public record ParsedBlock(byte[] header, Hash256 hash, List<RawTransaction> transactions) {
    public static final int HEADER_SIZE = 80;

    public ParsedBlock {
        if (header.length != HEADER_SIZE) {
            throw new IllegalArgumentException("a header is 80 bytes");
        }
        transactions = List.copyOf(transactions);
    }

    /** Decodes a block; {@link RawTransaction.DecodeException} is Core's "Block decode failed". */
    public static ParsedBlock decode(byte[] data) throws RawTransaction.DecodeException {
        RawTransaction.Reader r = new RawTransaction.Reader(data, 0);
        byte[] header = r.bytes(HEADER_SIZE);
        long count = r.varInt();
        List<RawTransaction> txs = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            txs.add(RawTransaction.read(r, data));
        }
        return new ParsedBlock(header, Hash256.fromInternalBytes(Hashes.doubleSha256(header)), txs);
    }

    /** A block from its parts (the header must already commit to the transactions' merkle root). */
    public static ParsedBlock of(byte[] header, List<RawTransaction> transactions) {
        byte[] h = header.clone();
        return new ParsedBlock(h, Hash256.fromInternalBytes(Hashes.doubleSha256(h)), transactions);
    }

    @Override
    public byte[] header() {
        return header.clone();
    }

    public int version() {
        return leInt(header, 0);
    }

    public Hash256 previous() {
        return Hash256.fromInternalBytes(header, 4);
    }

    public Hash256 merkleRoot() {
        return Hash256.fromInternalBytes(header, 36);
    }

    /** nTime, unsigned. */
    public long time() {
        return Integer.toUnsignedLong(leInt(header, 68));
    }

    public int bits() {
        return leInt(header, 72);
    }

    /** nNonce, unsigned. */
    public long nonce() {
        return Integer.toUnsignedLong(leInt(header, 76));
    }

    /** The block as Core stores it: header, count, each transaction with its witnesses. */
    public byte[] serialize() {
        return serialize(true);
    }

    /** With or without witness data (the stripped form is what BIP 141's base size counts). */
    public byte[] serialize(boolean withWitness) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_SIZE + 256 * transactions.size());
        out.writeBytes(header);
        CoinbaseBuilder.writeVarInt(out, transactions.size());
        for (RawTransaction tx : transactions) {
            out.writeBytes(withWitness ? tx.raw() : tx.serialize(false));
        }
        return out.toByteArray();
    }

    public int strippedSize() {
        return serialize(false).length;
    }

    public int size() {
        return serialize(true).length;
    }

    public int weight() {
        return strippedSize() * 3 + size();
    }

    /** This block with its coinbase replaced (same header: used to fill in a missing witness reserved value). */
    ParsedBlock withCoinbase(RawTransaction coinbase) {
        List<RawTransaction> txs = new ArrayList<>(transactions);
        txs.set(0, coinbase);
        return new ParsedBlock(header, hash, txs);
    }

    /** The merkle root over the txids as Core computes it, and whether the tree was mutated (CVE-2012-2459). */
    public record MerkleResult(Hash256 root, boolean mutated) {}

    /** Core's {@code ComputeMerkleRoot}: odd levels duplicate their last hash; equal siblings mean mutation. */
    public static MerkleResult merkleRoot(List<Hash256> leaves) {
        if (leaves.isEmpty()) {
            return new MerkleResult(Hash256.ZERO, false);
        }
        List<byte[]> level = new ArrayList<>();
        for (Hash256 h : leaves) {
            level.add(h.internalBytes());
        }
        boolean mutated = false;
        byte[] pair = new byte[64];
        while (level.size() > 1) {
            for (int i = 0; i + 1 < level.size(); i += 2) {
                if (Arrays.equals(level.get(i), level.get(i + 1))) {
                    mutated = true;
                }
            }
            if (level.size() % 2 == 1) {
                level.add(level.get(level.size() - 1));
            }
            List<byte[]> next = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                System.arraycopy(level.get(i), 0, pair, 0, 32);
                System.arraycopy(level.get(i + 1), 0, pair, 32, 32);
                next.add(Hashes.doubleSha256(pair));
            }
            level = next;
        }
        return new MerkleResult(Hash256.fromInternalBytes(level.get(0)), mutated);
    }

    static int leInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static void putLeInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
