package org.sovereignpool.cluster;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.sovereignpool.http.ApiException;
import org.sovereignpool.stratum.limit.AddressKey;

/**
 * One admin action from the console: commands written for the nodes to pick up, and an audit entry (who, when, what).
 * The nodes poll their open commands every status period and mark them done with what they did.
 */
final class ClusterSteering {
    private final ClusterPoolStatus status;
    private final ClusterStore store;
    private final String actor;
    private final long now;

    ClusterSteering(ClusterPoolStatus status, String actor, long now) {
        this.status = status;
        this.store = status.store();
        this.actor = actor;
        this.now = now;
    }

    /** A drain: which node, where its miners go, the command that tells it. */
    record DrainOrder(long commandId, int nodeId, int toNodeId, String to) {}

    /** A command per live node. */
    record Broadcast(String kind, String argument, List<Long> commandIds, List<Integer> nodes, int connections) {}

    DrainOrder drain(int nodeId) throws SQLException {
        List<ClusterPoolStatus.NodeView> nodes = status.nodes();
        ClusterPoolStatus.NodeView node = nodes.stream()
                .filter(n -> n.nodeId() == nodeId)
                .findFirst()
                .orElseThrow(() -> new ApiException(404, "no node " + nodeId + " in the cluster"));
        if (!node.live()) {
            throw ClusterPoolStatus.conflict("node " + nodeId + " is " + node.stateText() + ": nothing to drain");
        }
        Optional<ClusterPoolStatus.NodeView> target = leastLoaded(nodes, nodeId);
        if (target.isEmpty()) {
            throw ClusterPoolStatus.conflict(
                    "no other live node with a Stratum address to move node " + nodeId + "'s miners to");
        }
        String to = target.get().status().stratumAddresses().get(0);
        long id = store.addCommand(nodeId, ClusterCommand.Kind.DRAIN, to, now, actor);
        store.audit(
                now,
                actor,
                "drain",
                "node " + nodeId,
                "client.reconnect to node " + target.get().nodeId() + " at " + to + " ("
                        + target.get().status().connections() + " connections there); command " + id);
        return new DrainOrder(id, nodeId, target.get().nodeId(), to);
    }

    /** The live, not draining node with the fewest connections (ties: the lowest id), other than {@code except}. */
    static Optional<ClusterPoolStatus.NodeView> leastLoaded(List<ClusterPoolStatus.NodeView> nodes, int except) {
        return nodes.stream()
                .filter(n -> n.nodeId() != except && n.state().equals("up"))
                .filter(n -> !n.status().stratumAddresses().isEmpty())
                .min(Comparator.comparingInt(
                                (ClusterPoolStatus.NodeView n) -> n.status().connections())
                        .thenComparingInt(ClusterPoolStatus.NodeView::nodeId));
    }

    Broadcast broadcast(String text) throws SQLException {
        return toEveryLiveNode(ClusterCommand.Kind.MESSAGE, text, "message", "all live nodes");
    }

    int broadcastCount(String text) throws SQLException {
        return broadcast(text).connections();
    }

    Broadcast liftBan(String address) throws SQLException {
        try {
            AddressKey.parse(address);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "address: " + e.getMessage());
        }
        return toEveryLiveNode(ClusterCommand.Kind.LIFT_BAN, address, "lift-ban", address);
    }

    private Broadcast toEveryLiveNode(ClusterCommand.Kind kind, String argument, String action, String target)
            throws SQLException {
        List<Long> ids = new ArrayList<>();
        List<Integer> nodeIds = new ArrayList<>();
        int connections = 0;
        for (ClusterPoolStatus.NodeView n : status.nodes()) {
            if (n.live()) {
                ids.add(store.addCommand(n.nodeId(), kind, argument, now, actor));
                nodeIds.add(n.nodeId());
                connections += n.status().connections();
            }
        }
        if (ids.isEmpty()) {
            throw ClusterPoolStatus.conflict("no live node to send " + kind.label() + " to");
        }
        store.audit(now, actor, action, target, "to nodes " + nodeIds + ": " + argument + "; commands " + ids);
        return new Broadcast(kind.label(), argument, ids, nodeIds, connections);
    }
}
