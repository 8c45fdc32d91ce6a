package org.sovereignpool.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.accounting.Pplns;
import org.sovereignpool.ledger.receipts.ReceiptHeadCache;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.ledger.store.Credit;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.ShareAggregate;
import org.sovereignpool.share.job.BlockAssembler;
import org.sovereignpool.share.job.CoinbaseBuilder;
import org.sovereignpool.share.job.ReceiptAnchor;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.testing.node.ChainShim;
import org.sovereignpool.testing.node.NodeFixtures;
import picocli.CommandLine;

/**
 * The tamperings of issue 10 case 7 against {@code verify-ledger}, on a ledger built as the pool builds it: shares of
 * two nodes applied in batches, four blocks each recorded with its FOUND receipt, three credited by the real PPLNS
 * ({@link Pplns}, a window crossing an aggregate pro-rata), one matured, one orphaned, one still waiting for its
 * credits; each block's coinbase built by the pool's {@link CoinbaseBuilder} anchoring the receipt head read at "job
 * time", and served by a node that has them. Each tampering is one SQL statement (or a script) as an attacker with
 * database access would write it; each must give exit 3 and name the row. Subclasses run it on H2 and PostgreSQL.
 */
abstract class VerifyLedgerTamperingContract {
    static final String TREASURY_ADDRESS = "bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c";
    static final long T0 = 1_795_540_000_000L;
    static final long HALF_BTC = 50_000_000L;

    final ChainShim node = new ChainShim("auditor", "secret");
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final List<String> hashes = new ArrayList<>();
    final List<Long> rewards = new ArrayList<>();

    /** A store on a fresh, empty ledger. */
    abstract JdbcLedgerStore open();

    /** A plain connection to that ledger (its tables unqualified). */
    abstract Connection connect() throws SQLException;

    /** verify-ledger's options for that ledger. */
    abstract List<String> ledgerArgs();

    @BeforeEach
    void buildALedgerAsThePoolDoes() throws Exception {
        byte[] commitment = Hex.decode(NodeFixtures.json("gbt-with-txs.json")
                .get("default_witness_commitment")
                .asText());
        CoinbaseBuilder builder = CoinbaseBuilder.of("/SovereignPool/", NodeFixtures.treasuryScript(), 4, 4);
        long[] applied = new long[3];
        try (JdbcLedgerStore store = open()) {
            ReceiptHeadCache head = new ReceiptHeadCache(store::receiptHead);
            Pplns pplns = new Pplns(2.0);
            for (int i = 1; i <= 4; i++) {
                long found = T0 + i * 60_000L;
                // node 1: alpha (1.5 a share) and beta (1.0) interleaved, 8 shares; node 2: gamma, 2 shares of 3.0
                long s1 = applied[1];
                store.applyShares(
                        1,
                        s1,
                        s1 + 8,
                        List.of(
                                agg(1, s1 + 1, s1 + 7, "alpha", "rig1", 4, 6.0, found - 10_000),
                                agg(1, s1 + 2, s1 + 8, "beta", "rig7", 4, 4.0, found - 9_000)),
                        found);
                applied[1] = s1 + 8;
                long s2 = applied[2];
                store.applyShares(
                        2, s2, s2 + 2, List.of(agg(2, s2 + 1, s2 + 2, "gamma", "gpu0", 2, 6.0, found - 8_000)), found);
                applied[2] = s2 + 2;

                // the job: its coinbase anchors the receipt head as the job manager's cache has it
                head.refresh();
                ReceiptAnchor anchor = head.currentAnchor().orElseThrow();
                long reward = 5_000_000_000L + 1_234L * i;
                CoinbaseBuilder.Parts parts = builder.build(100 + i, reward, commitment, anchor);
                byte[] coinbase =
                        concat(parts.coinbase1(), new byte[] {0, 0, 0, (byte) i}, new byte[4], parts.coinbase2());
                String hash = String.format("00000000%056x", 0x5eedL * i);
                // network difficulty 6: a window of 12 = gamma 6 + beta 4 + 2 of alpha's 6 (pro-rata)
                BlockRecord b = new BlockRecord(
                        hash,
                        100 + i,
                        "alpha",
                        "rig1",
                        found,
                        reward,
                        6.0,
                        1,
                        applied[1],
                        Map.of("node0", "accepted"),
                        BlockStatus.PENDING,
                        0,
                        false,
                        found);
                store.recordBlock(b, new TreasuryReceipt.Draft(b.height(), hash, reward, found, "FOUND"));
                if (i < 4) {
                    store.creditBlock(hash, store.recomputeCredits(b, pplns), found + 1);
                }
                hashes.add(hash);
                rewards.add(reward);
                long confirmations = new long[] {105, -1, 3, 1}[i - 1];
                node.put(hash, 100 + i, confirmations, BlockAssembler.coinbaseForBlock(coinbase, true));
            }
            store.transitionBlock(hashes.get(0), BlockStatus.MATURE, 100, T0 + 600_000);
            store.transitionBlock(hashes.get(1), BlockStatus.ORPHANED, 0, T0 + 600_000);
            assertThat(store.creditsOfBlock(hashes.get(2))).hasSize(3);
        }
    }

    static ShareAggregate agg(
            int node, long first, long last, String op, String worker, long count, double sum, long t) {
        return new ShareAggregate(node, first, last, op, worker, t - t % 10_000, count, sum, sum, t - 500, t, 101, 0);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    @AfterEach
    void show() {
        node.close();
        System.out.print(out);
        System.err.print(err);
    }

    int verify(boolean withNode) {
        List<String> args = new ArrayList<>(ledgerArgs());
        args.addAll(List.of("--window-factor", "2"));
        if (withNode) {
            args.addAll(List.of(
                    "--node",
                    node.url().toString(),
                    "--rpc-user",
                    "auditor",
                    "--rpc-password",
                    "secret",
                    "--treasury",
                    TREASURY_ADDRESS,
                    "--network",
                    "regtest"));
        }
        return run(args);
    }

    /** verify-ledger with exactly these arguments. */
    int run(List<String> args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = new CommandLine(new VerifyLedgerCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args.toArray(String[]::new));
    }

    String brokenLine() {
        return out.toString()
                .lines()
                .filter(l -> l.startsWith("BROKEN: "))
                .findFirst()
                .orElse("(none)");
    }

    void sql(String statement, Object... params) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            assertThat(ps.executeUpdate()).as(statement).isPositive();
        }
    }

    private Credit creditOf(int block, String operator) throws SQLException {
        try (JdbcLedgerStore store = open()) {
            return store.creditsOfBlock(hashes.get(block - 1)).stream()
                    .filter(c -> c.operatorId().equals(operator))
                    .findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void anUntamperedLedgerVerifiesWithAndWithoutTheNode() {
        assertThat(verify(false)).isZero();
        assertThat(out.toString())
                .contains("OK: the ledger verifies (receipts, blocks, credit statuses, shares, credits)");
        assertThat(verify(true)).isZero();
        assertThat(out.toString())
                .contains("credits: 3 credited blocks (9 credits) equal the recomputation (PPLNS, window 2.0 x network"
                        + " difficulty) worker by worker")
                .contains("shares: 40 shares in 12 rows cover every applied journal sequence of 2 nodes")
                .contains("chain: 4 blocks as " + node.url() + " has them")
                .contains("anchors: 4 coinbase anchors match the receipts they claim (newest anchored:"
                        + " treasury_receipt 3); receipts 4..6 are not anchored yet (hash chain only)")
                .contains("OK: the ledger verifies (receipts, blocks, credit statuses, shares, credits, chain,"
                        + " anchors)");
    }

    @Test
    void aFoundBlocksRewardSetToZeroIsNamed() throws Exception {
        sql("UPDATE found_block SET reward_sats = 0 WHERE hash = ?", hashes.get(2));
        assertThat(verify(true)).isEqualTo(VerifyLedgerCommand.BROKEN);
        assertThat(brokenLine())
                .isEqualTo("BROKEN: found_block " + hashes.get(2) + " (height 103): reward_sats is 0, expected "
                        + rewards.get(2) + " as treasury_receipt 3 (FOUND) records");
    }

    @Test
    void aCreditRaisedByHalfABitcoinIsNamed() throws Exception {
        Credit gamma = creditOf(3, "gamma");
        sql(
                "UPDATE credit SET amount_sats = amount_sats + " + HALF_BTC
                        + " WHERE source = ? AND operator_id = 'gamma'",
                gamma.source());
        assertThat(verify(true)).isEqualTo(VerifyLedgerCommand.BROKEN);
        assertThat(brokenLine())
                .isEqualTo("BROKEN: credit block:" + hashes.get(2) + " gamma/gpu0: amount_sats is "
                        + (gamma.amountSats() + HALF_BTC) + ", expected " + gamma.amountSats()
                        + " by the recomputation (+50000000 sats)");
    }

    @Test
    void aDeletedCreditRowIsNamed() throws Exception {
        Credit beta = creditOf(1, "beta");
        sql("DELETE FROM credit WHERE source = ? AND operator_id = 'beta'", beta.source());
        assertThat(verify(true)).isEqualTo(VerifyLedgerCommand.BROKEN);
        assertThat(brokenLine())
                .isEqualTo("BROKEN: credit block:" + hashes.get(0) + " beta/rig7: missing: the recomputation credits "
                        + beta.amountSats() + " sats (weight 4.0)");
    }

    @Test
    void aDeletedShareRowIsNamed() throws Exception {
        // node 2's gamma row of the second batch: sequences 3..4
        sql("DELETE FROM share_agg WHERE node_id = 2 AND first_seq = 3");
        assertThat(verify(true)).isEqualTo(VerifyLedgerCommand.BROKEN);
        assertThat(brokenLine())
                .isEqualTo("BROKEN: share_agg of node 2: sequences 3..4 are applied (through 8) but in no row: share"
                        + " rows were deleted");
    }

    /**
     * The whole receipt chain rewritten from entry 2 on (block 2's FOUND receipt backdated an hour) with every hash
     * recomputed and the head moved: the hash chain verifies, so without a node the ledger passes; block 3's coinbase
     * anchored receipt 2's original hash on chain, and the node shows it.
     */
    @Test
    void aRewrittenReceiptChainWithRecomputedHashesIsCaughtByTheAnchors() throws Exception {
        ReceiptRewrite.Result rewrite;
        try (Connection c = connect()) {
            rewrite = ReceiptRewrite.backdate(c, 2, 3_600_000);
        }
        assertThat(verify(false)).as("the hash chain alone cannot see it").isZero();
        assertThat(verify(true)).isEqualTo(VerifyLedgerCommand.BROKEN);
        assertThat(brokenLine())
                .isEqualTo("BROKEN: treasury_receipt 2: block " + hashes.get(2) + " (height 103) anchored its"
                        + " entry_hash as " + rewrite.before().get(1).entryHash() + ", but the ledger's is "
                        + rewrite.after().get(1).entryHash()
                        + ": the receipt chain was rewritten after that block");
    }
}
