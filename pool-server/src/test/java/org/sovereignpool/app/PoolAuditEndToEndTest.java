package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.block.BlockResult;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.ledger.ReceiptRewrite;
import org.sovereignpool.ledger.VerifyLedgerCommand;
import org.sovereignpool.ledger.audit.TransactionOutputs;
import org.sovereignpool.ledger.store.BlockRecord;
import org.sovereignpool.ledger.store.BlockStatus;
import org.sovereignpool.node.HeaderInfo;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.job.BlockAssembler;
import org.sovereignpool.share.job.ReceiptAnchor;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.sim.miner.SimMiner;
import org.sovereignpool.stratum.Listener;
import org.sovereignpool.testing.node.ChainShim;
import picocli.CommandLine;

/**
 * The pool as it runs (simulated miners and chain, the demo's wiring) anchors the receipt head in its coinbases, and
 * the ledger it writes verifies end to end against the blocks it found: every credit equals the PPLNS recomputation,
 * every share is covered, every coinbase pays the treasury the recorded reward and anchors a receipt the ledger
 * has. Then the receipt chain is rewritten with recomputed hashes, and the anchors the pool put on chain catch it.
 */
class PoolAuditEndToEndTest {
    @Test
    void aRealPoolsLedgerVerifiesOnChainAndARewriteIsCaughtByItsAnchors(@TempDir Path dir) throws Exception {
        PoolConfig config = DemoCommand.withDataDir(DemoConfig.load(), dir);
        Clock clock = Clock.systemUTC();
        long minerHashrate = 150_000;
        SimulatedChain chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(3 * minerHashrate, Duration.ofSeconds(2), 11), clock);
        List<BlockResult> results = new CopyOnWriteArrayList<>();
        PoolRuntime.Options options = PoolRuntime.Options.defaults(config)
                .withListeners(List.of(Listener.plain("127.0.0.1", 0).withDifficulty(0.0001)))
                .withHttp(new InetSocketAddress("127.0.0.1", 0));
        List<SimMiner> miners = new ArrayList<>();
        ChainShim node = new ChainShim("auditor", "secret");
        try (node) {
            try (PoolRuntime pool = PoolRuntime.start(config, registry -> chain, clock, options)) {
                pool.addBlockListener(results::add);
                int port = pool.stratumAddresses().get(0).getPort();
                for (int i = 1; i <= 3; i++) {
                    miners.add(SimMiner.start(
                            SimMiner.Options.of("127.0.0.1", port, "demo.sim-" + i)
                                    .withHashesPerSecond(minerHashrate),
                            Sha256s::fastest,
                            null));
                }
                // at least one block whose coinbase anchors a receipt of an earlier block (not only the empty chain)
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> results.size() >= 3
                                && results.stream()
                                        .anyMatch(r -> anchor(r)
                                                        .map(ReceiptAnchor::receiptId)
                                                        .orElse(0L)
                                                >= 1));
                miners.forEach(SimMiner::close);
                await().atMost(Duration.ofSeconds(60)).until(() -> settled(pool, chain, results.size()));
                for (BlockResult r : results) {
                    String hash = r.found().hash().toDisplayHex();
                    HeaderInfo header = chain.blockHeader(r.found().hash()).orElseThrow();
                    byte[] coinbase = r.found().coinbase();
                    node.put(
                            hash,
                            header.height(),
                            header.confirmations(),
                            BlockAssembler.coinbaseForBlock(coinbase, hasWitnessCommitment(coinbase)));
                }
            }
            String url = config.ledger().jdbcUrl();
            List<String> audit = List.of(
                    "--jdbc-url",
                    url,
                    "--window-factor",
                    String.valueOf(config.payout().windowFactor()),
                    "--node",
                    node.url().toString(),
                    "--rpc-user",
                    "auditor",
                    "--rpc-password",
                    "secret",
                    "--treasury",
                    config.treasury().address(),
                    "--network",
                    "regtest");
            StringWriter out = new StringWriter();
            assertThat(verify(audit, out)).as(out.toString()).isZero();
            assertThat(out.toString())
                    .contains("credits: " + results.size() + " credited blocks")
                    .contains("chain: " + results.size() + " blocks as " + node.url() + " has them")
                    .contains("anchors: " + results.size() + " coinbase anchors match the receipts they claim");

            // rewrite every receipt from the first on (the first block's FOUND receipt backdated) and the head
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                ReceiptRewrite.backdate(c, 1, 3_600_000);
            }
            out = new StringWriter();
            assertThat(verify(audit.subList(0, 4), out))
                    .as("without the node the rewrite passes")
                    .isZero();
            out = new StringWriter();
            assertThat(verify(audit, out)).isEqualTo(VerifyLedgerCommand.BROKEN);
            assertThat(out.toString())
                    .containsPattern("BROKEN: treasury_receipt \\d+: block [0-9a-f]{64} \\(height \\d+\\) anchored its"
                            + " entry_hash as [0-9a-f]{64}, but the ledger's is [0-9a-f]{64}: the receipt chain was"
                            + " rewritten after that block");
        } finally {
            miners.forEach(SimMiner::close);
        }
    }

    private static Optional<ReceiptAnchor> anchor(BlockResult r) {
        return TransactionOutputs.of(r.found().coinbase()).stream()
                .map(o -> ReceiptAnchor.parse(o.script()))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static boolean hasWitnessCommitment(byte[] coinbase) {
        return TransactionOutputs.of(coinbase).stream()
                .anyMatch(o -> o.script().length >= 38
                        && org.sovereignpool.share.model.Hex.encode(o.script()).startsWith("6a24aa21a9ed"));
    }

    /**
     * Every found block is in the ledger, credited, with the status the chain gives it, and every share journalled
     * is applied.
     */
    private static boolean settled(PoolRuntime pool, SimulatedChain chain, int found) throws Exception {
        if (pool.store().appliedSequence(0) != pool.journal().writtenSequence()) {
            return false;
        }
        List<BlockRecord> blocks = pool.store().allBlocks();
        if (blocks.size() != found) {
            return false;
        }
        for (BlockRecord b : blocks) {
            Optional<HeaderInfo> h = chain.blockHeader(Hash256.fromDisplayHex(b.hash()));
            boolean main = h.isPresent() && h.get().onBestChain();
            if (!b.credited() || main != (b.status() == BlockStatus.PENDING)) {
                return false;
            }
        }
        return true;
    }

    private static int verify(List<String> args, StringWriter out) {
        CommandLine cli = new CommandLine(new VerifyLedgerCommand());
        cli.setOut(new PrintWriter(out));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args.toArray(String[]::new));
        System.out.print(out);
        System.err.print(err);
        return code;
    }
}
