package org.sovereignpool.http;

import java.util.List;

/**
 * What the cluster console serves beyond a node's API: {@code GET /api/v1/nodes}, and the steering admin routes
 * ({@code POST /api/v1/admin/nodes/{id}/drain}, the broadcast message and ban lifts sent to every live node, {@code GET
 * /api/v1/admin/commands} and {@code /api/v1/admin/audit}). A {@link PoolStatus} that also implements this is a
 * console; on a pool node these routes answer 404. {@code actor} says who asked (recorded in the audit table).
 */
public interface ClusterApi {
    /** Every node that ever wrote its status, with its state (up, draining, down, stopped) and figures. */
    List<?> nodes() throws Exception;

    /** Tells node {@code nodeId} to send its miners to the least loaded other live node. */
    Object drain(int nodeId, String actor) throws Exception;

    /** {@code client.show_message} on every live node. */
    Object broadcast(String text, String actor) throws Exception;

    /** Lifts the ban on {@code address} on every live node. */
    Object liftBan(String address, String actor) throws Exception;

    /** The newest commands and what the nodes did with them. */
    List<?> commands(int limit) throws Exception;

    /** The newest audit entries: who did what, when. */
    List<?> audit(int limit) throws Exception;
}
