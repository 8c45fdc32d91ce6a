package org.sovereignpool.stratum.message;

/** Method names of Stratum V1, both directions. */
public final class StratumMethods {
    public static final String SUBSCRIBE = "mining.subscribe";
    public static final String CONFIGURE = "mining.configure";
    public static final String AUTHORIZE = "mining.authorize";
    public static final String SUBMIT = "mining.submit";
    public static final String SUGGEST_DIFFICULTY = "mining.suggest_difficulty";
    public static final String EXTRANONCE_SUBSCRIBE = "mining.extranonce.subscribe";

    public static final String SET_DIFFICULTY = "mining.set_difficulty";
    public static final String NOTIFY = "mining.notify";
    public static final String SET_VERSION_MASK = "mining.set_version_mask";
    public static final String SET_EXTRANONCE = "mining.set_extranonce";
    public static final String RECONNECT = "client.reconnect";
    public static final String SHOW_MESSAGE = "client.show_message";

    private StratumMethods() {}
}
