package org.sovereignpool.share.job;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Assembles a whole block from a solved header, the coinbase as miners hashed it (txid serialization) and the
 * template's transactions: {@code header | varint(count) | coinbase | tx data...}. When the block commits to
 * witnesses (the template had {@code default_witness_commitment}), the coinbase goes in witness serialization with
 * the one 32-byte zero witness item, the witness reserved value (BIP 141).
 */
public final class BlockAssembler {
    public static final int WITNESS_RESERVED_VALUE_SIZE = 32;

    private BlockAssembler() {}

    /**
     * @param header the 80-byte header as hashed
     * @param coinbase the coinbase transaction in txid serialization (no witness)
     * @param withWitness whether to add the witness reserved value to the coinbase (segwit blocks)
     * @param transactions each template transaction's raw {@code data}, in template order
     */
    public static byte[] assemble(byte[] header, byte[] coinbase, boolean withWitness, List<byte[]> transactions) {
        if (header.length != Job.HEADER_SIZE) {
            throw new IllegalArgumentException("a header is 80 bytes, got " + header.length);
        }
        if (coinbase.length < 60) {
            throw new IllegalArgumentException("a coinbase is at least 60 bytes, got " + coinbase.length);
        }
        if (coinbase[4] == 0 && coinbase[5] == 1) {
            throw new IllegalArgumentException("the coinbase must be in txid serialization (it has a witness marker)");
        }
        int size = header.length + 9 + coinbase.length + (withWitness ? 2 + 2 + WITNESS_RESERVED_VALUE_SIZE : 0);
        for (byte[] tx : transactions) {
            size += tx.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(header);
        CoinbaseBuilder.writeVarInt(out, transactions.size() + 1L);
        out.writeBytes(coinbaseForBlock(coinbase, withWitness));
        for (byte[] tx : transactions) {
            out.writeBytes(tx);
        }
        return out.toByteArray();
    }

    /** The coinbase as it goes into the block: with marker, flag and the witness reserved value when asked. */
    public static byte[] coinbaseForBlock(byte[] coinbase, boolean withWitness) {
        if (!withWitness) {
            return coinbase.clone();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(coinbase.length + 4 + WITNESS_RESERVED_VALUE_SIZE);
        out.write(coinbase, 0, 4); // version
        out.write(0x00); // marker
        out.write(0x01); // flag
        out.write(coinbase, 4, coinbase.length - 8); // inputs and outputs
        out.write(1); // one witness item for the one input
        out.write(WITNESS_RESERVED_VALUE_SIZE);
        out.writeBytes(new byte[WITNESS_RESERVED_VALUE_SIZE]);
        out.write(coinbase, coinbase.length - 4, 4); // locktime
        return out.toByteArray();
    }
}
