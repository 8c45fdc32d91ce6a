package org.sovereignpool.ledger.audit;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sovereignpool.config.TreasuryPayee;
import org.sovereignpool.ledger.store.LedgerStore;

/**
 * The whole audit: reads the ledger, runs the ledger checks in order (receipts, blocks, credit statuses, shares,
 * credits), then, with a node, asks it about every block and runs the chain checks (chain, anchors). It stops at the
 * first discrepancy.
 *
 * <p>Each table is read in its own transaction, so on a ledger that a pool is writing to, a block recorded or moved
 * between two reads can look like a discrepancy for an instant; {@code verify-ledger} therefore audits again before
 * it reports one, and reports what the second pass finds.
 */
public final class LedgerAudit {
    /**
     * How to audit.
     *
     * @param recompute the payout scheme's crediting function over the same ledger (PPLNS: {@code new Pplns(store,
     *     windowFactor)}; PPS: a block credits nothing)
     * @param scheme how the summary names it
     * @param node the node to check blocks and anchors against, if any
     */
    public record Settings(CreditRecomputation recompute, String scheme, Optional<Node> node) {
        public Settings {
            Objects.requireNonNull(recompute, "recompute");
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(node, "node");
        }
    }

    /**
     * A node to check against.
     *
     * @param name how the summary names it (its URL)
     * @param treasuryScript the scriptPubKey every coinbase pays the reward to (a fixed treasury address)
     * @param descriptor a {@code treasury.descriptor} treasury: each block's coinbase pays the reward to the output at
     *     the block's recorded index instead, and {@code treasuryScript} is not used
     */
    public record Node(String name, ChainSource source, byte[] treasuryScript, Optional<TreasuryPayee> descriptor) {
        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
            treasuryScript = treasuryScript.clone();
            Objects.requireNonNull(descriptor, "descriptor");
        }

        /** A fixed treasury address's script. */
        public Node(String name, ChainSource source, byte[] treasuryScript) {
            this(name, source, treasuryScript, Optional.empty());
        }

        /** A descriptor treasury: each block pays the output at its recorded index. */
        public static Node ofDescriptor(String name, ChainSource source, TreasuryPayee descriptor) {
            return new Node(name, source, new byte[0], Optional.of(descriptor));
        }

        @Override
        public byte[] treasuryScript() {
            return treasuryScript.clone();
        }
    }

    /** The outcome of every check run, in order; the last one holds the discrepancy if there is one. */
    public record Report(List<Outcome> outcomes) {
        public Report {
            outcomes = List.copyOf(outcomes);
        }

        public Optional<Discrepancy> discrepancy() {
            return outcomes.isEmpty() ? Optional.empty() : outcomes.getLast().discrepancy();
        }

        public boolean ok() {
            return discrepancy().isEmpty();
        }
    }

    private LedgerAudit() {}

    /** The ledger checks, in the order they run. */
    public static List<AuditCheck> ledgerChecks(CreditRecomputation recompute, String scheme) {
        return List.of(
                new ReceiptChainCheck(),
                new BlockReceiptsCheck(),
                new CreditStatusCheck(),
                new ShareCoverageCheck(),
                new BlockCreditsCheck(recompute, scheme));
    }

    /** The chain checks, in the order they run. */
    public static List<AuditCheck> chainChecks(ChainSnapshot chain, byte[] treasuryScript) {
        return List.of(new ChainCheck(chain, treasuryScript), new AnchorCheck(chain));
    }

    /** The chain checks for {@code node}'s treasury (a fixed address or a descriptor), in the order they run. */
    public static List<AuditCheck> chainChecks(ChainSnapshot chain, Node node) {
        ChainCheck check = node.descriptor().isPresent()
                ? ChainCheck.ofDescriptor(chain, node.descriptor().get())
                : new ChainCheck(chain, node.treasuryScript());
        return List.of(check, new AnchorCheck(chain));
    }

    /** Runs {@code checks} in order on {@code ledger}, stopping at the first discrepancy. */
    public static Report run(LedgerSnapshot ledger, List<AuditCheck> checks) throws SQLException {
        List<Outcome> outcomes = new ArrayList<>();
        for (AuditCheck check : checks) {
            Outcome o;
            try {
                o = check.run(ledger);
            } catch (IllegalArgumentException e) {
                o = unreadableRow(check.name(), e);
            }
            outcomes.add(o);
            if (!o.ok()) {
                break;
            }
        }
        return new Report(outcomes);
    }

    /**
     * Reads {@code store} and audits it.
     *
     * @throws SQLException the ledger could not be read
     * @throws ChainSource.ChainUnavailableException the node could not be asked
     */
    public static Report audit(LedgerStore store, Settings settings)
            throws SQLException, ChainSource.ChainUnavailableException {
        LedgerSnapshot ledger;
        try {
            ledger = LedgerSnapshot.read(store);
        } catch (IllegalArgumentException e) {
            return new Report(List.of(unreadableRow("read", e)));
        }
        Report report = run(ledger, ledgerChecks(settings.recompute(), settings.scheme()));
        if (!report.ok() || settings.node().isEmpty()) {
            return report;
        }
        Node node = settings.node().get();
        ChainSnapshot chain = ChainSnapshot.fetch(node.name(), node.source(), ledger);
        List<Outcome> outcomes = new ArrayList<>(report.outcomes());
        outcomes.addAll(run(ledger, chainChecks(chain, node)).outcomes());
        return new Report(outcomes);
    }

    /** A row that breaks its own type's rules (e.g. a share count of 0) cannot even be read as a ledger row. */
    private static Outcome unreadableRow(String check, IllegalArgumentException e) {
        return Outcome.broken(check, "a ledger row", "it breaks the rules every such row keeps: " + e.getMessage());
    }
}
