package org.sovereignpool.sim.chain;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.sovereignpool.share.job.CoinbaseBuilder;

/**
 * Makes mempool transactions that look like real ones on the wire: version 2, one input from a random outpoint, one or
 * two P2WPKH outputs; three in four spend a P2WPKH output (a witness of a 71-byte signature and a 33-byte key, so
 * txid ≠ wtxid), the rest are legacy (signature and key in the scriptSig). Their txid and wtxid are computed from
 * the bytes, so merkle roots and witness commitments over them are real. Not thread-safe (the chain's lock guards it).
 */
final class SyntheticTransactions {
    private final Random random;

    SyntheticTransactions(long seed) {
        this.random = new Random(seed);
    }

    /** A transaction and its fee (the fee is what the template says; no inputs exist to check it against). */
    record Made(byte[] data, long fee) {}

    Made next() {
        boolean witness = random.nextInt(4) != 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        writeInt32(out, 2);
        if (witness) {
            out.write(0);
            out.write(1);
        }
        out.write(1);
        out.writeBytes(randomBytes(32));
        writeInt32(out, random.nextInt(4));
        byte[] sig = signature();
        byte[] key = pubKey();
        if (witness) {
            out.write(0);
        } else {
            ByteArrayOutputStream script = new ByteArrayOutputStream();
            script.write(sig.length);
            script.writeBytes(sig);
            script.write(key.length);
            script.writeBytes(key);
            CoinbaseBuilder.writeVarInt(out, script.size());
            out.writeBytes(script.toByteArray());
        }
        writeInt32(out, 0xfffffffd);
        int outputs = 1 + random.nextInt(2);
        out.write(outputs);
        for (int i = 0; i < outputs; i++) {
            long value = 10_000 + random.nextInt(1_000_000_000);
            writeInt32(out, (int) value);
            writeInt32(out, (int) (value >>> 32));
            out.write(22);
            out.write(0x00);
            out.write(0x14);
            out.writeBytes(randomBytes(20));
        }
        if (witness) {
            out.write(2);
            out.write(sig.length);
            out.writeBytes(sig);
            out.write(key.length);
            out.writeBytes(key);
        }
        writeInt32(out, 0);
        return new Made(out.toByteArray(), 1_000 + random.nextInt(20_000));
    }

    private byte[] signature() {
        // DER-shaped: 30 44 02 20 r 02 20 s, plus SIGHASH_ALL
        byte[] sig = new byte[71];
        sig[0] = 0x30;
        sig[1] = 0x44;
        sig[2] = 0x02;
        sig[3] = 0x20;
        System.arraycopy(randomBytes(32), 0, sig, 4, 32);
        sig[36] = 0x02;
        sig[37] = 0x20;
        System.arraycopy(randomBytes(32), 0, sig, 38, 32);
        sig[70] = 0x01;
        return sig;
    }

    private byte[] pubKey() {
        byte[] key = randomBytes(33);
        key[0] = (byte) (2 + random.nextInt(2));
        return key;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void writeInt32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
