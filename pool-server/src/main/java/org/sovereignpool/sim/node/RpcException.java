package org.sovereignpool.sim.node;

/** A JSON-RPC error as Bitcoin Core raises it: a code from its RPCErrorCode table and a message. */
final class RpcException extends Exception {
    private static final long serialVersionUID = 1L;

    static final int MISC_ERROR = -1;
    static final int TYPE_ERROR = -3;
    static final int INVALID_ADDRESS_OR_KEY = -5;
    static final int INVALID_PARAMETER = -8;
    static final int DESERIALIZATION_ERROR = -22;
    static final int VERIFY_ALREADY_IN_CHAIN = -27;
    static final int IN_WARMUP = -28;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INTERNAL_ERROR = -32603;
    static final int PARSE_ERROR = -32700;

    private final int code;

    RpcException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
