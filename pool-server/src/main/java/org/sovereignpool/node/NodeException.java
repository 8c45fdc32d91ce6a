package org.sovereignpool.node;

/**
 * Why a call to a node (or to the template source behind it) failed, as one closed set of kinds so that callers
 * decide on the kind (retry, fail over, give up) and logs and metrics name it.
 */
public final class NodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** HTTP 401: wrong rpcuser/rpcpassword or a stale cookie. */
        UNAUTHORIZED("unauthorized", false),
        /** HTTP 403: the node's rpcallowip does not admit the pool. */
        FORBIDDEN("forbidden", false),
        /** No answer within the timeout. */
        TIMEOUT("timeout", true),
        /** Connection refused or reset: the node is down or restarting. */
        UNREACHABLE("unreachable", true),
        /** An HTTP status other than 200/500 with a JSON-RPC body. */
        HTTP("http", true),
        /** A JSON-RPC error object ({@link #rpcCode()} holds its code). */
        RPC_ERROR("rpc-error", false),
        /** The reply was not the JSON-RPC we expected. */
        BAD_REPLY("bad-reply", false),
        /** The node is on another chain than the pool's configuration says. */
        WRONG_NETWORK("wrong-network", false),
        /** The node is still in initial block download: it cannot give templates worth mining. */
        INITIAL_BLOCK_DOWNLOAD("initial-block-download", false),
        /** No configured node could serve the call. */
        NO_HEALTHY_NODE("no-healthy-node", false);

        private final String tag;
        private final boolean transientFailure;

        Kind(String tag, boolean transientFailure) {
            this.tag = tag;
            this.transientFailure = transientFailure;
        }

        /** The metric tag value and log word for this kind. */
        public String tag() {
            return tag;
        }
    }

    /** Bitcoin Core's RPC_IN_WARMUP: the node is starting (loading the block index); worth retrying. */
    public static final int RPC_IN_WARMUP = -28;

    private final Kind kind;
    private final int rpcCode;

    public NodeException(Kind kind, String message) {
        this(kind, 0, message, null);
    }

    public NodeException(Kind kind, int rpcCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.rpcCode = rpcCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The JSON-RPC error code for {@link Kind#RPC_ERROR}, the HTTP status for {@link Kind#HTTP}, else 0. */
    public int rpcCode() {
        return rpcCode;
    }

    /** Whether the same call may succeed if tried again soon. */
    public boolean isTransient() {
        return kind.transientFailure || (kind == Kind.RPC_ERROR && rpcCode == RPC_IN_WARMUP);
    }
}
