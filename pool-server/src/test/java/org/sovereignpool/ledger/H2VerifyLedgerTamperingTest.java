package org.sovereignpool.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;

/**
 * The tamperings on the embedded default (an H2 file per test), and what only needs one database: the receipt
 * chain's own tamperings, a damaged row, the options (a configuration file, the scheme and window) and a node that
 * is gone.
 */
class H2VerifyLedgerTamperingTest extends VerifyLedgerTamperingContract {
    @TempDir
    Path dir;

    @Override
    JdbcLedgerStore open() {
        return JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null);
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(LedgerTestDatabases.h2Url(dir), "sa", "");
    }

    @Override
    List<String> ledgerArgs() {
        return List.of("--jdbc-url", LedgerTestDatabases.h2Url(dir));
    }

    @Test
    void theReceiptChainsOwnTamperingsAreNamed() throws Exception {
        sql("UPDATE treasury_receipt SET amount_sats = 1 WHERE id = 3");
        assertThat(verify(false)).isEqualTo(VerifyLedgerCommand.BROKEN);
        assertThat(brokenLine())
                .startsWith("BROKEN: treasury_receipt 3: entry_hash is ")
                .contains("|1|");
        sql("UPDATE treasury_receipt SET amount_sats = ? WHERE id = 3", rewards.get(2));
        assertThat(verify(false)).isZero();

        sql("DELETE FROM treasury_receipt WHERE id = 6");
        assertThat(verify(false)).isEqualTo(VerifyLedgerCommand.BROKEN);
        assertThat(brokenLine()).startsWith("BROKEN: receipt_head (treasury_receipt 6): the chain head says entry 6");
        sql("DELETE FROM treasury_receipt WHERE id = 2");
        assertThat(verify(false)).isEqualTo(VerifyLedgerCommand.BROKEN);
        assertThat(brokenLine())
                .isEqualTo("BROKEN: treasury_receipt 3: id is 3, expected 2 (an entry is missing or was inserted)");
    }

    @Test
    void anInsertedOrDamagedShareRowIsNamed() throws Exception {
        sql(
                "INSERT INTO share_agg (node_id, first_seq, last_seq, operator_id, worker, bucket_start_millis, share_count,"
                        + " sum_difficulty, best_difficulty, first_millis, last_millis, max_height, block_candidates)"
                        + " VALUES (1, 4, 4, 'mallory', 'rig', 0, 1, 1000.0, 1000.0, 0, 0, 101, 0)");
        assertThat(verify(false)).isEqualTo(VerifyLedgerCommand.BROKEN);
        assertThat(brokenLine())
                .isEqualTo("BROKEN: share_agg of node 1: sequences 1..8: the rows there hold 9 shares, expected 8 (one"
                        + " per sequence): a row was inserted or its share_count raised");
        sql("UPDATE share_agg SET share_count = 0 WHERE operator_id = 'mallory'");
        assertThat(verify(false)).isEqualTo(VerifyLedgerCommand.BROKEN);
        assertThat(brokenLine())
                .isEqualTo("BROKEN: a ledger row: it breaks the rules every such row keeps: share count 0 does not"
                        + " fit 4..4");
    }

    /** The scheme and window the ledger was credited with matter: another one is a discrepancy, not a pass. */
    @Test
    void anotherSchemeOrWindowDoesNotVerify() {
        List<String> args = new ArrayList<>(ledgerArgs());
        args.addAll(List.of("--scheme", "pps"));
        assertThat(run(args)).isEqualTo(VerifyLedgerCommand.BROKEN);
        assertThat(brokenLine()).contains("expected no credit: the recomputation does not credit this worker");
        args = new ArrayList<>(ledgerArgs());
        args.addAll(List.of("--window-factor", "1"));
        assertThat(run(args)).isEqualTo(VerifyLedgerCommand.BROKEN);
        assertThat(brokenLine()).startsWith("BROKEN: credit block:" + hashes.get(0) + " alpha/rig1: ");
    }

    /** With --config: the ledger, scheme, window, treasury and the first node (and its credentials) come from it. */
    @Test
    void aConfigurationGivesTheLedgerTheNodeAndTheTreasury() throws Exception {
        String yaml = DemoConfig.yaml()
                .replace("jdbc:h2:file:./data/demo/ledger", LedgerTestDatabases.h2Url(dir))
                .replace(
                        "nodes: []",
                        "nodes:\n  - rpcUrl: " + node.url().toString().replaceAll("/$", "")
                                + "\n    rpcUser: auditor\n    rpcPassword: secret");
        Path config = dir.resolve("pool.yaml");
        Files.writeString(config, yaml);
        assertThat(run(List.of("--config", config.toString(), "--node"))).isZero();
        assertThat(out.toString()).contains("anchors: 4 coinbase anchors match").contains("OK: the ledger verifies");
        assertThat(run(List.of("--config", config.toString(), "--node", "http://127.0.0.1:1/")))
                .isEqualTo(VerifyLedgerCommand.USAGE);
        assertThat(err.toString()).contains("no credentials for the node http://127.0.0.1:1/");
    }

    @Test
    void aNodeThatIsGoneIsReportedNotJudged() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> args = new ArrayList<>(ledgerArgs());
        args.addAll(List.of(
                "--node",
                "http://127.0.0.1:" + port,
                "--rpc-user",
                "a",
                "--rpc-password",
                "b",
                "--treasury",
                TREASURY_ADDRESS,
                "--network",
                "regtest"));
        assertThat(run(args)).isEqualTo(VerifyLedgerCommand.UNREADABLE);
        assertThat(err.toString()).startsWith("cannot ask the node: getblockheader");
        assertThat(out.toString()).doesNotContain("OK").doesNotContain("BROKEN");
    }
}
