package org.sovereignpool.energy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sovereignpool.config.EnergyConfig;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.operator.OperatorRegistry;

/**
 * How long the energy accumulator takes to integrate a day of applied shares, and the report to answer for it. Not a
 * unit test: run by hand (BENCHMARKS.md, "Energy accounting").
 *
 * <pre>
 * h2|pg WORKERS HOURS    fills share_agg with WORKERS x HOURS x 360 ten-second aggregates, then times
 *                        EnergyAccumulator.accumulate over them and EnergyReport (hour and day) for them
 * </pre>
 */
public final class EnergyBenchmark {
    private EnergyBenchmark() {}

    public static void main(String[] args) throws Exception {
        String db = args[0];
        int workers = Integer.parseInt(args[1]);
        int hours = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("energy-bench");
        String schema = LedgerTestDatabases.freshSchema("energybench");
        JdbcLedgerStore ledger = db.equals("pg")
                ? JdbcLedgerStore.open(LedgerTestDatabases.PG_URL, LedgerTestDatabases.PG_USER, "", schema)
                : JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null);
        OperatorConfig volta =
                new OperatorConfig("volta", "Volta", Optional.empty(), 350, 17.5, List.of("akosombo-1", "kpong-2"));
        OperatorRegistry registry = new OperatorRegistry(List.of(volta), Map.of());
        long day0 = 1_795_132_800_000L; // 2026-11-20T00:00:00Z
        try {
            long t = System.nanoTime();
            long rows = 0;
            try (Connection c = ledger.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO share_agg (node_id, first_seq, last_seq,"
                            + " operator_id, worker, bucket_start_millis, share_count, sum_difficulty,"
                            + " best_difficulty, first_millis, last_millis, max_height, block_candidates) VALUES"
                            + " (0, ?, ?, 'volta', ?, ?, 10, 1000.5, 900, ?, ?, 100, 0)")) {
                c.setAutoCommit(false);
                for (long b = 0; b < hours * 360L; b++) {
                    long start = day0 + b * 10_000;
                    for (int w = 0; w < workers; w++) {
                        rows++;
                        ps.setLong(1, rows);
                        ps.setLong(2, rows);
                        ps.setString(3, (w % 2 == 0 ? "akosombo-1" : "kpong-2") + ".rig" + w);
                        ps.setLong(4, start);
                        ps.setLong(5, start);
                        ps.setLong(6, start + 9_999);
                        ps.addBatch();
                    }
                    if (b % 36 == 35) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
            System.out.printf(
                    Locale.ROOT, "%s: %d share_agg rows inserted in %.1f s%n", db, rows, (System.nanoTime() - t) / 1e9);
            EnergyStore store = new EnergyStore(ledger.dataSource());
            EnergyAccumulator acc = new EnergyAccumulator(store, registry, () -> day0 + 30L * 86_400_000L);
            EnergyReport report = new EnergyReport(store, registry, EnergyConfig.defaults());
            for (int run = 0; run < 3; run++) {
                t = System.nanoTime();
                acc.accumulate(day0, day0 + hours * 3_600_000L);
                double accumulate = (System.nanoTime() - t) / 1e6;
                t = System.nanoTime();
                var hourly = report.report(
                        day0,
                        day0 + hours * 3_600_000L,
                        EnergyReport.Granularity.HOUR,
                        Optional.empty(),
                        Optional.empty());
                double hourReport = (System.nanoTime() - t) / 1e6;
                t = System.nanoTime();
                var daily = report.report(
                        day0,
                        day0 + hours * 3_600_000L,
                        EnergyReport.Granularity.DAY,
                        Optional.empty(),
                        Optional.empty());
                double dayReport = (System.nanoTime() - t) / 1e6;
                System.out.printf(
                        Locale.ROOT,
                        "%s run %d: accumulate %d share_agg rows -> %d energy_hour rows in %.0f ms (%.0f rows/s); hour report %d rows %.0f ms;"
                                + " day report %d rows %.0f ms; estimated %.3f MWh%n",
                        db,
                        run,
                        rows,
                        store.hours(day0, day0 + hours * 3_600_000L).size(),
                        accumulate,
                        rows / (accumulate / 1000),
                        hourly.rows().size(),
                        hourReport,
                        daily.rows().size(),
                        dayReport,
                        daily.totals().estimatedMwh());
            }
        } finally {
            ledger.close();
            if (db.equals("pg")) {
                LedgerTestDatabases.dropSchema(schema);
            }
        }
    }
}
