package org.sovereignpool.ledger.store;

import java.util.Objects;

/**
 * What an attempt to credit a block did.
 *
 * @param detail why it waits (which node), or what the crediting relied on (each node applied past the block,
 *     released, or declared down)
 */
public record CreditOutcome(Kind kind, String detail) {
    public enum Kind {
        /** Credits written now. */
        CREDITED,
        /** Not creditable yet: the finder's journal is not applied up to the block, or a live node is behind it. */
        WAITING,
        /** Nothing to do: credited already, unknown, or under PPS. */
        NOT_NEEDED
    }

    public CreditOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
