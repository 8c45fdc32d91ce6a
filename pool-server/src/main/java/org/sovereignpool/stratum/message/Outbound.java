package org.sovereignpool.stratum.message;

import java.util.Objects;

/** What the server writes to a miner; the encoder turns each into one JSON line. */
public sealed interface Outbound {

    /** {@code {"id":<rawId>,"result":<rawResult>,"error":null}}. */
    record Reply(String rawId, String rawResult) implements Outbound {
        public Reply {
            Objects.requireNonNull(rawId, "rawId");
            Objects.requireNonNull(rawResult, "rawResult");
        }
    }

    /** {@code {"id":<rawId>,"result":<rawResult>,"error":[code,"message",null]}}; rawResult is usually null. */
    record ErrorReply(String rawId, String rawResult, int code, String message) implements Outbound {
        public ErrorReply {
            Objects.requireNonNull(rawId, "rawId");
            Objects.requireNonNull(rawResult, "rawResult");
            Objects.requireNonNull(message, "message");
        }

        public ErrorReply(String rawId, int code, String message) {
            this(rawId, "null", code, message);
        }
    }

    /** {@code {"id":null,"method":"<method>","params":<rawParams>}}. */
    record Notification(String method, String rawParams) implements Outbound {
        public Notification {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(rawParams, "rawParams");
        }
    }
}
