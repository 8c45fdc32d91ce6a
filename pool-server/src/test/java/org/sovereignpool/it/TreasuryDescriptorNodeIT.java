package org.sovereignpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.TreasuryConfig;
import org.sovereignpool.ledger.VerifyLedgerCommand;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.treasury.TreasuryCursorStore;

/**
 * A 2-of-3 multisig treasury ({@code wsh(sortedmulti(2, T0/0/*, T1/0/*, T2/0/*))}, Bitcoin Core's vector) on a whole
 * pool against the regtest stand-in: the first block found through the pool pays Core's address at index 0 (as the
 * node stores the block: getblock, verbosity 2), the next block index 1; the ledger records each index (and {@code
 * verify-ledger --node} agrees, and catches a tampered one); after a restart the pool continues at index 2, never
 * paying 0 or 1 again; a block every node rejects still uses its index (3), and the next block pays 4. The addresses
 * are Core's ({@code
 * shared/fixtures/bitcoin-core/recorded-2026-11-29/desc-02-wsh-sortedmulti-2of3-deriveaddresses-0-9.json}), not
 * derived by our code.
 */
class TreasuryDescriptorNodeIT {
    /** desc-02-wsh-sortedmulti-2of3-getdescriptorinfo.json: the descriptor with its checksum. */
    static final String MULTISIG = "wsh(sortedmulti(2,"
            + "tpubD6NzVbkrYhZ4WmDXgFvyU7X9pihFaXnt2QsGiSe9wQq2nycUBJhFASAYroBMh2jx6m4o2ZQENrYPzCwngX6y6u8nuW1m5u429JGE"
            + "ctg3Mcb/0/*,"
            + "tpubD6NzVbkrYhZ4WoWWqRAB9zfko6RfBQ6MAdoHXKxsfkbdEmzYAAD3PFpiGcDgHFtUhodcGWFF9YUqWjSZ6mbXqx8k9UEdtJrAFuNo"
            + "SMbsDkm/0/*,"
            + "tpubD6NzVbkrYhZ4XrxApd7R2Mnx9TrbxSpUh8ELfaa487C3kPEdDn6xPAu2VERD6sNEzVZF5Y98JBseCPxS4cgtAaQkS2FjoGg8PQwh"
            + "8FTAFn3/0/*))#vzcua83r";
    /** deriveaddresses of it, indexes 0..4 (desc-02-wsh-sortedmulti-2of3-deriveaddresses-0-9.json). */
    static final List<String> CORE = List.of(
            "bcrt1qdgx7a62gjyd7spv8ryq0gqz8wcrcgragjxfrm6afxy3kg5q8dc9qtskwlc",
            "bcrt1qwgufmy5vg3juntgan2w2v6gh9xaj3jhjt3hhy620a85scsuq5wdskfghcg",
            "bcrt1qy84u2cphaaycwfcchnr7hmap582uxyh5z47hlz2nq6vded0tdzvs2k5eja",
            "bcrt1q52ylern4a7v72v6gx2gqy9uegp7p94ya4skpj86jrt0t46mfca2su04p23",
            "bcrt1qxdqkca4flql7l4t6fh345c6uzrya6s2tmk49ddceha8mh55fkuxqpnhsv5");

    @TempDir
    Path dir;

    /** Mines a block through the pool on the miner's latest job; its hash once the node has it as its tip. */
    private static String findBlock(RegtestPool p, StratumTestMiner miner) throws Exception {
        StratumTestMiner.Notify job = miner.latest();
        StratumTestMiner.Share share = miner.mine(job, true);
        assertThat(StratumTestMiner.errorCode(miner.submit(share))).isZero();
        String hash = share.hash().toDisplayHex();
        await().atMost(Duration.ofSeconds(10)).until(() -> p.result(hash).isPresent());
        assertThat(p.result(hash).orElseThrow().outcome()).isEqualTo("accepted");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> p.pool.store().block(hash).isPresent());
        // the next job builds on it
        miner.awaitJob(n -> n.prevHash().equals(Hash256.fromDisplayHex(hash)), Duration.ofSeconds(5));
        return hash;
    }

    /** The address the block's coinbase pays its whole value to, as the node reads it. */
    private static String paidAddress(RegtestPool p, String hash) {
        JsonNode coinbase = p.rpc(0).call("getblock", hash, 2).get("tx").get(0);
        JsonNode out = coinbase.get("vout").get(0);
        assertThat(new BigDecimal(out.get("value").asText()).movePointRight(8).longValueExact())
                .isPositive();
        return out.get("scriptPubKey").get("address").asText();
    }

    private static void setIndex(String schema, String hash, long index) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        LedgerTestDatabases.PG_URL + "?currentSchema=" + schema, LedgerTestDatabases.PG_USER, "");
                PreparedStatement ps = c.prepareStatement("UPDATE found_block SET treasury_index = ? WHERE hash = ?")) {
            ps.setLong(1, index);
            ps.setString(2, hash);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void eachBlockPaysCoresAddressAtItsIndexAndARestartNeverPaysAnIndexAgain() throws Exception {
        // no tip poll during the test (ZMQ announces blocks): the rejected block below is mined on a job whose parent
        // the node invalidated, as SubmitAnswerNodeIT does
        RegtestPool.Setup setup = RegtestPool.Setup.defaults()
                .sourceOptions(new org.sovereignpool.node.BitcoindTemplateSource.Options(
                        Duration.ofMillis(500), Duration.ofSeconds(60), true, Duration.ofMinutes(2)))
                .ledger(RegtestPool.Ledger.POSTGRES)
                .treasury(TreasuryConfig.ofDescriptor(Network.REGTEST, MULTISIG));
        try (RegtestPool p = RegtestPool.start(dir, setup)) {
            TreasuryCursorStore cursor = new TreasuryCursorStore(p.pool.store().dataSource());
            assertThat(cursor.cursor(0)).hasValue(0); // written before the first job paid it
            StratumTestMiner miner = p.miner("multisig");

            String first = findBlock(p, miner);
            assertThat(paidAddress(p, first)).isEqualTo(CORE.get(0));
            assertThat(p.pool.store().block(first).orElseThrow().treasuryIndex())
                    .isZero();

            String second = findBlock(p, miner);
            assertThat(paidAddress(p, second)).isEqualTo(CORE.get(1));
            BlockRecord secondRecord = p.pool.store().block(second).orElseThrow();
            assertThat(secondRecord.treasuryIndex()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> cursor.cursor(0).orElse(-1) == 2);

            // the public page: each receipt with the address its block paid, each anchor checked against the node
            JsonNode pub = publicReport(p);
            assertThat(pub.at("/treasury/kind").asText()).isEqualTo("descriptor");
            assertThat(pub.at("/treasury/threshold").asInt()).isEqualTo(2);
            assertThat(pub.at("/treasury/keys").asInt()).isEqualTo(3);
            java.util.Map<String, String> paidTo = new java.util.HashMap<>();
            pub.get("receipts")
                    .forEach(r -> paidTo.put(
                            r.get("blockHash").asText(), r.get("paidTo").asText()));
            assertThat(paidTo).containsEntry(first, CORE.get(0)).containsEntry(second, CORE.get(1));
            assertThat(pub.get("anchors")).hasSize(2).allSatisfy(a -> {
                assertThat(a.get("verified").asBoolean()).as(a.toString()).isTrue();
                assertThat(a.get("checkedAgainst").asText()).contains("Bitcoin node");
            });

            StringBuilder output = new StringBuilder();
            assertThat(p.verifyLedger(output)).as(output.toString()).isEqualTo(VerifyLedgerCommand.OK);
            assertThat(output.toString()).contains("at each block's recorded descriptor index");

            // a tampered index: the audit names the block and the address that index would have paid
            String schema = schemaOf(p);
            setIndex(schema, second, 2);
            output.setLength(0);
            assertThat(p.verifyLedger(output)).as(output.toString()).isEqualTo(VerifyLedgerCommand.BROKEN);
            assertThat(output.toString())
                    .contains("BROKEN: found_block " + second)
                    .contains(
                            "treasury_index is 2, but the coinbase on chain pays the treasury's address at that index ("
                                    + CORE.get(2) + ") 0 sats");
            setIndex(schema, second, 1);

            // a restart continues after the highest used index: 2, never 0 or 1
            p.restartPool();
            assertThat(p.pool.treasuryIndexes().orElseThrow().current()).isEqualTo(2);
            StratumTestMiner again = p.miner("after-restart");
            String third = findBlock(p, again);
            assertThat(paidAddress(p, third)).isEqualTo(CORE.get(2));
            assertThat(p.pool.store().block(third).orElseThrow().treasuryIndex())
                    .isEqualTo(2);
            output.setLength(0);
            assertThat(p.verifyLedger(output)).as(output.toString()).isEqualTo(VerifyLedgerCommand.OK);
        }
    }

    private static JsonNode publicReport(RegtestPool p) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                                        + p.pool.httpAddress().getPort() + "/api/v1/public"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }

    private static String schemaOf(RegtestPool p) {
        String url = p.pool.config().ledger().jdbcUrl();
        int at = url.indexOf("currentSchema=");
        if (at < 0) {
            throw new IllegalStateException("not a PostgreSQL schema URL: " + url);
        }
        String rest = url.substring(at + "currentSchema=".length());
        int end = rest.indexOf('&');
        return end < 0 ? rest : rest.substring(0, end);
    }
}
