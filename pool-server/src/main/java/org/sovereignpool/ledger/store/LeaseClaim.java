package org.sovereignpool.ledger.store;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to claiming a node id: granted (with the lease it replaced, if any), or refused because another instance
 * holds a live lease on it.
 */
public sealed interface LeaseClaim {
    /** The claim succeeded; {@code previous} is the lease it replaced (released, run out, or none). */
    record Granted(NodeLease lease, Optional<NodeLease> previous) implements LeaseClaim {
        public Granted {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(previous, "previous");
        }
    }

    /** Another instance holds a live lease on the node id. */
    record Refused(NodeLease holder) implements LeaseClaim {
        public Refused {
            Objects.requireNonNull(holder, "holder");
        }
    }
}
