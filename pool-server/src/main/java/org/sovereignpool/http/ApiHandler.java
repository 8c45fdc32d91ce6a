package org.sovereignpool.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.operator.HashrateWindow;
import org.sovereignpool.stratum.StratumAdmin;

/**
 * One request, one answer: routes {@code /metrics}, {@code /api/v1/**} and the static files. Answered on the {@code
 * http-api} executor, never on the I/O thread. Every error is JSON {@code {"error": "..."}} with its status: 400
 * bad parameter, 401 admin without the token, 404 unknown path or operator, 405 wrong method, 413 body too large
 * (by the aggregator), 503 the status source could not answer (e.g. the ledger database is down). Static files carry
 * a Content-Security-Policy (same origin only). One instance per connection.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final String API = "/api/v1";
    private static final int MAX_LIMIT = 1000;
    private static final int MAX_MESSAGE_CHARS = 512;
    static final ObjectMapper JSON = new ObjectMapper();

    /** The dashboard's pages may load scripts, styles and data from this server only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
            + " form-action 'none'";

    /** @param stratum bans and extranonce changes for the admin API; null when there is no Stratum server */
    record Shared(
            PrometheusMeterRegistry registry,
            PoolStatus status,
            Optional<String> adminToken,
            Clock clock,
            StaticFiles files,
            StratumAdmin stratum,
            List<ApiExtension> extensions) {}

    private final Shared shared;
    private final Executor work;
    private final HttpConnectionGuard guard;
    private final int maxInFlight;
    private int inFlight; // on the event loop
    private volatile String remote; // the client's address, for extensions' records of admin actions

    /**
     * @param work where requests are answered: off the I/O thread (the status source may block), one thread per
     *     connection (answers keep the order of pipelined requests)
     * @param maxInFlight requests answered or being answered at once; past it the connection is not read from until
     *     an answer has been written (bounded pipelining)
     */
    ApiHandler(Shared shared, Executor work, HttpConnectionGuard guard, int maxInFlight) {
        this.shared = shared;
        this.work = work;
        this.guard = guard;
        this.maxInFlight = maxInFlight;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        guard.requestReceived();
        if (remote == null) {
            remote = String.valueOf(ctx.channel().remoteAddress());
        }
        if (++inFlight >= maxInFlight) {
            ctx.channel().config().setAutoRead(false);
        }
        request.retain();
        try {
            work.execute(() -> {
                try {
                    answer(ctx, request);
                } finally {
                    request.release();
                }
            });
        } catch (RejectedExecutionException e) { // shutting down
            request.release();
            ctx.close();
        }
    }

    /** An answer was written (or failed): one fewer in flight; reading resumes below the bound. On the event loop. */
    private void answered(ChannelHandlerContext ctx) {
        if (--inFlight < maxInFlight && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset by the peer, a malformed request the codec could not frame: that connection ends, quietly
        LOG.debug("closing HTTP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        if (!request.decoderResult().isSuccess()) {
            response = error(HttpResponseStatus.BAD_REQUEST, "malformed request");
        } else {
            try {
                response = route(ctx, request);
            } catch (ApiException e) {
                response = error(HttpResponseStatus.valueOf(e.status()), e.getMessage());
            } catch (Exception e) {
                LOG.warn("{} {} failed: {}", request.method(), request.uri(), e.toString());
                response = error(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable: " + e.getMessage());
            }
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        future.addListener(f -> answered(ctx));
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse route(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
        QueryStringDecoder q = new QueryStringDecoder(request.uri());
        String path = q.path();
        HttpMethod method = request.method();
        if (path.startsWith(API + "/admin/")) {
            authorize(request);
            if (shared.status() instanceof ClusterApi cluster) {
                Optional<FullHttpResponse> answer = ClusterRoutes.admin(
                        cluster,
                        path.substring((API + "/admin/").length()),
                        method,
                        request,
                        q,
                        ClusterRoutes.actor(ctx, request));
                if (answer.isPresent()) {
                    return answer.get();
                }
            }
            return switch (path.substring((API + "/admin/").length())) {
                case "workers" -> {
                    requireMethod(method, HttpMethod.GET);
                    yield json(shared.status().workers());
                }
                case "message" -> {
                    requireMethod(method, HttpMethod.POST);
                    String text = messageText(request);
                    int connections = shared.status().showMessage(text);
                    LOG.info("admin: show_message to {} connections: {}", connections, text);
                    yield json(Map.of("sent", text, "connections", connections));
                }
                case "bans" -> {
                    requireMethod(method, HttpMethod.GET);
                    yield json(stratum().bans());
                }
                case "extranonce" -> {
                    requireMethod(method, HttpMethod.POST);
                    int sent = stratum().changeExtranonce();
                    LOG.info("admin: mining.set_extranonce sent to {} connections", sent);
                    yield json(Map.of("connections", sent));
                }
                default -> {
                    String rest = path.substring((API + "/admin/").length());
                    if (rest.startsWith("bans/")) {
                        yield liftBan(method, rest.substring("bans/".length()));
                    }
                    FullHttpResponse extended = extension(request, q);
                    if (extended != null) {
                        yield extended;
                    }
                    throw ApiException.notFound("no such admin endpoint: " + path);
                }
            };
        }
        if (path.startsWith(API + "/")) {
            FullHttpResponse extended = extension(request, q);
            if (extended != null) {
                return extended;
            }
        }
        requireMethod(method, HttpMethod.GET);
        if (path.equals("/metrics")) {
            byte[] body = shared.registry().scrape().getBytes(StandardCharsets.UTF_8);
            return response(HttpResponseStatus.OK, body, "text/plain; version=0.0.4; charset=utf-8");
        }
        if (path.equals(API + "/health")) {
            PoolStatus.Health h = shared.status().health();
            return json(
                    h.healthy() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    Map.of("status", h.healthy() ? "ok" : "unhealthy", "checks", h.checks()));
        }
        if (path.equals(API + "/nodes")) {
            if (!(shared.status() instanceof ClusterApi cluster)) {
                throw ApiException.notFound(
                        "a pool node has no cluster view: ask the console (sovereign-pool console)");
            }
            return json(cluster.nodes());
        }
        if (path.equals(API + "/summary")) {
            return json(shared.status().summary());
        }
        if (path.equals(API + "/operators")) {
            return json(shared.status().operators());
        }
        if (path.startsWith(API + "/operators/")) {
            List<String> parts =
                    List.of(path.substring((API + "/operators/").length()).split("/", -1));
            String id = parts.get(0);
            if (parts.size() == 1) {
                return json(shared.status().operator(id).orElseThrow(() -> ApiException.notFound("no operator " + id)));
            }
            if (parts.size() == 2 && parts.get(1).equals("history")) {
                return json(shared.status()
                        .operatorHistory(id)
                        .orElseThrow(() -> ApiException.notFound("no operator " + id)));
            }
            if (parts.size() == 2 && parts.get(1).equals("statement")) {
                long now = shared.clock().millis();
                long to = longParam(q, "to", now);
                long from = longParam(q, "from", to - 86_400_000L);
                if (from >= to) {
                    throw ApiException.badRequest("from must be before to, got from=" + from + " to=" + to);
                }
                return json(shared.status()
                        .statement(id, from, to)
                        .orElseThrow(() -> ApiException.notFound("no operator " + id)));
            }
            throw ApiException.notFound("no such path: " + path);
        }
        if (path.equals(API + "/hashrate")) {
            String w = param(q, "window").orElse("1h");
            HashrateWindow window = switch (w) {
                case "1h" -> HashrateWindow.ONE_HOUR;
                case "24h" -> HashrateWindow.ONE_DAY;
                default -> throw ApiException.badRequest("window must be 1h or 24h, got " + w);
            };
            Optional<String> operator = param(q, "operator");
            if (operator.isPresent() && shared.status().operator(operator.get()).isEmpty()) {
                throw ApiException.notFound("no operator " + operator.get());
            }
            return json(shared.status().hashrateHistory(operator.orElse(null), window));
        }
        if (path.equals(API + "/blocks")) {
            return json(shared.status().blocks((int) limit(q)));
        }
        if (path.equals(API + "/treasury")) {
            return json(shared.status().treasury((int) limit(q)));
        }
        if (path.equals(API + "/public")) {
            // the public transparency page: no token, no worker names, no addresses of anyone's machines
            return json(shared.status()
                    .publicReport((int) limit(q))
                    .orElseThrow(() -> ApiException.notFound("no public report on this server")));
        }
        if (path.startsWith(API + "/") || path.equals(API)) {
            throw ApiException.notFound("no such endpoint: " + path);
        }
        StaticFiles.File file = shared.files().get(path).orElseThrow(() -> ApiException.notFound("not found: " + path));
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, file.content());
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, file.contentType());
        r.headers().set("X-Content-Type-Options", "nosniff");
        r.headers().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        r.headers().set("X-Frame-Options", "DENY");
        r.headers().set("Referrer-Policy", "no-referrer");
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, path.startsWith("/webjars/") ? "max-age=86400" : "no-cache");
        return r;
    }

    /** The first extension's answer for this request, or null when none serves its path. */
    private FullHttpResponse extension(FullHttpRequest request, QueryStringDecoder q) throws Exception {
        if (shared.extensions() == null || shared.extensions().isEmpty()) {
            return null;
        }
        byte[] body = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), body);
        ApiExtension.Request r = new ApiExtension.Request(
                request.method().name(),
                q.path(),
                q.parameters(),
                request.headers().get(HttpHeaderNames.CONTENT_TYPE),
                body,
                java.util.Objects.toString(remote, "unknown"));
        for (ApiExtension e : shared.extensions()) {
            ApiExtension.Reply reply = e.handle(r);
            if (reply != null) {
                return response(HttpResponseStatus.valueOf(reply.status()), reply.body(), reply.contentType());
            }
        }
        return null;
    }

    private StratumAdmin stratum() {
        if (shared.stratum() == null) {
            throw ApiException.notFound("no Stratum server on this node");
        }
        return shared.stratum();
    }

    private FullHttpResponse liftBan(HttpMethod method, String address) throws IOException {
        requireMethod(method, HttpMethod.DELETE);
        String ip = QueryStringDecoder.decodeComponent(address);
        boolean lifted;
        try {
            lifted = stratum().liftBan(ip);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (!lifted) {
            throw ApiException.notFound("not banned: " + ip);
        }
        LOG.info("admin: ban on {} lifted", ip);
        return json(Map.of("lifted", ip));
    }

    private void authorize(FullHttpRequest request) {
        if (shared.adminToken().isEmpty()) {
            throw new ApiException(401, "admin API disabled: no http.adminToken configured");
        }
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.startsWith("Bearer ")) {
            throw new ApiException(401, "admin API needs Authorization: Bearer <token>");
        }
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        byte[] expected = shared.adminToken().get().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expected)) { // constant time: no timing oracle on the token
            throw new ApiException(401, "wrong admin token");
        }
    }

    static String messageText(FullHttpRequest request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ApiException.badRequest("body must be JSON {\"text\": \"...\"}");
        }
        JsonNode text = body == null ? null : body.get("text");
        if (text == null || !text.isTextual() || text.textValue().isBlank()) {
            throw ApiException.badRequest("body must be JSON {\"text\": \"...\"} with a non-blank text");
        }
        if (text.textValue().length() > MAX_MESSAGE_CHARS) {
            throw ApiException.badRequest("text must be at most " + MAX_MESSAGE_CHARS + " characters");
        }
        return text.textValue();
    }

    static void requireMethod(HttpMethod method, HttpMethod expected) {
        if (!method.equals(expected)) {
            throw new ApiException(405, "method " + method + " not allowed here; use " + expected);
        }
    }

    private static Optional<String> param(QueryStringDecoder q, String name) {
        List<String> values = q.parameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static long longParam(QueryStringDecoder q, String name, long dflt) {
        Optional<String> v = param(q, name);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.get());
            if (n < 0) {
                throw ApiException.badRequest(name + " must be >= 0 (Unix milliseconds), got " + v.get());
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be Unix milliseconds, got " + v.get());
        }
    }

    static long limit(QueryStringDecoder q) {
        long limit = longParam(q, "limit", 50);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be 1.." + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }

    static FullHttpResponse json(Object value) throws IOException {
        return json(HttpResponseStatus.OK, value);
    }

    private static FullHttpResponse json(HttpResponseStatus status, Object value) throws IOException {
        return response(status, JSON.writeValueAsBytes(value), HttpHeaderValues.APPLICATION_JSON + "; charset=utf-8");
    }

    private static FullHttpResponse error(HttpResponseStatus status, String message) {
        try {
            FullHttpResponse r = json(status, Map.of("error", message));
            if (status.code() == 401) {
                r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            }
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] body, String contentType) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().set("X-Content-Type-Options", "nosniff");
        return r;
    }
}
