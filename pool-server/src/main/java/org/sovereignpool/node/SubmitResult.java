package org.sovereignpool.node;

import java.util.Objects;

/**
 * One node's answer to {@code submitblock}. Bitcoin Core answers {@code null} when it accepted the block, a BIP 22
 * reject reason string otherwise ({@code "duplicate"}, {@code "bad-txnmrklroot"}, {@code "inconclusive"}, ...), or a
 * JSON-RPC error (e.g. -22 "Block decode failed"); a node may also not answer at all.
 *
 * @param node the node's name (e.g. "node0 http://127.0.0.1:8332") or "simulated"
 * @param status the class of answer
 * @param reason the reject reason, or the error as bitcoin-cli prints it; empty when accepted
 */
public record SubmitResult(String node, Status status, String reason) {
    /** The classes of answer. */
    public enum Status {
        ACCEPTED,
        /** The node already has this block: it was accepted before (by us via another node, or by relay). */
        DUPLICATE,
        /** Valid but not (yet) on the best chain: a competing block at the same height. */
        INCONCLUSIVE,
        /** A consensus reject reason: the block is invalid and resubmitting will not help. */
        REJECTED,
        /** A JSON-RPC error, e.g. the block could not be decoded. */
        ERROR,
        /** No answer: timeout, connection refused, authentication. The block may still win: retry. */
        UNREACHABLE;

        /** The metric tag value. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SubmitResult {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    /** From the JSON result of submitblock: null (accepted) or a reason string. */
    public static SubmitResult fromReply(String node, String reasonOrNull) {
        if (reasonOrNull == null) {
            return new SubmitResult(node, Status.ACCEPTED, "");
        }
        Status status = switch (reasonOrNull) {
            case "duplicate" -> Status.DUPLICATE;
            case "inconclusive" -> Status.INCONCLUSIVE;
            default -> Status.REJECTED;
        };
        return new SubmitResult(node, status, reasonOrNull);
    }

    /** A JSON-RPC error, worded as bitcoin-cli prints it ("error code: -22 error message: Block decode failed"). */
    public static SubmitResult rpcError(String node, int code, String message) {
        return new SubmitResult(node, Status.ERROR, "error code: " + code + " error message: " + message);
    }

    public static SubmitResult unreachable(String node, String why) {
        return new SubmitResult(node, Status.UNREACHABLE, why);
    }

    /** Whether the node now has the block (accepted now or before). */
    public boolean nodeHasBlock() {
        return status == Status.ACCEPTED || status == Status.DUPLICATE;
    }

    /** What Bitcoin Core would have answered: null when accepted, else the reason. */
    public String reply() {
        return status == Status.ACCEPTED ? null : reason;
    }
}
