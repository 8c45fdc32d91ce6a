package org.sovereignpool.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.EnergyConfig;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.energy.EnergyReport.Granularity;
import org.sovereignpool.energy.EnergyReport.Row;
import org.sovereignpool.energy.curtailment.CurtailmentMinute;
import org.sovereignpool.energy.curtailment.CurtailmentMonitor;
import org.sovereignpool.energy.curtailment.CurtailmentOrder;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.operator.OperatorRegistry;

/**
 * Energy accounting and curtailment compliance against figures computed by hand, on the ledger database (H2 and
 * PostgreSQL subclasses). Shares go in as the ledger stores them ({@code share_agg}: summed difficulty; hashes =
 * difficulty x 2^32).
 *
 * <p>By hand: 1 EH/s for 24 h = 8.64e22 hashes = 8.64e10 TH; at 17.5 J/TH that is 1.512e12 J = 420 MWh (17.5 MWh an
 * hour). A meter that advanced 441 MWh over the same day gives 441 x 3.6e9 J / 8.64e10 TH = 18.375 J/TH, 5% over the
 * licence. 0.5 BTC credited at 60,000 USD/BTC is 30,000 USD; 420 MWh at 50 USD/MWh is 21,000 USD (441 MWh: 22,050).
 */
abstract class EnergyAccountingContract {
    static final long DAY0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000L;
    static final double TWO_32 = 4_294_967_296.0;
    static final OperatorConfig VOLTA = new OperatorConfig(
            "volta", "Volta Hydro", Optional.of("LIC-1"), 350, 17.5, List.of("akosombo-1", "kpong-2"));
    static final OperatorConfig NORD =
            new OperatorConfig("nordhash", "NordHash", Optional.empty(), 220, 21.0, List.of("north-1"));
    static final OperatorRegistry REGISTRY = new OperatorRegistry(List.of(VOLTA, NORD), Map.of());

    abstract JdbcLedgerStore openLedger() throws Exception;

    abstract void dropAll() throws Exception;

    JdbcLedgerStore ledger;
    EnergyStore store;
    final AtomicLong clock = new AtomicLong(DAY0 + 30L * 24 * HOUR);
    private long seq;

    @BeforeEach
    void open() throws Exception {
        ledger = openLedger();
        store = new EnergyStore(ledger.dataSource());
    }

    @AfterEach
    void close() throws Exception {
        ledger.close();
        dropAll();
    }

    void share(String operator, String worker, long bucketStart, double sumDifficulty) throws Exception {
        DataSource ds = ledger.dataSource();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO share_agg (node_id, first_seq, last_seq,"
                        + " operator_id, worker, bucket_start_millis, share_count, sum_difficulty, best_difficulty,"
                        + " first_millis, last_millis, max_height, block_candidates) VALUES"
                        + " (0, ?, ?, ?, ?, ?, 1, ?, 1, ?, ?, 100, 0)")) {
            long s = ++seq;
            ps.setLong(1, s);
            ps.setLong(2, s);
            ps.setString(3, operator);
            ps.setString(4, worker);
            ps.setLong(5, bucketStart);
            ps.setDouble(6, sumDifficulty);
            ps.setLong(7, bucketStart);
            ps.setLong(8, bucketStart + 9_999);
            ps.executeUpdate();
        }
    }

    void credit(String operator, String worker, long sats, long time, String status) throws Exception {
        try (Connection c = ledger.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO credit (source, block_hash, operator_id, worker,"
                                + " scheme, weight, amount_sats, status, time_millis) VALUES (?, NULL, ?, ?, 'PPS', 1, ?, ?, ?)")) {
            ps.setString(1, "test:" + (++seq));
            ps.setString(2, operator);
            ps.setString(3, worker);
            ps.setLong(4, sats);
            ps.setString(5, status);
            ps.setLong(6, time);
            ps.executeUpdate();
        }
    }

    /** One exahash per second for 24 hours, one aggregate per hour, at Volta's akosombo-1 site. */
    void oneExahashForADay() throws Exception {
        double perHour = 1e18 * 3600 / TWO_32;
        for (int h = 0; h < 24; h++) {
            share("volta", "akosombo-1.rig" + (h % 3), DAY0 + h * HOUR, perHour);
        }
    }

    EnergyReport report(EnergyConfig config) {
        return new EnergyReport(store, REGISTRY, config);
    }

    static EnergyConfig config(Double tariff, double tolerance) {
        return new EnergyConfig(Optional.ofNullable(tariff), "USD", tolerance, List.of());
    }

    @Test
    void oneExahashPerSecondAtSeventeenAndAHalfJoulesForADayIs420Megawatthours() throws Exception {
        oneExahashForADay();
        EnergyAccumulator acc = new EnergyAccumulator(store, REGISTRY, clock::get);
        acc.runOnce(); // catches up from the first share
        List<EnergyHour> hours = store.hours(DAY0, DAY0 + 24 * HOUR);
        assertThat(hours).hasSize(24).allSatisfy(h -> {
            assertThat(h.site()).isEqualTo("akosombo-1");
            assertThat(h.efficiencyJPerTh()).isEqualTo(17.5);
            assertThat(h.estimatedMwh()).isCloseTo(17.5, within(1e-9));
        });
        var day = report(config(null, 10))
                .report(DAY0, DAY0 + 24 * HOUR, Granularity.DAY, Optional.empty(), Optional.empty());
        assertThat(day.rows()).hasSize(1);
        Row row = day.rows().get(0);
        assertThat(row.operatorId()).isEqualTo("volta");
        assertThat(row.site()).isEqualTo("akosombo-1");
        assertThat(row.periodStart()).isEqualTo("2026-11-20T00:00:00Z");
        assertThat(row.terahashes()).isCloseTo(8.64e10, within(1e-3));
        assertThat(row.estimatedMwh()).isCloseTo(420.0, within(1e-9));
        assertThat(row.meteredMwh()).isNull();
        assertThat(row.realisedJPerTh()).isNull();
        assertThat(row.powerValue()).isNull();

        // a second run rewrites the same hours (idempotent), it does not add to them
        acc.runOnce();
        acc.accumulate(DAY0, DAY0 + 24 * HOUR);
        assertThat(store.hours(DAY0, DAY0 + 24 * HOUR).stream()
                        .mapToDouble(EnergyHour::estimatedMwh)
                        .sum())
                .isCloseTo(420.0, within(1e-9));
    }

    @Test
    void realisedEfficiencyFromMeterReadingsIsFlaggedOutsideTheTolerance() throws Exception {
        oneExahashForADay();
        new EnergyAccumulator(store, REGISTRY, clock::get).runOnce();
        MeterReadings parser = new MeterReadings(REGISTRY);
        var batch = parser.fromCsv("""
                operator,site,time,cumulativeMwh
                volta,akosombo-1,2026-11-20T00:00:00Z,1000
                volta,akosombo-1,2026-11-21T00:00:00Z,1441
                """, clock.get(), "test");
        store.appendReadings(batch.readings(), clock.get(), batch.check());

        Row day = report(config(null, 10))
                .report(DAY0, DAY0 + 24 * HOUR, Granularity.DAY, Optional.of("volta"), Optional.empty())
                .rows()
                .get(0);
        assertThat(day.meteredMwh()).isCloseTo(441.0, within(1e-9));
        assertThat(day.meteredHours()).isEqualTo(24);
        assertThat(day.realisedJPerTh()).isCloseTo(18.375, within(1e-9));
        assertThat(day.deviationPercent()).isCloseTo(5.0, within(1e-9));
        assertThat(day.offLicence()).as("5% off, 10% tolerated").isFalse();
        assertThat(report(config(null, 4))
                        .report(DAY0, DAY0 + 24 * HOUR, Granularity.DAY, Optional.empty(), Optional.empty())
                        .rows()
                        .get(0)
                        .offLicence())
                .as("5% off, 4% tolerated")
                .isTrue();
        // hour by hour: the register interpolated, 441 / 24 = 18.375 MWh each
        var hours = report(config(null, 10))
                .report(DAY0, DAY0 + 24 * HOUR, Granularity.HOUR, Optional.empty(), Optional.of("akosombo-1"))
                .rows();
        assertThat(hours).hasSize(24).allSatisfy(h -> {
            assertThat(h.meteredMwh()).isCloseTo(18.375, within(1e-9));
            assertThat(h.realisedJPerTh()).isCloseTo(18.375, within(1e-9));
        });
    }

    @Test
    void valueOfMiningAgainstSellingThePowerAtTheTariff() throws Exception {
        oneExahashForADay();
        new EnergyAccumulator(store, REGISTRY, clock::get).runOnce();
        credit("volta", "akosombo-1.rig1", 50_000_000, DAY0 + 12 * HOUR, "FINAL");
        credit("volta", "akosombo-1.rig2", 70_000_000, DAY0 + 13 * HOUR, "REVERSED"); // an orphan's: not earned
        store.recordPrice(new BtcPrice(DAY0, "USD", 60_000, "test"), clock.get());
        store.recordPrice(new BtcPrice(DAY0 + 48 * HOUR, "USD", 90_000, "test"), clock.get()); // later: not used

        EnergyReport.Report estimated = report(config(50.0, 10))
                .report(DAY0, DAY0 + 24 * HOUR, Granularity.DAY, Optional.empty(), Optional.empty());
        Row e = estimated.rows().get(0);
        assertThat(e.earnedSats()).isEqualTo(50_000_000);
        assertThat(e.mwhBasis()).isEqualTo("estimated");
        assertThat(e.btcPrice()).isEqualTo(60_000.0);
        assertThat(e.powerValue()).isCloseTo(21_000.0, within(1e-6));
        assertThat(e.miningValue()).isCloseTo(30_000.0, within(1e-6));
        assertThat(e.miningMinusPower()).isCloseTo(9_000.0, within(1e-6));
        assertThat(e.btcPerMwh()).isCloseTo(0.5 / 420, within(1e-15));
        assertThat(estimated.totals().powerValue()).isCloseTo(21_000.0, within(1e-6));

        var batch = new MeterReadings(REGISTRY)
                .fromJson(
                        new ObjectMapper()
                                .readTree("{\"readings\": ["
                                        + "{\"operator\":\"volta\",\"site\":\"akosombo-1\",\"time\":\"2026-11-20T00:00:00Z\","
                                        + "\"cumulativeMwh\":1000},"
                                        + "{\"operator\":\"volta\",\"site\":\"akosombo-1\",\"time\":"
                                        + (DAY0 + 24 * HOUR)
                                        + ",\"cumulativeMwh\":1441}]}"),
                        clock.get(),
                        "test");
        store.appendReadings(batch.readings(), clock.get(), batch.check());
        Row m = report(config(50.0, 10))
                .report(DAY0, DAY0 + 24 * HOUR, Granularity.DAY, Optional.empty(), Optional.empty())
                .rows()
                .get(0);
        assertThat(m.mwhBasis()).isEqualTo("metered");
        assertThat(m.powerValue()).isCloseTo(22_050.0, within(1e-6));
        assertThat(m.miningMinusPower()).isCloseTo(7_950.0, within(1e-6));
        assertThat(m.btcPerMwh()).isCloseTo(0.5 / 441, within(1e-15));
        assertThat(EnergyReport.csv(report(config(50.0, 10))
                        .report(DAY0, DAY0 + 24 * HOUR, Granularity.DAY, Optional.empty(), Optional.empty())))
                .startsWith("operator,site,period_start,granularity,")
                .contains("volta,akosombo-1,2026-11-20T00:00:00Z,day,24,");
    }

    @Test
    void meterReadingsAreCheckedAndNothingIsStoredWhenOneFails() throws Exception {
        MeterReadings parser = new MeterReadings(REGISTRY);
        var first = parser.fromCsv(
                "operator,site,time,cumulativeMwh\nvolta,kpong-2,2026-11-20T00:00:00Z,500\n", clock.get(), "t");
        store.appendReadings(first.readings(), clock.get(), first.check());

        var backwards = parser.fromCsv("""
                operator,site,time,cumulativeMwh
                volta,kpong-2,2026-11-20T01:00:00Z,510

                volta,kpong-2,2026-11-20T02:00:00Z,505
                """, clock.get(), "t");
        assertThatThrownBy(() -> store.appendReadings(backwards.readings(), clock.get(), backwards.check()))
                .hasMessageStartingWith(
                        "line 4: cumulativeMwh: 505.0 is below the previous reading 510.0 of" + " volta/kpong-2");
        var early = parser.fromCsv(
                "operator,site,time,cumulativeMwh\nvolta,kpong-2,2026-11-19T23:00:00Z,600\n", clock.get(), "t");
        assertThatThrownBy(() -> store.appendReadings(early.readings(), clock.get(), early.check()))
                .hasMessageStartingWith("line 2: time: 2026-11-19T23:00:00Z is not after the previous reading");
        assertThat(store.readings(0, Long.MAX_VALUE))
                .as("nothing of a failed batch is stored")
                .extracting(MeterReading::cumulativeMwh)
                .containsExactly(500.0);

        assertThatThrownBy(() -> parser.fromCsv(
                        "operator,site,time,cumulativeMwh\nvolta,north-1,2026-11-20T00:00:00Z,1\n", clock.get(), "t"))
                .hasMessageStartingWith("line 2: site: \"north-1\" is not a site of operator volta");
        assertThatThrownBy(() -> parser.fromCsv(
                        "operator,site,time,cumulativeMwh\nacme,x,2026-11-20T00:00:00Z,1\n", clock.get(), "t"))
                .hasMessageStartingWith("line 2: operator: no registered operator \"acme\"");
        assertThatThrownBy(() -> parser.fromCsv(
                        "operator,site,time,cumulativeMwh\nvolta,kpong-2,yesterday,1\n", clock.get(), "t"))
                .hasMessageStartingWith("line 2: time: must be an ISO-8601 UTC time");
        assertThatThrownBy(() -> parser.fromJson(
                        new ObjectMapper()
                                .readTree("{\"operator\":\"volta\",\"site\":\"kpong-2\",\"time\":"
                                        + (clock.get() + 3_600_000) + ",\"cumulativeMwh\":1}"),
                        clock.get(),
                        "t"))
                .hasMessageContaining("time: ")
                .hasMessageContaining("is in the future");
        assertThatThrownBy(() -> parser.fromJson(
                        new ObjectMapper()
                                .readTree("{\"readings\":[{\"operator\":\"volta\",\"site\":\"kpong-2\","
                                        + "\"time\":0,\"cumulativeMwh\":\"lots\"}]}"),
                        clock.get(),
                        "t"))
                .hasMessageStartingWith("readings[0].cumulativeMwh: required, a number");
    }

    /** Volta's estimated draw D MW held for one minute, as the summed share difficulty of that minute. */
    static double minuteOfDraw(double drawMw, double jPerTh) {
        return drawMw * 1e6 * 60 / jPerTh * 1e12 / TWO_32;
    }

    @Test
    void curtailmentComplianceMinuteByMinute() throws Exception {
        long t0 = DAY0 + 5 * HOUR;
        double[] draws = {12, 8, 15, 11, 30}; // MW in minutes 0..4; the order covers 0:30..3:30
        for (int m = 0; m < draws.length; m++) {
            // six 10 s buckets per minute, as the ledger aggregates
            for (int b = 0; b < 6; b++) {
                share("volta", "kpong-2.rig" + b, t0 + m * 60_000L + b * 10_000L, minuteOfDraw(draws[m], 17.5) / 6);
            }
        }
        share("nordhash", "north-1.a", t0, minuteOfDraw(4, 21.0)); // 4 MW more for the whole programme in minute 0
        CurtailmentOrder volta =
                new CurtailmentOrder("grid-7", "volta", 10, t0 + 30_000, 3, false, "GRIDCo", clock.get(), "test");
        CurtailmentOrder all = new CurtailmentOrder("grid-8", "all", 14, t0, 1, false, "GRIDCo", clock.get(), "test");
        assertThat(store.recordOrder(volta)).isTrue();
        assertThat(store.recordOrder(all)).isTrue();
        assertThat(store.recordOrder(volta)).as("an id is recorded once").isFalse();
        AtomicLong now = new AtomicLong(t0 + 150_000); // minutes 0 and 1 are over
        CurtailmentMonitor monitor = new CurtailmentMonitor(
                store, REGISTRY, now::get, new CurtailmentMonitor.Options(60_000, 1_500, 1000), null);
        monitor.runOnce();
        assertThat(monitor.state("volta").active()).isTrue();
        assertThat(monitor.state("volta").drawMw()).isCloseTo(8, within(1e-9));
        assertThat(monitor.state("volta").overMinutes()).isZero();
        now.set(t0 + 182_000); // minute 2 is over (and settled 1.5 s): 15 MW against 10
        monitor.runOnce();
        assertThat(monitor.state("volta").over()).isTrue();
        assertThat(monitor.state("volta").overMinutes()).isEqualTo(1);
        now.set(t0 + 245_000); // minute 3 too (the order ended within it): the last minutes are rewritten, aligned
        monitor.runOnce();
        assertThat(store.minutes("grid-7")).hasSize(4);
        now.set(t0 + 600_000);
        monitor.runOnce();
        assertThat(monitor.state("volta").active()).as("the order ended").isFalse();

        List<CurtailmentMinute> minutes = store.minutes("grid-7");
        assertThat(minutes)
                .extracting(CurtailmentMinute::minuteStartMillis)
                .containsExactly(t0, t0 + 60_000, t0 + 120_000, t0 + 180_000);
        assertThat(minutes)
                .extracting(CurtailmentMinute::drawMw)
                .satisfiesExactly(
                        d -> assertThat(d).isCloseTo(12, within(1e-9)),
                        d -> assertThat(d).isCloseTo(8, within(1e-9)),
                        d -> assertThat(d).isCloseTo(15, within(1e-9)),
                        d -> assertThat(d).isCloseTo(11, within(1e-9)));
        // over the limit within the order only: 2 MW x 30 s, 0, 5 MW x 60 s, 1 MW x 30 s
        assertThat(minutes)
                .extracting(CurtailmentMinute::overMwh)
                .satisfiesExactly(
                        e -> assertThat(e).isCloseTo(2.0 * 30 / 3600, within(1e-12)),
                        e -> assertThat(e).isZero(),
                        e -> assertThat(e).isCloseTo(5.0 * 60 / 3600, within(1e-12)),
                        e -> assertThat(e).isCloseTo(1.0 * 30 / 3600, within(1e-12)));
        assertThat(minutes.stream().mapToDouble(CurtailmentMinute::overMwh).sum())
                .isCloseTo(0.108333333333, within(1e-9));
        // the whole programme: 12 + 4 MW against 14 in its one minute
        List<CurtailmentMinute> programme = store.minutes("grid-8");
        assertThat(programme).hasSize(1);
        assertThat(programme.get(0).drawMw()).isCloseTo(16, within(1e-9));
        assertThat(programme.get(0).overMwh()).isCloseTo(2.0 / 60, within(1e-12));
    }
}
