package org.sovereignpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.script.ScriptBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.TreasuryConfig;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.sim.chain.SimulatedChain;
import org.sovereignpool.testing.node.NodeFixtures;
import org.sovereignpool.testing.node.TestMiner;

/**
 * A descriptor treasury in the job manager: no job before it knows which index to pay; then each job pays Bitcoin
 * Core's address for the index it read when it was built (shared/fixtures/bitcoin-core/recorded-2026-11-29,
 * desc-03-tr-deriveaddresses-0-9.json: a taproot descriptor, the longest output script), and the job says which.
 */
class JobManagerTreasuryIndexTest {
    /** desc-03-tr-getdescriptorinfo.json. */
    static final String TR =
            "tr(tpubD6NzVbkrYhZ4WmDXgFvyU7X9pihFaXnt2QsGiSe9wQq2nycUBJhFASAYroBMh2jx6m4o2ZQENrYPzCwngX6y6u8nuW1m5u429JGEctg3Mcb/0/*)";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private SimulatedChain chain;
    private JobManager manager;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    private static byte[] coreScript(String address) {
        return ScriptBuilder.createOutputScript(
                        AddressParser.getDefault(BitcoinNetwork.REGTEST).parseAddress(address))
                .program();
    }

    private static List<String> coreAddresses() throws Exception {
        var json = fixture("desc-03-tr-deriveaddresses-0-9.json");
        List<String> out = new java.util.ArrayList<>();
        json.get("result").forEach(a -> out.add(a.asText()));
        return out;
    }

    /** A recorded reply (src/test/resources/fixtures/descriptors, copied from shared/fixtures). */
    static com.fasterxml.jackson.databind.JsonNode fixture(String file) throws Exception {
        try (var in = JobManagerTreasuryIndexTest.class.getResourceAsStream("/fixtures/descriptors/" + file)) {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        }
    }

    private static byte[] paidScript(JobManager m, Job job) throws Exception {
        byte[] coinbase = TestMiner.coinbase(job, new byte[4], 0, 4);
        org.bitcoinj.core.Transaction tx = org.bitcoinj.core.Transaction.read(java.nio.ByteBuffer.wrap(coinbase));
        return tx.getOutput(0).getScriptBytes();
    }

    @Test
    void eachJobPaysCoresAddressForTheIndexItWasBuiltWith() throws Exception {
        PoolConfig demo = DemoConfig.load();
        String info = fixture("desc-03-tr-getdescriptorinfo.json")
                .at("/result/descriptor")
                .asText();
        assertThat(info).startsWith(TR + "#");
        TreasuryConfig treasury = TreasuryConfig.ofDescriptor(demo.network(), info);
        PoolConfig config = new PoolConfig(
                demo.network(),
                treasury,
                demo.pool(),
                demo.stratum(),
                demo.difficulty(),
                demo.nodes(),
                demo.ledger(),
                demo.http(),
                demo.operators(),
                demo.payout(),
                demo.power());
        chain = SimulatedChain.create(
                SimulatedChain.Settings.forBlockInterval(1e9, Duration.ofSeconds(10), 1), NodeFixtures.AT_BLOCK_112);
        manager = JobManager.fromConfig(config, chain, 4, NodeFixtures.AT_BLOCK_112, registry);
        assertThat(manager.refresh(JobManager.Reason.STARTUP))
                .as("no job before the index source is set")
                .isEmpty();

        AtomicLong index = new AtomicLong(0);
        manager.payTreasuryIndexes(new JobManager.TreasuryIndexing(treasury.payee(), index::get));
        List<String> core = coreAddresses();
        for (int i = 0; i < 3; i++) {
            index.set(i);
            Job job = manager.refresh(JobManager.Reason.MANUAL).orElseThrow();
            assertThat(paidScript(manager, job)).isEqualTo(coreScript(core.get(i)));
            assertThat(manager.issued(job.id()).orElseThrow().treasuryIndex()).isEqualTo(i);
        }
    }
}
