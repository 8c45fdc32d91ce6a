package org.sovereignpool.share.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sovereignpool.share.model.Hash256;

/**
 * A minimal reader of serialized blocks for known-answer tests: header, transactions, txids (witness stripped,
 * BIP 144), and the coinbase's scriptSig. Written from the serialization rules, independent of the code under test.
 */
public final class RawBlock {
    public final byte[] header;
    public final List<byte[]> transactions = new ArrayList<>(); // as serialized in the block
    public final List<Hash256> txids = new ArrayList<>();
    public final byte[] coinbaseScriptSig;

    private final byte[] data;
    private int pos;

    public RawBlock(byte[] data) {
        this.data = data;
        this.header = Arrays.copyOfRange(data, 0, 80);
        pos = 80;
        long count = varInt();
        byte[] firstScriptSig = null;
        for (long i = 0; i < count; i++) {
            int start = pos;
            ByteArrayOutputStream stripped = new ByteArrayOutputStream();
            stripped.write(data, pos, 4); // version
            pos += 4;
            boolean witness = data[pos] == 0 && data[pos + 1] != 0;
            if (witness) {
                pos += 2;
            }
            int bodyStart = pos;
            long inputs = varInt();
            List<Integer> scriptSigBounds = new ArrayList<>();
            for (long in = 0; in < inputs; in++) {
                pos += 36;
                long scriptLen = varInt();
                scriptSigBounds.add(pos);
                scriptSigBounds.add(pos + (int) scriptLen);
                pos += (int) scriptLen + 4;
            }
            long outputs = varInt();
            for (long out = 0; out < outputs; out++) {
                pos += 8;
                long scriptLen = varInt(); // not `pos += varInt()`: Java reads pos before the call
                pos += (int) scriptLen;
            }
            stripped.write(data, bodyStart, pos - bodyStart);
            if (witness) {
                for (long in = 0; in < inputs; in++) {
                    long items = varInt();
                    for (long k = 0; k < items; k++) {
                        long itemLen = varInt();
                        pos += (int) itemLen;
                    }
                }
            }
            stripped.write(data, pos, 4); // locktime
            pos += 4;
            transactions.add(Arrays.copyOfRange(data, start, pos));
            txids.add(Hash256.fromInternalBytes(MessageDigestSha256.doubleSha(stripped.toByteArray())));
            if (i == 0) {
                firstScriptSig = Arrays.copyOfRange(data, scriptSigBounds.get(0), scriptSigBounds.get(1));
            }
        }
        if (pos != data.length) {
            throw new IllegalStateException("block has " + (data.length - pos) + " trailing bytes");
        }
        this.coinbaseScriptSig = firstScriptSig;
    }

    public Hash256 merkleRootInHeader() {
        return Hash256.fromInternalBytes(header, 36);
    }

    public int bits() {
        return (header[72] & 0xff) | (header[73] & 0xff) << 8 | (header[74] & 0xff) << 16 | (header[75] & 0xff) << 24;
    }

    /** The BIP 34 height: the first push of the coinbase scriptSig, a little-endian CScriptNum. */
    public long bip34Height() {
        int len = coinbaseScriptSig[0];
        if (len < 1 || len > 8) {
            throw new IllegalStateException("coinbase does not start with a small push: " + len);
        }
        long v = 0;
        for (int i = len; i >= 1; i--) {
            v = (v << 8) | (coinbaseScriptSig[i] & 0xff);
        }
        return v;
    }

    private long varInt() {
        int first = data[pos++] & 0xff;
        if (first < 0xfd) {
            return first;
        }
        int size = first == 0xfd ? 2 : first == 0xfe ? 4 : 8;
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (data[pos + i] & 0xff);
        }
        pos += size;
        return v;
    }
}
