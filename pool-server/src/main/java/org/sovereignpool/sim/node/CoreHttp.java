package org.sovereignpool.sim.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Bitcoin Core's JSON-RPC over HTTP, without the transport: from a request's method, Authorization header and body to
 * the status, headers and body Core sends (src/httprpc.cpp, src/rpc/request.cpp as v29.99 behaves in the recordings):
 *
 * <ul>
 *   <li>only POST (else 405, plain text); Basic authentication with rpcuser/rpcpassword or the cookie, 401 with an
 *       empty body and {@code WWW-Authenticate: Basic realm="jsonrpc"}, after a delay when credentials were wrong;
 *   <li>a body that is not JSON: 500, -32700 "Parse error", id null;
 *   <li>JSON-RPC 1.0 (or no version): result and error always present, errors as HTTP 500, "Method not found" as 404,
 *       invalid requests as 400; JSON-RPC 2.0: HTTP 200 even for errors, only one of result/error, 204 for a
 *       notification; a batch: 200 with one entry per request;
 *   <li>while warming up, every method gets -28 with the current stage; while stopping, 503 with an HTML body.
 * </ul>
 *
 * Thread-safe.
 */
final class CoreHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String ISO_TEXT = "text/html; charset=ISO-8859-1";
    /** The body Core (libevent) sends with 503 while it shuts down (rpc-stopping-node2-503.body). */
    static final String UNAVAILABLE_BODY = "<HTML><HEAD>\n<TITLE>503 Service Unavailable</TITLE>\n</HEAD><BODY>\n"
            + "<H1>Service Unavailable</H1>\n</BODY></HTML>\n";

    /**
     * An HTTP reply.
     *
     * @param contentType null for none
     * @param close whether the connection is closed after it
     * @param wwwAuthenticate whether the 401 challenge header is sent
     */
    record Reply(int status, String contentType, byte[] body, boolean close, boolean wwwAuthenticate) {
        static Reply json(int status, JsonNode body) {
            return new Reply(status, "application/json", (body + "\n").getBytes(StandardCharsets.UTF_8), false, false);
        }

        Reply closing() {
            return new Reply(status, contentType, body, true, wwwAuthenticate);
        }
    }

    /** The node's state as the HTTP layer sees it. */
    interface State {
        /** The warm-up stage text, or null once warmed up. */
        String warmupStatus();

        /** True during the last part of a shutdown, when Core answers 503. */
        boolean unavailable();

        /** The credentials that are accepted now ("user:password" forms). */
        List<String> credentials();

        Duration authFailureDelay();

        /** Counts a call (tests see which node served what). */
        void called(String method);
    }

    private final CoreRpc rpc;
    private final State state;

    CoreHttp(CoreRpc rpc, State state) {
        this.rpc = rpc;
        this.state = state;
    }

    /** The reply to one HTTP request. May block (long polls, the failed-authentication delay). */
    Reply handle(String method, String authorization, byte[] body) throws InterruptedException {
        if (state.unavailable()) {
            return new Reply(503, "text/html", UNAVAILABLE_BODY.getBytes(StandardCharsets.US_ASCII), true, false);
        }
        if (!"POST".equals(method)) {
            return new Reply(
                    405,
                    ISO_TEXT,
                    "JSONRPC server handles only POST requests".getBytes(StandardCharsets.US_ASCII),
                    false,
                    false);
        }
        if (authorization == null || authorization.isEmpty()) {
            return unauthorized();
        }
        if (!authorized(authorization)) {
            Thread.sleep(state.authFailureDelay()); // Core slows down password guessing
            return unauthorized();
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            request = null;
        } catch (java.io.IOException e) {
            request = null;
        }
        if (request == null || request.isMissingNode()) {
            return errorReply(new RpcException(RpcException.PARSE_ERROR, "Parse error"), null, false);
        }
        Reply reply;
        if (request.isObject()) {
            reply = single((ObjectNode) request);
        } else if (request.isArray()) {
            reply = batch((ArrayNode) request);
        } else {
            reply = errorReply(new RpcException(RpcException.PARSE_ERROR, "Top-level object parse error"), null, false);
        }
        // the node hangs up on the client that told it to stop
        boolean stop =
                request.isObject() && "stop".equals(request.path("method").asText());
        return stop ? reply.closing() : reply;
    }

    private static Reply unauthorized() {
        return new Reply(401, ISO_TEXT, new byte[0], false, true);
    }

    private boolean authorized(String header) {
        if (!header.startsWith("Basic ")) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean ok = false;
        for (String c : state.credentials()) {
            ok |= MessageDigest.isEqual(given, c.getBytes(StandardCharsets.UTF_8));
        }
        return ok;
    }

    /** A parsed JSON-RPC request (Core's JSONRPCRequest::parse). */
    private record Request(JsonNode id, boolean hasId, boolean v2, String method, JsonNode params) {
        boolean notification() {
            return v2 && !hasId;
        }
    }

    /** Parses; errors carry what was parsed so far (the id and version), as Core's replies do. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final transient RpcException error;
        final transient JsonNode id;
        final boolean v2;

        BadRequest(RpcException error, JsonNode id, boolean v2) {
            super(error.getMessage(), null, false, false);
            this.error = error;
            this.id = id;
            this.v2 = v2;
        }
    }

    private static Request parse(JsonNode r) throws BadRequest {
        if (!r.isObject()) {
            throw new BadRequest(new RpcException(RpcException.INVALID_REQUEST, "Invalid Request object"), null, false);
        }
        boolean hasId = r.has("id");
        JsonNode id = hasId ? r.get("id") : null;
        boolean v2 = false;
        JsonNode version = r.get("jsonrpc");
        if (version != null && !version.isNull()) {
            if (!version.isTextual()) {
                throw new BadRequest(
                        new RpcException(RpcException.INVALID_REQUEST, "jsonrpc field must be a string"), id, false);
            }
            switch (version.asText()) {
                case "1.0" -> v2 = false;
                case "2.0" -> v2 = true;
                default ->
                    throw new BadRequest(
                            new RpcException(RpcException.INVALID_REQUEST, "JSON-RPC version not supported"),
                            id,
                            false);
            }
        }
        JsonNode method = r.get("method");
        if (method == null || method.isNull()) {
            throw new BadRequest(new RpcException(RpcException.INVALID_REQUEST, "Missing method"), id, v2);
        }
        if (!method.isTextual()) {
            throw new BadRequest(new RpcException(RpcException.INVALID_REQUEST, "Method must be a string"), id, v2);
        }
        JsonNode params = r.get("params");
        if (params == null || params.isNull()) {
            params = F.arrayNode();
        } else if (!params.isArray() && !params.isObject()) {
            throw new BadRequest(
                    new RpcException(RpcException.INVALID_REQUEST, "Params must be an array or object"), id, v2);
        }
        return new Request(id, hasId, v2, method.asText(), params);
    }

    private Reply single(ObjectNode body) throws InterruptedException {
        Request r;
        try {
            r = parse(body);
        } catch (BadRequest e) {
            return errorReply(e.error, e.id, e.v2);
        }
        JsonNode result;
        try {
            result = execute(r);
        } catch (RpcException e) {
            if (r.v2()) {
                return r.notification() ? noContent() : Reply.json(200, replyObject(null, error(e), r));
            }
            return errorReply(e, r.id(), false);
        }
        return r.notification() ? noContent() : Reply.json(200, replyObject(result, null, r));
    }

    private Reply batch(ArrayNode body) throws InterruptedException {
        ArrayNode replies = F.arrayNode();
        for (JsonNode entry : body) {
            Request r;
            try {
                r = parse(entry);
            } catch (BadRequest e) {
                replies.add(replyObject(null, error(e.error), new Request(e.id, e.id != null, e.v2, "", null)));
                continue;
            }
            ObjectNode reply;
            try {
                reply = replyObject(execute(r), null, r);
            } catch (RpcException e) {
                reply = replyObject(null, error(e), r);
            }
            if (!r.notification()) {
                replies.add(reply);
            }
        }
        return replies.isEmpty() ? noContent() : Reply.json(200, replies);
    }

    private JsonNode execute(Request r) throws RpcException, InterruptedException {
        state.called(r.method());
        String warmup = state.warmupStatus();
        if (warmup != null) {
            throw new RpcException(RpcException.IN_WARMUP, warmup);
        }
        return rpc.execute(r.method(), r.params());
    }

    private static Reply noContent() {
        return new Reply(204, null, new byte[0], false, false);
    }

    /** Core's JSONErrorReply: 400 for invalid requests, 404 for unknown methods, 500 for the rest. */
    private static Reply errorReply(RpcException e, JsonNode id, boolean v2) {
        int status =
                e.code() == RpcException.INVALID_REQUEST ? 400 : e.code() == RpcException.METHOD_NOT_FOUND ? 404 : 500;
        Request r = new Request(id == null ? NullNode.getInstance() : id, true, v2, "", null);
        return Reply.json(status, replyObject(null, error(e), r));
    }

    private static ObjectNode error(RpcException e) {
        ObjectNode o = F.objectNode();
        o.put("code", e.code());
        o.put("message", e.getMessage());
        return o;
    }

    /** Core's JSONRPCReplyObj. */
    private static ObjectNode replyObject(JsonNode result, ObjectNode error, Request r) {
        ObjectNode o = F.objectNode();
        if (r.v2()) {
            o.put("jsonrpc", "2.0");
        }
        if (error == null) {
            o.set("result", result == null ? NullNode.getInstance() : result);
            if (!r.v2()) {
                o.putNull("error");
            }
        } else {
            if (!r.v2()) {
                o.putNull("result");
            }
            o.set("error", error);
        }
        if (r.hasId()) {
            o.set("id", r.id() == null ? NullNode.getInstance() : r.id());
        }
        return o;
    }
}
