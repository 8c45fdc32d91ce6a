package org.sovereignpool.ledger.receipts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** The hash chain over treasury receipts and its verification. Pure functions. */
public final class ReceiptChain {
    public static final String GENESIS_HASH = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();

    private ReceiptChain() {}

    /**
     * The canonical fields, one UTF-8 string: {@code id|height|blockHash|amountSats|timeMillis|status}. Every field
     * is a decimal number or has no '|' (hex, an enum name), so the encoding is unambiguous.
     */
    public static String canonical(
            long id, int height, String blockHash, long amountSats, long timeMillis, String status) {
        return id + "|" + height + "|" + blockHash + "|" + amountSats + "|" + timeMillis + "|" + status;
    }

    /** {@code SHA-256(prevHash as 32 bytes || canonical fields)} in lowercase hex. */
    public static String entryHash(
            String prevHash, long id, int height, String blockHash, long amountSats, long timeMillis, String status) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        sha.update(HEX.parseHex(prevHash));
        sha.update(
                canonical(id, height, blockHash, amountSats, timeMillis, status).getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha.digest());
    }

    /** The result of verifying a chain: ok, or the first bad entry and what is wrong with it. */
    public record Verdict(boolean ok, long entries, long firstBadId, String problem) {
        public static Verdict ok(long entries) {
            return new Verdict(true, entries, 0, null);
        }

        static Verdict bad(long entries, long id, String problem) {
            return new Verdict(false, entries, id, Objects.requireNonNull(problem));
        }
    }

    /** Incremental verifier: feed entries in id order, then {@link #finish}. */
    public static final class Verifier {
        private long expectedId = 1;
        private String prev = GENESIS_HASH;
        private Verdict failure;

        /** Returns false once a bad entry was found (the rest need not be fed). */
        public boolean accept(TreasuryReceipt r) {
            if (failure != null) {
                return false;
            }
            String problem = null;
            if (r.id() != expectedId) {
                problem = "id is " + r.id() + ", expected " + expectedId + " (an entry is missing or was inserted)";
            } else if (!r.prevHash().equals(prev)) {
                problem = "prev_hash is " + r.prevHash() + " but the previous entry's hash is " + prev;
            } else {
                String recomputed;
                try {
                    recomputed = entryHash(
                            r.prevHash(),
                            r.id(),
                            r.height(),
                            r.blockHash(),
                            r.amountSats(),
                            r.timeMillis(),
                            r.status());
                } catch (IllegalArgumentException e) {
                    recomputed = "(unparsable prev_hash: " + e.getMessage() + ")";
                }
                if (!recomputed.equals(r.entryHash())) {
                    problem = "entry_hash is " + r.entryHash() + " but its fields hash to " + recomputed
                            + " (a field was altered: "
                            + canonical(r.id(), r.height(), r.blockHash(), r.amountSats(), r.timeMillis(), r.status())
                            + ")";
                }
            }
            if (problem != null) {
                failure = Verdict.bad(expectedId - 1, r.id(), problem);
                return false;
            }
            prev = r.entryHash();
            expectedId++;
            return true;
        }

        /** {@code headId/headHash}: what the store says the last entry is (detects a truncated chain). */
        public Verdict finish(long headId, String headHash) {
            if (failure != null) {
                return failure;
            }
            long count = expectedId - 1;
            if (headId != count || !headHash.equals(prev)) {
                return Verdict.bad(
                        count,
                        count + 1,
                        "the chain head says entry " + headId + " with hash " + headHash + ", but the chain ends at "
                                + count + " with hash " + prev + " (entries were removed or the head was altered)");
            }
            return Verdict.ok(count);
        }
    }
}
