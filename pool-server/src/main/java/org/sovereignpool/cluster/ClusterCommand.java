package org.sovereignpool.cluster;

import java.util.Locale;

/**
 * A command from the console to one node ({@code cluster_command}).
 *
 * @param doneMillis null while open
 * @param result what the node did, null while open
 */
public record ClusterCommand(
        long id,
        int nodeId,
        Kind kind,
        String argument,
        long createdMillis,
        String createdBy,
        Long doneMillis,
        String result) {

    /** What a node is told to do. */
    public enum Kind {
        /** {@code client.reconnect} to every miner; argument {@code host:port} of the node they should move to. */
        DRAIN,
        /** {@code client.show_message} to every miner; argument the text. */
        MESSAGE,
        /** Lift the ban on an address; argument the address. */
        LIFT_BAN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
