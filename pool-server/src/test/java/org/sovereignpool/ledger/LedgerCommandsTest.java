package org.sovereignpool.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.CreditStatus;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.ledger.store.ShareAggregate;
import picocli.CommandLine;

/**
 * statement against a real H2 ledger, and verify-ledger's refusals (the audit itself, on a ledger built as the pool
 * builds it, is in {@link H2VerifyLedgerTamperingTest} and {@link PostgresVerifyLedgerTamperingTest}).
 */
class LedgerCommandsTest {
    static final long DAY = 86_400_000L;
    static final long NOV_1 = 1_793_491_200_000L; // 2026-11-01T00:00:00Z

    @TempDir
    Path dir;

    private String url;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void ledger() throws Exception {
        url = LedgerTestDatabases.h2Url(dir);
        try (LedgerStore store = JdbcLedgerStore.open(url, "sa", "", null)) {
            for (int i = 1; i <= 4; i++) {
                String hash = String.format("%064x", i);
                BlockRecord b = new BlockRecord(
                        hash,
                        900_000 + i,
                        i % 2 == 0 ? "alpha" : "beta",
                        "rig1",
                        NOV_1 + i * 1000L,
                        312_500_000,
                        1e6,
                        1,
                        0,
                        Map.of("n", "accepted"),
                        BlockStatus.PENDING,
                        0,
                        false,
                        NOV_1);
                store.recordBlock(
                        b, new TreasuryReceipt.Draft(b.height(), hash, 312_500_000, b.foundMillis(), "FOUND"));
                store.creditBlock(
                        hash,
                        List.of(
                                new Credit(
                                        "block:" + hash,
                                        hash,
                                        "alpha",
                                        "rig1",
                                        "PPLNS",
                                        3,
                                        234_375_000,
                                        CreditStatus.PENDING,
                                        b.foundMillis()),
                                new Credit(
                                        "block:" + hash,
                                        hash,
                                        "beta",
                                        "rig7",
                                        "PPLNS",
                                        1,
                                        78_125_000,
                                        CreditStatus.PENDING,
                                        b.foundMillis())),
                        NOV_1);
            }
            store.transitionBlock(String.format("%064x", 1), BlockStatus.MATURE, 100, NOV_1 + DAY);
            store.transitionBlock(String.format("%064x", 2), BlockStatus.ORPHANED, 0, NOV_1 + DAY);
            store.applyShares(
                    1,
                    0,
                    30,
                    List.of(
                            new ShareAggregate(
                                    1, 1, 29, "alpha", "rig1", NOV_1, 20, 20_000, 900, NOV_1, NOV_1 + 9_000, 1, 0),
                            new ShareAggregate(
                                    1, 2, 30, "alpha", "rig,2", NOV_1, 10, 5_000, 700, NOV_1, NOV_1 + 9_000, 1, 0)),
                    NOV_1);
        }
    }

    @AfterEach
    void show() {
        System.out.print(out);
        System.err.print(err);
    }

    private int run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void anUnreachableDatabaseIsReportedNotCalledIntact() {
        assertThat(run(new VerifyLedgerCommand(), "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none", "--user", "x"))
                .isEqualTo(VerifyLedgerCommand.UNREADABLE);
        assertThat(err.toString()).contains("cannot read the ledger");
    }

    @Test
    void aBadConfigFileIsReported() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "network: nowhere\n");
        assertThat(run(new VerifyLedgerCommand(), "--config", bad.toString())).isEqualTo(2);
    }

    @Test
    void statementAsJson() throws Exception {
        assertThat(run(
                        new StatementCommand(),
                        "--jdbc-url",
                        url,
                        "alpha",
                        "--from",
                        "2026-11-01",
                        "--to",
                        "2026-11-02"))
                .isZero();
        JsonNode s = new ObjectMapper().readTree(out.toString());
        assertThat(s.get("operatorId").asText()).isEqualTo("alpha");
        assertThat(s.get("totalShares").asLong()).isEqualTo(30);
        assertThat(s.get("totalDifficulty").asDouble()).isEqualTo(25_000);
        // 25,000 x 2^32 / 86,400 s
        assertThat(s.get("hashrate").asDouble()).isCloseTo(25_000 * 4_294_967_296.0 / 86_400, within());
        assertThat(s.get("workers")).hasSize(2);
        assertThat(s.get("blocks")).hasSize(2); // blocks 2 and 4 were found by alpha
        // alpha's credits: 4 x 234,375,000: block 1 final, block 2 reversed, blocks 3, 4 pending
        assertThat(s.get("finalSats").asLong()).isEqualTo(234_375_000);
        assertThat(s.get("reversedSats").asLong()).isEqualTo(234_375_000);
        assertThat(s.get("pendingSats").asLong()).isEqualTo(468_750_000);
    }

    @Test
    void statementAsCsv() {
        assertThat(run(
                        new StatementCommand(),
                        "--jdbc-url",
                        url,
                        "beta",
                        "--from",
                        "2026-11-01T00:00:00Z",
                        "--to",
                        "2026-11-02",
                        "--format",
                        "csv"))
                .isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst())
                .isEqualTo("kind,id,worker,shares,sum_difficulty,hashrate_hs,height,status,amount_sats,time");
        assertThat(lines).filteredOn(l -> l.startsWith("block,")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.startsWith("credit,")).hasSize(4);
        assertThat(lines)
                .contains(
                        "total,pending,,,,,,PENDING,156250000,",
                        "total,final,,,,,,FINAL,78125000,",
                        "total,reversed,,,,,,REVERSED,78125000,");
    }

    @Test
    void csvQuotesWorkerNamesWithCommas() {
        run(
                new StatementCommand(),
                "--jdbc-url",
                url,
                "alpha",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-02",
                "--format",
                "csv");
        assertThat(out.toString()).contains("worker,\"rig,2\",\"rig,2\",10,");
    }

    @Test
    void badPeriodsAreRefused() {
        assertThat(run(new StatementCommand(), "--jdbc-url", url, "alpha", "--from", "yesterday", "--to", "2026-11-02"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("neither a date");
        assertThat(run(
                        new StatementCommand(),
                        "--jdbc-url",
                        url,
                        "alpha",
                        "--from",
                        "2026-11-02",
                        "--to",
                        "2026-11-01"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("must be after");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-3);
    }
}
