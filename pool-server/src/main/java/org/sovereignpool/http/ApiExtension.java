package org.sovereignpool.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * More routes under {@code /api/v1} served by a feature's own class (e.g. energy and curtailment), so the feature's
 * routes live beside it rather than in {@link ApiHandler}. Asked, in the order added, for a path the handler does not
 * serve itself: public paths for any method, admin paths ({@code /api/v1/admin/...}) only after the admin token was
 * checked. Runs on the {@code http-api} threads (it may block on the database). Errors are {@link ApiException}s.
 */
@FunctionalInterface
public interface ApiExtension {
    /** The answer, or null when this extension does not serve {@code request.path()}. */
    Reply handle(Request request) throws Exception;

    /**
     * @param method GET, POST, ...
     * @param path the decoded path, e.g. {@code /api/v1/energy}
     * @param params the query parameters
     * @param contentType the request's Content-Type (may be null)
     * @param body the request body (empty for none)
     * @param remote the client's address, for the record of who did an admin action
     */
    record Request(
            String method,
            String path,
            Map<String, List<String>> params,
            String contentType,
            byte[] body,
            String remote) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The first value of a query parameter, or null. */
        public String param(String name) {
            List<String> v = params.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** An answer: status, body and its Content-Type. */
    record Reply(int status, byte[] body, String contentType) {
        public static Reply json(int status, Object value) throws java.io.IOException {
            return new Reply(status, ApiHandler.JSON.writeValueAsBytes(value), "application/json; charset=utf-8");
        }

        public static Reply text(String contentType, String text) {
            return new Reply(200, text.getBytes(StandardCharsets.UTF_8), contentType);
        }
    }
}
