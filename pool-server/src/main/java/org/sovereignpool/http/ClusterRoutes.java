package org.sovereignpool.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's admin routes (after the token was checked): {@code POST nodes/{id}/drain}, {@code POST message} and
 * {@code DELETE bans/{address}} to every live node, {@code GET commands} and {@code GET audit}. Who asked: the {@code
 * X-Admin-Actor} header (a name, up to 64 printable characters; "admin" without it) and the caller's address.
 */
final class ClusterRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRoutes.class);
    static final String ACTOR_HEADER = "X-Admin-Actor";
    static final int MAX_ACTOR_CHARS = 64;

    private ClusterRoutes() {}

    /** Who asked: the actor header's name, or "admin", with the caller's address. */
    static String actor(ChannelHandlerContext ctx, FullHttpRequest request) {
        String name = request.headers().get(ACTOR_HEADER);
        if (name == null || name.isBlank()) {
            name = "admin";
        } else {
            name = name.strip();
            if (name.length() > MAX_ACTOR_CHARS || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw ApiException.badRequest(
                        ACTOR_HEADER + " must be 1.." + MAX_ACTOR_CHARS + " printable ASCII characters");
            }
        }
        String from = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : String.valueOf(ctx.channel().remoteAddress());
        return name + " from " + from;
    }

    /** The answer for a console admin route, or empty for the routes a node has too (workers, bans list, ...). */
    static Optional<FullHttpResponse> admin(
            ClusterApi cluster,
            String rest,
            HttpMethod method,
            FullHttpRequest request,
            QueryStringDecoder q,
            String actor)
            throws Exception {
        if (rest.startsWith("nodes/") && rest.endsWith("/drain")) {
            ApiHandler.requireMethod(method, HttpMethod.POST);
            String id = rest.substring("nodes/".length(), rest.length() - "/drain".length());
            int nodeId;
            try {
                nodeId = Integer.parseInt(id);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("node id must be a number 0..255, got " + id);
            }
            if (nodeId < 0 || nodeId > 255) {
                throw ApiException.badRequest("node id must be 0..255, got " + nodeId);
            }
            Object order = cluster.drain(nodeId, actor);
            LOG.info("admin {}: drain node {}: {}", actor, nodeId, order);
            return Optional.of(ApiHandler.json(order));
        }
        if (rest.equals("message")) {
            ApiHandler.requireMethod(method, HttpMethod.POST);
            String text = ApiHandler.messageText(request);
            Object sent = cluster.broadcast(text, actor);
            LOG.info("admin {}: show_message to every live node: {}", actor, text);
            return Optional.of(ApiHandler.json(sent));
        }
        if (rest.startsWith("bans/")) {
            ApiHandler.requireMethod(method, HttpMethod.DELETE);
            String address = QueryStringDecoder.decodeComponent(rest.substring("bans/".length()));
            Object sent = cluster.liftBan(address, actor);
            LOG.info("admin {}: lift the ban on {} on every live node", actor, address);
            return Optional.of(ApiHandler.json(sent));
        }
        if (rest.equals("commands")) {
            ApiHandler.requireMethod(method, HttpMethod.GET);
            return Optional.of(ApiHandler.json(cluster.commands((int) ApiHandler.limit(q))));
        }
        if (rest.equals("audit")) {
            ApiHandler.requireMethod(method, HttpMethod.GET);
            return Optional.of(ApiHandler.json(cluster.audit((int) ApiHandler.limit(q))));
        }
        return Optional.empty();
    }
}
