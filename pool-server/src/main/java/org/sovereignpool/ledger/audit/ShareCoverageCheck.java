package org.sovereignpool.ledger.audit;

import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sovereignpool.ledger.store.ShareAggregate;

/**
 * Every share a node's journal applied is in exactly one share_agg row: a node's journal sequences 1..applied_seq
 * (journal_progress) are all shares, each batch is aggregated into rows that lie inside the batch, so the rows'
 * ranges first_seq..last_seq cover 1..applied_seq without a hole, and wherever no row spans from one sequence to the
 * next (a cut, at least at every batch's end) the share counts of the rows between two cuts add up to the length of
 * that stretch. A deleted row leaves a hole or a stretch short of shares; an inserted or altered row overlaps or
 * overflows. Rows of a node without journal progress, or beyond it, are named too.
 */
public final class ShareCoverageCheck implements AuditCheck {
    @Override
    public String name() {
        return "shares";
    }

    /** One node's walk over its rows in first-sequence order. */
    private static final class Walk {
        final int node;
        long covered; // the highest last_seq seen: 1..covered is the stretch walked so far
        long stretchStart = 1;
        long stretchShares;
        long rows;
        long shares;

        Walk(int node) {
            this.node = node;
        }

        /** Closes the stretch stretchStart..covered; a problem, or null. */
        String closeStretch() {
            long length = covered - stretchStart + 1;
            if (length > 0 && stretchShares != length) {
                return "sequences " + stretchStart + ".." + covered + ": the rows there hold " + stretchShares
                        + " shares, expected " + length + " (one per sequence): "
                        + (stretchShares < length
                                ? "a row was deleted or its share_count lowered"
                                : "a row was inserted or its share_count raised");
            }
            return null;
        }
    }

    @Override
    public Outcome run(LedgerSnapshot ledger) throws SQLException {
        Map<Integer, Long> applied = ledger.appliedSequences();
        Map<Integer, Walk> walks = new TreeMap<>();
        String[] problem = {null};
        int[] problemNode = {0};
        ledger.shareRows().forEach(a -> {
            Walk w = walks.computeIfAbsent(a.nodeId(), Walk::new);
            String p = step(w, a, applied.get(a.nodeId()));
            if (p != null) {
                problem[0] = p;
                problemNode[0] = a.nodeId();
                return false;
            }
            return true;
        });
        if (problem[0] == null) {
            TreeSet<Integer> nodes = new TreeSet<>(applied.keySet());
            nodes.addAll(walks.keySet());
            for (int node : nodes) {
                Walk w = walks.getOrDefault(node, new Walk(node));
                String p = finish(w, applied.getOrDefault(node, 0L));
                if (p != null) {
                    problem[0] = p;
                    problemNode[0] = node;
                    break;
                }
            }
        }
        if (problem[0] != null) {
            return Outcome.broken(name(), "share_agg of node " + problemNode[0], problem[0]);
        }
        long rows = walks.values().stream().mapToLong(w -> w.rows).sum();
        long shares = walks.values().stream().mapToLong(w -> w.shares).sum();
        StringBuilder nodes = new StringBuilder();
        for (Map.Entry<Integer, Long> e : new TreeMap<>(applied).entrySet()) {
            nodes.append(nodes.isEmpty() ? "" : ", ")
                    .append("node ")
                    .append(e.getKey())
                    .append(": 1..")
                    .append(e.getValue());
        }
        return Outcome.ok(
                name(),
                shares + " shares in " + rows + " rows cover every applied journal sequence of " + applied.size()
                        + " nodes exactly once" + (applied.isEmpty() ? "" : " (" + nodes + ")"));
    }

    private static String step(Walk w, ShareAggregate a, Long applied) {
        if (applied == null) {
            return "row first_seq " + a.firstSeq() + " (" + a.operatorId() + "/" + a.worker()
                    + "), but journal_progress has no row for this node";
        }
        if (a.lastSeq() > applied) {
            return "row first_seq " + a.firstSeq() + " (" + a.operatorId() + "/" + a.worker() + ") ends at "
                    + a.lastSeq() + ", beyond the applied sequence " + applied + " (journal_progress)";
        }
        if (a.firstSeq() > w.covered) {
            // no row spans from covered to covered + 1: a cut
            String p = w.closeStretch();
            if (p != null) {
                return p;
            }
            if (a.firstSeq() > w.covered + 1) {
                return "sequences " + (w.covered + 1) + ".." + (a.firstSeq() - 1) + " are applied (through " + applied
                        + ") but in no row: share rows were deleted";
            }
            w.stretchStart = a.firstSeq();
            w.stretchShares = 0;
        }
        w.stretchShares += a.shareCount();
        w.covered = Math.max(w.covered, a.lastSeq());
        w.rows++;
        w.shares += a.shareCount();
        return null;
    }

    private static String finish(Walk w, long applied) {
        String p = w.closeStretch();
        if (p != null) {
            return p;
        }
        if (w.covered < applied) {
            return "sequences " + (w.covered + 1) + ".." + applied + " are applied (journal_progress) but in no row:"
                    + " share rows were deleted";
        }
        return null;
    }
}
