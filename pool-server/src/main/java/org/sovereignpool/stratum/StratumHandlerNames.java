package org.sovereignpool.stratum;

/** Names of the pipeline's handlers, in pipeline order (HiveMQ's ChannelHandlerNames). */
public final class StratumHandlerNames {
    public static final String TLS = "tls";
    /** Frames lines and decodes each into a request. */
    public static final String JSON_RPC_DECODER = "json-rpc-decoder";

    public static final String ENCODER = "encoder";
    public static final String LIFECYCLE = "session-lifecycle";
    /** Routes each request to its method's handler (the method names below name those handlers). */
    public static final String DISPATCHER = "dispatcher";

    public static final String MALFORMED = "malformed-request";
    public static final String SUBMIT = "mining.submit";
    public static final String SUBSCRIBE = "mining.subscribe";
    public static final String CONFIGURE = "mining.configure";
    public static final String AUTHORIZE = "mining.authorize";
    public static final String SUGGEST_DIFFICULTY = "mining.suggest_difficulty";
    public static final String EXTRANONCE_SUBSCRIBE = "mining.extranonce.subscribe";
    public static final String UNKNOWN_METHOD = "unknown-method";
    public static final String EXCEPTION = "exception";

    private StratumHandlerNames() {}
}
