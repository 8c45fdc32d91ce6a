package org.sovereignpool.share.job;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Builds the pool's coinbase transaction (txid serialization, as miners hash it) split around the extranonce slot:
 * {@code coinb1 | extranonce1 | extranonce2 | coinb2}.
 *
 * <pre>
 * version(4) | 01 | prevout 00..00 ffffffff | scriptSig length
 * scriptSig: BIP 34 height (minimal CScriptNum push) | push(tag) | push(extranonce1+extranonce2 size) ⟂ slot
 * ffffffff | output count | treasury output (whole coinbasevalue) | [receipt anchor, value 0]
 *          | [witness commitment output, value 0] | locktime 0
 * </pre>
 *
 * The {@link ReceiptAnchor} output, when given, goes between the treasury's output and the witness commitment: the
 * treasury still gets the whole value, and the commitment stays the last output of its pattern, which is the one
 * Bitcoin Core takes ({@code GetWitnessCommitmentIndex} keeps the last match; the anchor's 44-byte push never
 * matches it anyway).
 *
 * The slot ends the scriptSig so that coinb2 starts with the sequence. The limits are checked when the coinbase is
 * built, so that a configuration that cannot work fails at startup rather than at the first job: scriptSig 2..100
 * bytes (consensus), and a total size that ASIC firmware accepts (some take only about 500 bytes).
 */
public final class CoinbaseBuilder {
    /** Bitcoin's consensus bounds on a coinbase scriptSig ({@code bad-cb-length}). */
    public static final int MIN_SCRIPT_SIG = 2;

    public static final int MAX_SCRIPT_SIG = 100;
    /** The default limit on the whole coinbase (txid serialization), for miners with small firmware buffers. */
    public static final int DEFAULT_MAX_COINBASE_BYTES = 500;
    /** Version 2, as Bitcoin Core's own miner writes it. */
    public static final int TX_VERSION = 2;

    private final byte[] tag;
    private final byte[] payoutScript;
    private final int extranonce1Size;
    private final int extranonce2Size;
    private final int maxCoinbaseBytes;

    /**
     * @param tag the pool tag, written into every scriptSig (e.g. "/SovereignPool/")
     * @param payoutScript the treasury's scriptPubKey
     * @param extranonce1Size bytes of the per-connection extranonce1 (1..8)
     * @param extranonce2Size bytes of the miner's extranonce2 (1..8)
     * @param maxCoinbaseBytes the largest coinbase (txid serialization) any job may have
     */
    public CoinbaseBuilder(
            byte[] tag, byte[] payoutScript, int extranonce1Size, int extranonce2Size, int maxCoinbaseBytes) {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(payoutScript, "payoutScript");
        if (tag.length > MAX_SCRIPT_SIG) {
            throw new IllegalArgumentException("the pool tag must be at most 100 bytes, got " + tag.length);
        }
        if (payoutScript.length == 0 || payoutScript.length > 10_000) {
            throw new IllegalArgumentException("the payout script must be 1..10000 bytes, got " + payoutScript.length);
        }
        if (extranonce1Size < 1 || extranonce1Size > 8 || extranonce2Size < 1 || extranonce2Size > 8) {
            throw new IllegalArgumentException(
                    "extranonce sizes must be 1..8 bytes, got " + extranonce1Size + " and " + extranonce2Size);
        }
        this.tag = tag.clone();
        this.payoutScript = payoutScript.clone();
        this.extranonce1Size = extranonce1Size;
        this.extranonce2Size = extranonce2Size;
        this.maxCoinbaseBytes = maxCoinbaseBytes;
        // The worst case: the largest height push (5 bytes), a receipt anchor and a witness commitment output.
        // Refuse now what could fail on a later template.
        int worstScriptSig = scriptSigLength(Integer.MAX_VALUE);
        if (worstScriptSig > MAX_SCRIPT_SIG) {
            throw new IllegalArgumentException("the coinbase scriptSig would be " + worstScriptSig + " bytes (height "
                    + "push, tag of " + tag.length + " bytes, extranonce slot of " + (extranonce1Size + extranonce2Size)
                    + " bytes); the consensus limit is " + MAX_SCRIPT_SIG + ": shorten the pool tag");
        }
        int worstSize = coinbaseLength(Integer.MAX_VALUE, 38);
        if (worstSize > maxCoinbaseBytes) {
            throw new IllegalArgumentException(
                    "the coinbase would be up to " + worstSize + " bytes, above the limit of " + maxCoinbaseBytes
                            + " bytes that miners accept: shorten the pool tag or the payout script");
        }
    }

    public static CoinbaseBuilder of(String tag, byte[] payoutScript, int extranonce1Size, int extranonce2Size) {
        return new CoinbaseBuilder(
                tag.getBytes(StandardCharsets.US_ASCII),
                payoutScript,
                extranonce1Size,
                extranonce2Size,
                DEFAULT_MAX_COINBASE_BYTES);
    }

    /**
     * The same builder paying {@code payoutScript} instead (a descriptor treasury's next address), with the same
     * limits checked.
     */
    public CoinbaseBuilder withPayoutScript(byte[] payoutScript) {
        return new CoinbaseBuilder(tag, payoutScript, extranonce1Size, extranonce2Size, maxCoinbaseBytes);
    }

    /** The two halves of a coinbase around the extranonce slot. */
    public record Parts(byte[] coinbase1, byte[] coinbase2) {
        public Parts {
            coinbase1 = coinbase1.clone();
            coinbase2 = coinbase2.clone();
        }

        @Override
        public byte[] coinbase1() {
            return coinbase1.clone();
        }

        @Override
        public byte[] coinbase2() {
            return coinbase2.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Parts p
                    && Arrays.equals(coinbase1, p.coinbase1)
                    && Arrays.equals(coinbase2, p.coinbase2);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(coinbase1) + Arrays.hashCode(coinbase2);
        }

        @Override
        public String toString() {
            return "Parts[" + org.sovereignpool.share.model.Hex.encode(coinbase1) + " | "
                    + org.sovereignpool.share.model.Hex.encode(coinbase2) + "]";
        }
    }

    /**
     * The coinbase for one template.
     *
     * @param height the block height (BIP 34), at least 1
     * @param coinbaseValue the template's {@code coinbasevalue} in satoshis, paid whole to the treasury
     * @param witnessCommitmentScript the template's {@code default_witness_commitment} script, or null when none
     */
    public Parts build(int height, long coinbaseValue, byte[] witnessCommitmentScript) {
        return build(height, coinbaseValue, witnessCommitmentScript, null);
    }

    /**
     * The coinbase for one template, committing to the receipt chain's head.
     *
     * @param anchor the receipt chain's head to commit to in a zero-value output, or null for none
     * @see #build(int, long, byte[])
     */
    public Parts build(int height, long coinbaseValue, byte[] witnessCommitmentScript, ReceiptAnchor anchor) {
        if (height < 1) {
            throw new IllegalArgumentException("height must be >= 1, got " + height);
        }
        if (coinbaseValue < 0 || coinbaseValue > 21_000_000L * 100_000_000L) {
            throw new IllegalArgumentException("coinbase value out of range: " + coinbaseValue);
        }
        ByteArrayOutputStream b1 = new ByteArrayOutputStream(64);
        writeInt32(b1, TX_VERSION);
        b1.write(1); // one input
        b1.writeBytes(new byte[32]);
        writeInt32(b1, 0xffffffff);
        int scriptSigLength = scriptSigLength(height);
        writeVarInt(b1, scriptSigLength);
        b1.writeBytes(heightPush(height));
        if (tag.length > 75) {
            b1.write(0x4c); // OP_PUSHDATA1
        }
        b1.write(tag.length);
        b1.writeBytes(tag);
        b1.write(extranonce1Size + extranonce2Size);

        ByteArrayOutputStream b2 = new ByteArrayOutputStream(96);
        writeInt32(b2, 0xffffffff); // sequence
        b2.write(1 + (anchor == null ? 0 : 1) + (witnessCommitmentScript == null ? 0 : 1));
        writeInt64(b2, coinbaseValue);
        writeVarInt(b2, payoutScript.length);
        b2.writeBytes(payoutScript);
        if (anchor != null) {
            byte[] script = anchor.script();
            writeInt64(b2, 0);
            writeVarInt(b2, script.length);
            b2.writeBytes(script);
        }
        if (witnessCommitmentScript != null) {
            writeInt64(b2, 0);
            writeVarInt(b2, witnessCommitmentScript.length);
            b2.writeBytes(witnessCommitmentScript);
        }
        writeInt32(b2, 0); // locktime
        Parts parts = new Parts(b1.toByteArray(), b2.toByteArray());
        int total = parts.coinbase1.length + extranonce1Size + extranonce2Size + parts.coinbase2.length;
        if (total > maxCoinbaseBytes) {
            throw new IllegalArgumentException(
                    "coinbase of " + total + " bytes exceeds the limit of " + maxCoinbaseBytes + " bytes");
        }
        return parts;
    }

    public int extranonce1Size() {
        return extranonce1Size;
    }

    public int extranonce2Size() {
        return extranonce2Size;
    }

    private int scriptSigLength(int height) {
        return heightPush(height).length
                + (tag.length > 75 ? 2 : 1)
                + tag.length
                + 1
                + extranonce1Size
                + extranonce2Size;
    }

    private int coinbaseLength(int height, int commitmentScriptLength) {
        int sig = scriptSigLength(height);
        return 4
                + 1
                + 36
                + varIntSize(sig)
                + sig
                + 4
                + 1
                + 8
                + varIntSize(payoutScript.length)
                + payoutScript.length
                + ReceiptAnchor.OUTPUT_SIZE
                + 8
                + 1
                + commitmentScriptLength
                + 4;
    }

    /**
     * The BIP 34 height as Bitcoin Core's {@code CScript() << height} writes it: OP_1..OP_16 for 1..16, else a
     * direct push of the minimal little-endian CScriptNum (a 0x00 byte added when the top bit would read as sign).
     */
    public static byte[] heightPush(int height) {
        if (height < 0) {
            throw new IllegalArgumentException("height must be >= 0, got " + height);
        }
        if (height == 0) {
            return new byte[] {0x00}; // OP_0
        }
        if (height <= 16) {
            return new byte[] {(byte) (0x50 + height)}; // OP_1..OP_16
        }
        byte[] num = new byte[5];
        int n = 0;
        long v = height;
        while (v != 0) {
            num[n++] = (byte) v;
            v >>>= 8;
        }
        if ((num[n - 1] & 0x80) != 0) {
            num[n++] = 0;
        }
        byte[] push = new byte[n + 1];
        push[0] = (byte) n;
        System.arraycopy(num, 0, push, 1, n);
        return push;
    }

    static void writeInt32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    static void writeInt64(ByteArrayOutputStream out, long v) {
        writeInt32(out, (int) v);
        writeInt32(out, (int) (v >>> 32));
    }

    /** Bitcoin's CompactSize. */
    public static void writeVarInt(ByteArrayOutputStream out, long v) {
        if (v < 0xfd) {
            out.write((int) v);
        } else if (v <= 0xffff) {
            out.write(0xfd);
            out.write((int) v);
            out.write((int) (v >>> 8));
        } else if (v <= 0xffffffffL) {
            out.write(0xfe);
            writeInt32(out, (int) v);
        } else {
            out.write(0xff);
            writeInt64(out, v);
        }
    }

    public static int varIntSize(long v) {
        return v < 0xfd ? 1 : v <= 0xffff ? 3 : v <= 0xffffffffL ? 5 : 9;
    }
}
