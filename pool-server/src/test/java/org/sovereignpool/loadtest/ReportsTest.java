package org.sovereignpool.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportsTest {

    @Test
    void percentilesOfAKnownSetInMilliseconds() {
        Histogram h = LatencySummary.newHistogram();
        for (long us = 1; us <= 10_000; us++) { // 1 µs .. 10 ms, evenly
            h.recordValue(us);
        }
        LatencySummary s = LatencySummary.of(h);
        assertThat(s.count()).isEqualTo(10_000);
        // HdrHistogram keeps 3 significant digits: each figure within 0.1 % of the exact one
        assertThat(s.p50()).isCloseTo(5.0, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(s.p90()).isCloseTo(9.0, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(s.p99()).isCloseTo(9.9, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(s.p999()).isCloseTo(9.99, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(s.max()).isCloseTo(10.0, org.assertj.core.data.Percentage.withPercentage(0.1));
    }

    @Test
    void aFewOutliersShowInTheTailOnly() {
        Histogram h = LatencySummary.newHistogram();
        for (int i = 0; i < 9_990; i++) {
            h.recordValue(1_000); // 1 ms
        }
        for (int i = 0; i < 10; i++) {
            h.recordValue(250_000); // 250 ms: 0.1 % of the replies
        }
        LatencySummary s = LatencySummary.of(h);
        assertThat(s.p50()).isEqualTo(1.0);
        assertThat(s.p99()).isEqualTo(1.0);
        assertThat(s.p999()).isEqualTo(1.0);
        assertThat(s.max()).isCloseTo(250.0, org.assertj.core.data.Percentage.withPercentage(0.1));
        // 250 ms falls in a bucket 128 µs wide; HdrHistogram reports the bucket's highest equivalent value
        assertThat(s.render()).isEqualTo("p50 1.000  p90 1.000  p99 1.000  p99.9 1.000  max 250.1 ms");
    }

    @Test
    void nothingRecordedIsNullNotNaN() throws Exception {
        LatencySummary s = LatencySummary.of(LatencySummary.newHistogram());
        assertThat(s).isEqualTo(LatencySummary.EMPTY);
        assertThat(s.render()).isEqualTo("none");
        JsonNode json = new ObjectMapper().readTree(Reports.json(s));
        assertThat(json.get("p99").isNull()).isTrue();
        assertThat(json.get("count").asLong()).isZero();
    }

    @Test
    void numbersForPeople() {
        assertThat(Reports.millis(0.41234)).isEqualTo("0.412");
        assertThat(Reports.millis(12.345)).isEqualTo("12.35");
        assertThat(Reports.millis(123.45)).isEqualTo("123.5");
        assertThat(Reports.millis(12345.0)).isEqualTo("12,345");
        assertThat(Reports.millis(null)).isEqualTo("-");
        assertThat(Reports.count(1234567)).isEqualTo("1,234,567");
        assertThat(Reports.bytes(3500)).isEqualTo("3500 B");
        assertThat(Reports.bytes(35_000)).isEqualTo("34.2 KiB");
        assertThat(Reports.bytes(-35_000_000)).isEqualTo("-33.4 MiB");
        assertThat(Reports.reasons(Map.of())).isEqualTo("none");
    }

    @Test
    void aSharesReportReadsAndSerializes() throws Exception {
        Histogram h = LatencySummary.newHistogram();
        h.recordValue(2_000);
        SharesReport r = new SharesReport(
                "shares",
                "127.0.0.1:3333",
                "epoll",
                "open",
                0,
                10_000,
                "random",
                5,
                20,
                "2026-11-29T19:05:52.101Z",
                "2026-11-29T19:06:12.101Z",
                new SharesReport.Window(
                        200_000, 10_000, 3, Map.of("23 Low difficulty share", 199_997L), LatencySummary.of(h), 12),
                new SharesReport.Totals(
                        250_100, 250_000, 250_000, 4, Map.of("23 Low difficulty share", 249_996L), 0, 0),
                new ConnectionsSummary(
                        50, 50, Map.of(), LatencySummary.of(h), Map.of("closed by the pool", 1L), 0, 0, 0));
        StringWriter text = new StringWriter();
        r.render(new PrintWriter(text, true));
        assertThat(text.toString())
                .contains("open loop, 10,000 submits/s in all, random shares; 5 s warm-up, 20 s measured")
                .contains("throughput   10,000 replies/s (200,000 replies in 20.0 s, 2026-11-29T19:05:52.101Z to"
                        + " 2026-11-29T19:06:12.101Z)")
                .contains("latency      p50 2.000  p90 2.000  p99 2.000  p99.9 2.000  max 2.000 ms (from the intended"
                        + " send time; 1 replies, 12 of them after the window)")
                .contains("replies      accepted 3; rejected 23 Low difficulty share: 199,997")
                .contains("100 planned submits were not sent")
                .contains("disconnects: closed by the pool: 1");
        JsonNode json = new ObjectMapper().readTree(Reports.json(r));
        assertThat(json.at("/window/repliesPerSecond").asDouble()).isEqualTo(10_000);
        assertThat(json.at("/window/latency/p99").asDouble()).isEqualTo(2.0);
        assertThat(json.at("/totals/rejected/23 Low difficulty share").asLong()).isEqualTo(249_996);
        assertThat(json.at("/connections/disconnects/closed by the pool").asLong())
                .isEqualTo(1);
    }

    @Test
    void tallyCapsTheNumberOfReasons() {
        Tally t = new Tally();
        for (int i = 0; i < Tally.MAX_REASONS + 10; i++) {
            t.add("reason " + i);
        }
        t.add("reason 0", 5);
        Map<String, Long> snapshot = t.snapshot();
        assertThat(snapshot).hasSize(Tally.MAX_REASONS + 1);
        assertThat(snapshot.get("reason 0")).isEqualTo(6);
        assertThat(snapshot.get(Tally.OTHER)).isEqualTo(10);
        assertThat(t.total()).isEqualTo(Tally.MAX_REASONS + 10 + 5);
    }
}
