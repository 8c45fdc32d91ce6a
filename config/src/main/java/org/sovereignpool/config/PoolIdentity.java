package org.sovereignpool.config;

import java.util.Objects;

/**
 * How the pool names itself on the chain and within a cluster.
 *
 * @param tag printable ASCII, 1..32 bytes, written into every coinbase scriptSig
 * @param nodeId 0..255, the first byte of every extranonce1; unique per node in a cluster
 */
public record PoolIdentity(String tag, int nodeId) {
    public static final String DEFAULT_TAG = "/SovereignPool/";
    public static final int MAX_TAG_BYTES = 32;

    public PoolIdentity {
        Objects.requireNonNull(tag, "tag");
        String problem = tagProblem(tag);
        if (problem != null) {
            throw new IllegalArgumentException("tag " + problem);
        }
        Require.range(nodeId, 0, 255, "nodeId");
    }

    /** Why {@code tag} is not acceptable, or {@code null} when it is. */
    static String tagProblem(String tag) {
        if (tag.isEmpty() || tag.length() > MAX_TAG_BYTES) {
            return "must be 1.." + MAX_TAG_BYTES + " bytes, got " + tag.length();
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return "must be printable ASCII, got character U+" + String.format("%04X", (int) c) + " at index " + i;
            }
        }
        return null;
    }
}
