package org.sovereignpool.share.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sovereignpool.share.model.Hex;

/**
 * The head of the pool's treasury receipt chain as a coinbase commits to it: one zero-value {@code OP_RETURN}
 * output, so that anyone with a Bitcoin node can check that the ledger's receipts were not rewritten after a block.
 *
 * <pre>
 * scriptPubKey (46 bytes) = 6a | 2c | "SPA1" (53504131) | receipt id (8 bytes, big-endian) | entry hash (32 bytes)
 * </pre>
 *
 * The entry hash is the receipt's {@code entry_hash} byte for byte in the order its hex is written (not reversed
 * like a Bitcoin hash), so the script's hex reads {@code 6a2c53504131}, then the id as 16 hex digits, then the
 * {@code entry_hash} exactly as the ledger stores it. Id 0 with 64 zeros is the empty chain. The push is 44 bytes
 * ({@code 0x2c}), so the output can never be taken for the BIP 141 witness commitment ({@code 6a24aa21a9ed...}),
 * and the script is well within the 83 bytes of a standard {@code OP_RETURN}.
 *
 * @param receiptId the id of the newest receipt (0 for the empty chain)
 * @param entryHashHex that receipt's entry hash, 64 lowercase hex digits
 */
public record ReceiptAnchor(long receiptId, String entryHashHex) {
    /** "SPA1": Sovereign Pool Anchor, format 1. */
    static final byte[] TAG = {'S', 'P', 'A', '1'};

    private static final int OP_RETURN = 0x6a;
    private static final int PAYLOAD_SIZE = TAG.length + 8 + 32;
    /** Bytes of the anchor's scriptPubKey. */
    public static final int SCRIPT_SIZE = 2 + PAYLOAD_SIZE;
    /** Bytes of the whole output: value (8), script length (1), script. */
    public static final int OUTPUT_SIZE = 8 + 1 + SCRIPT_SIZE;

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public ReceiptAnchor {
        if (receiptId < 0) {
            throw new IllegalArgumentException("receipt id must be >= 0, got " + receiptId);
        }
        Objects.requireNonNull(entryHashHex, "entryHashHex");
        entryHashHex = entryHashHex.toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(entryHashHex).matches()) {
            throw new IllegalArgumentException("entry hash must be 64 hex digits, got " + entryHashHex);
        }
    }

    /** The output script: {@code OP_RETURN <44 bytes>}. */
    public byte[] script() {
        byte[] s = new byte[SCRIPT_SIZE];
        s[0] = (byte) OP_RETURN;
        s[1] = (byte) PAYLOAD_SIZE;
        System.arraycopy(TAG, 0, s, 2, TAG.length);
        for (int i = 0; i < 8; i++) {
            s[2 + TAG.length + i] = (byte) (receiptId >>> (56 - 8 * i));
        }
        System.arraycopy(Hex.decode(entryHashHex), 0, s, 2 + TAG.length + 8, 32);
        return s;
    }

    /** The script as lowercase hex, as {@code getblock <hash> 2} shows it in {@code scriptPubKey.hex}. */
    public String scriptHex() {
        return Hex.encode(script());
    }

    /** Whether {@code script} has the anchor's shape (OP_RETURN, a 44-byte push, the tag), valid or not. */
    public static boolean looksLikeAnchor(byte[] script) {
        return script.length >= 2 + TAG.length
                && (script[0] & 0xff) == OP_RETURN
                && (script[1] & 0xff) == PAYLOAD_SIZE
                && Arrays.equals(script, 2, 2 + TAG.length, TAG, 0, TAG.length);
    }

    /** The anchor in {@code script}, or empty when the script is not exactly one. */
    public static Optional<ReceiptAnchor> parse(byte[] script) {
        if (script.length != SCRIPT_SIZE || !looksLikeAnchor(script)) {
            return Optional.empty();
        }
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = (id << 8) | (script[2 + TAG.length + i] & 0xff);
        }
        if (id < 0) {
            return Optional.empty();
        }
        return Optional.of(
                new ReceiptAnchor(id, Hex.encode(Arrays.copyOfRange(script, 2 + TAG.length + 8, SCRIPT_SIZE))));
    }
}
