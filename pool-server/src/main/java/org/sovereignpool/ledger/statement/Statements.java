package org.sovereignpool.ledger.statement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.LedgerStore;

/** Builds {@link OperatorStatement}s from the ledger and writes them as JSON or CSV. */
public final class Statements {
    private static final double TWO_32 = 4_294_967_296.0;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Statements() {}

    public static OperatorStatement build(LedgerStore store, String operatorId, long fromMillis, long toMillis)
            throws SQLException {
        if (toMillis <= fromMillis) {
            throw new IllegalArgumentException("the period must end after it starts: "
                    + Instant.ofEpochMilli(fromMillis) + " .. " + Instant.ofEpochMilli(toMillis));
        }
        double seconds = (toMillis - fromMillis) / 1000.0;
        List<OperatorStatement.WorkerLine> workers = new ArrayList<>();
        long shares = 0;
        double difficulty = 0;
        for (LedgerStore.WorkerTotals w : store.workerTotals(operatorId, fromMillis, toMillis)) {
            workers.add(new OperatorStatement.WorkerLine(
                    w.worker(),
                    w.shares(),
                    w.sumDifficulty(),
                    w.sumDifficulty() * TWO_32 / seconds,
                    w.firstMillis(),
                    w.lastMillis()));
            shares += w.shares();
            difficulty += w.sumDifficulty();
        }
        List<OperatorStatement.BlockLine> blocks = new ArrayList<>();
        for (BlockRecord b : store.blocksFoundBy(operatorId, fromMillis, toMillis)) {
            blocks.add(new OperatorStatement.BlockLine(
                    b.hash(),
                    b.height(),
                    b.finderWorker(),
                    b.foundMillis(),
                    b.rewardSats(),
                    b.status().name(),
                    b.confirmations()));
        }
        List<OperatorStatement.CreditLine> credits = new ArrayList<>();
        long pending = 0;
        long fin = 0;
        long reversed = 0;
        for (Credit c : store.creditsOf(operatorId, fromMillis, toMillis)) {
            credits.add(new OperatorStatement.CreditLine(
                    c.source(),
                    c.worker(),
                    c.scheme(),
                    c.amountSats(),
                    c.status().name(),
                    c.timeMillis()));
            switch (c.status()) {
                case PENDING -> pending = Math.addExact(pending, c.amountSats());
                case FINAL -> fin = Math.addExact(fin, c.amountSats());
                case REVERSED -> reversed = Math.addExact(reversed, c.amountSats());
            }
        }
        return new OperatorStatement(
                operatorId,
                fromMillis,
                toMillis,
                workers,
                shares,
                difficulty,
                difficulty * TWO_32 / seconds,
                blocks,
                credits,
                pending,
                fin,
                reversed);
    }

    public static String toJson(OperatorStatement s) {
        try {
            return JSON.writeValueAsString(s) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a statement always serializes", e);
        }
    }

    /**
     * One table: {@code kind,id,worker,shares,sum_difficulty,hashrate_hs,height,status,amount_sats,time}. Kinds:
     * {@code period} (id = operator, time = from/to), {@code worker}, {@code block} (amount = reward),
     * {@code credit} (id = source), {@code total} (id = pending | final | reversed). Times are ISO-8601 UTC.
     */
    public static String toCsv(OperatorStatement s) {
        StringBuilder sb =
                new StringBuilder("kind,id,worker,shares,sum_difficulty,hashrate_hs,height,status,amount_sats,time\n");
        row(
                sb,
                "period",
                s.operatorId(),
                "",
                "" + s.totalShares(),
                num(s.totalDifficulty()),
                num(s.hashrate()),
                "",
                "",
                "",
                iso(s.fromMillis()) + "/" + iso(s.toMillis()));
        for (var w : s.workers()) {
            row(
                    sb,
                    "worker",
                    w.worker(),
                    w.worker(),
                    "" + w.shares(),
                    num(w.sumDifficulty()),
                    num(w.hashrate()),
                    "",
                    "",
                    "",
                    iso(w.firstMillis()) + "/" + iso(w.lastMillis()));
        }
        for (var b : s.blocks()) {
            row(
                    sb,
                    "block",
                    b.hash(),
                    b.worker(),
                    "",
                    "",
                    "",
                    "" + b.height(),
                    b.status(),
                    "" + b.rewardSats(),
                    iso(b.foundMillis()));
        }
        for (var c : s.credits()) {
            row(
                    sb,
                    "credit",
                    c.source(),
                    c.worker(),
                    "",
                    "",
                    "",
                    "",
                    c.status(),
                    "" + c.amountSats(),
                    iso(c.timeMillis()));
        }
        row(sb, "total", "pending", "", "", "", "", "", "PENDING", "" + s.pendingSats(), "");
        row(sb, "total", "final", "", "", "", "", "", "FINAL", "" + s.finalSats(), "");
        row(sb, "total", "reversed", "", "", "", "", "", "REVERSED", "" + s.reversedSats(), "");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(csv(cells[i]));
        }
        sb.append('\n');
    }

    /** RFC 4180 quoting; worker names may hold characters a spreadsheet would misread. */
    static String csv(String v) {
        boolean quote = v.indexOf(',') >= 0
                || v.indexOf('"') >= 0
                || v.indexOf('\n') >= 0
                || (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+"));
        if (!quote) {
            return v;
        }
        String escaped = v.replace("\"", "\"\"");
        // a leading = + - @ would run as a formula in a spreadsheet: prefix a quote character inside
        if ("=+-@".indexOf(v.charAt(0)) >= 0) {
            escaped = "'" + escaped;
        }
        return "\"" + escaped + "\"";
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.6f", d);
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
