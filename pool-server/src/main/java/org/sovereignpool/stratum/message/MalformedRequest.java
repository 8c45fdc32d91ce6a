package org.sovereignpool.stratum.message;

import java.util.Objects;

/**
 * A line that is not a usable request (broken JSON, not an object, no method). The decoder turns bad input into
 * this value instead of throwing, so a handler can answer it and count it.
 *
 * @param rawId the id when it could be read before the damage, else {@code "null"}
 * @param reason what was wrong, for the error reply
 */
public record MalformedRequest(String rawId, String reason) {
    public MalformedRequest {
        Objects.requireNonNull(rawId, "rawId");
        Objects.requireNonNull(reason, "reason");
    }
}
