package org.sovereignpool.operator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sovereignpool.ledger.StartRefusedException;

/**
 * A node's configured operators differ from the cluster's registry: the node refuses to start (two nodes with
 * different configurations would license different operators and rewrite the registry back and forth) unless it is
 * told to record its configuration as the registry's new version ({@code run --update-registry}).
 */
public final class RegistryMismatchException extends StartRefusedException {
    private static final long serialVersionUID = 1L;

    public RegistryMismatchException(List<String> differences, Optional<OperatorHistory.RegistryVersion> current) {
        super("the configured operators differ from the cluster's operator registry"
                + current.map(v -> " (version " + v.version() + ", recorded " + Instant.ofEpochMilli(v.changedMillis())
                                + " by " + v.changedBy() + ")")
                        .orElse("")
                + ": " + String.join("; ", differences)
                + ". Start with the registry's operators, or run with --update-registry to record this configuration"
                + " as the registry's new version.");
    }
}
