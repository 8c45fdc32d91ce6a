package org.sovereignpool.loadtest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a pool said to a request: accepted, or rejected with a reason that is the same for the same cause, so replies
 * can be counted by it. The reason is {@code "<code> <message>"} for a Stratum error triple ({@code [23, "Low
 * difficulty share", null]}) or a JSON-RPC error object, the text for a string error or ckpool's {@code
 * reject-reason} ({@code "Above target"}), and a description of the reply otherwise.
 */
record ReplyOutcome(boolean accepted, String reason) {
    static final ReplyOutcome ACCEPTED = new ReplyOutcome(true, null);

    static ReplyOutcome of(InboundLine reply) {
        if (reply.error() != null) {
            return rejected(describe(reply.error()));
        }
        if (Boolean.TRUE.equals(reply.resultFlag())) {
            return ACCEPTED;
        }
        if (reply.rejectReason() != null && !reply.rejectReason().isBlank()) {
            return rejected(reply.rejectReason().strip());
        }
        if (Boolean.FALSE.equals(reply.resultFlag())) {
            return rejected("false (no reason given)");
        }
        if (reply.result() == null) {
            return rejected("null result (no error)");
        }
        return rejected("result " + abbreviate(reply.result().toString()));
    }

    /** The leading Stratum error code of a reason, or -1 when it has none. */
    int code() {
        if (reason == null) {
            return 0;
        }
        int end = 0;
        while (end < reason.length()
                && (Character.isDigit(reason.charAt(end)) || (end == 0 && reason.charAt(0) == '-'))) {
            end++;
        }
        if (end == 0 || (end < reason.length() && reason.charAt(end) != ' ')) {
            return -1;
        }
        try {
            return Integer.parseInt(reason.substring(0, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ReplyOutcome rejected(String reason) {
        return new ReplyOutcome(false, reason);
    }

    private static String describe(JsonNode error) {
        if (error.isArray()) {
            if (error.isEmpty()) {
                return "error []";
            }
            JsonNode code = error.get(0);
            JsonNode message = error.size() > 1 ? error.get(1) : null;
            return join(code, message);
        }
        if (error.isObject()) {
            return join(error.get("code"), error.get("message"));
        }
        if (error.isTextual()) {
            return error.asText().isBlank()
                    ? "error \"\""
                    : abbreviate(error.asText().strip());
        }
        return "error " + abbreviate(error.toString());
    }

    private static String join(JsonNode code, JsonNode message) {
        String c = code == null || code.isNull() ? "" : code.isNumber() ? code.asText() : abbreviate(code.toString());
        String m = message == null || message.isNull()
                ? ""
                : abbreviate(message.asText().strip());
        String joined = (c + " " + m).strip();
        return joined.isEmpty() ? "error without code or message" : joined;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
