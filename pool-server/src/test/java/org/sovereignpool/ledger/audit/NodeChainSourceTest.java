package org.sovereignpool.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.NodeAuth;
import org.sovereignpool.node.RpcClient;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.testing.node.ChainShim;
import org.sovereignpool.testing.node.NodeFixtures;

/** The audit's node client on Core's recorded replies (fixtures/audit). */
class NodeChainSourceTest {
    /** Block A of the recording (height 102), its own coinbase paying the recording's treasury. */
    static final String A = "03ace286bab851544aadd1475ebf4035085eb5c26067d527f04471a89f4ee90f";

    private final ChainShim node = new ChainShim("pool", "pool");

    @AfterEach
    void close() {
        node.close();
    }

    private NodeChainSource source(String password) {
        return source(node.url(), password);
    }

    private static NodeChainSource source(java.net.URI url, String password) {
        return new NodeChainSource(new RpcClient(
                "audit",
                url,
                new NodeAuth.Password("pool", password),
                Duration.ofSeconds(10),
                0,
                Duration.ofMillis(10),
                new SimpleMeterRegistry()));
    }

    /** Known answer: the outputs read from tx[0].hex are the ones Core decoded into tx[0].vout. */
    @Test
    void readsTheCoinbaseOfARecordedBlockAsCoreDecodedIt() throws Exception {
        node.replay("getblockheader", A, "audit/reorg-02-getblockheader-A.json");
        node.replay("getblock", A, "audit/reorg-03-getblock-A-verbosity2.json");
        ChainBlock block = source("pool").block(A).orElseThrow();
        assertThat(block.height()).isEqualTo(102);
        assertThat(block.confirmations()).isEqualTo(1);
        assertThat(block.inMainChain()).isTrue();

        JsonNode vout =
                NodeFixtures.json("audit/reorg-03-getblock-A-verbosity2.json").at("/result/tx/0/vout");
        List<TransactionOutputs.Output> outputs = block.coinbaseOutputs().orElseThrow();
        assertThat(outputs).hasSize(vout.size());
        for (int i = 0; i < vout.size(); i++) {
            long sats = new BigDecimal(vout.get(i).get("value").asText())
                    .movePointRight(8)
                    .longValueExact();
            assertThat(outputs.get(i).valueSats()).isEqualTo(sats);
            assertThat(Hex.encode(outputs.get(i).script()))
                    .isEqualTo(vout.get(i).at("/scriptPubKey/hex").asText());
        }
        assertThat(TransactionOutputs.paidTo(outputs, NodeFixtures.treasuryScript()))
                .isEqualTo(5_000_000_000L);
    }

    @Test
    void aBlockOutOfTheMainChainUnknownOrWithoutDataIsToldApart() throws Exception {
        node.replay("getblockheader", A, "audit/reorg-05-getblockheader-A-after-invalidate.json");
        node.replay("getblock", A, "audit/reorg-03-getblock-A-verbosity2.json");
        assertThat(source("pool").block(A).orElseThrow().confirmations()).isEqualTo(-1);
        assertThat(source("pool").block("11".repeat(32))).isEmpty();
        node.put("22".repeat(32), 7, 3, null);
        ChainBlock pruned = source("pool").block("22".repeat(32)).orElseThrow();
        assertThat(pruned.coinbaseOutputs()).isEmpty();
        assertThat(pruned.height()).isEqualTo(7);
    }

    @Test
    void aNodeThatRefusesOrIsGoneStopsTheAudit() throws Exception {
        assertThatThrownBy(() -> source("wrong").block(A))
                .isInstanceOf(ChainSource.ChainUnavailableException.class)
                .hasMessageContaining("401");
        node.put("33".repeat(32), 8, 1, Hex.decode("00"));
        assertThatThrownBy(() -> source("pool").block("33".repeat(32)))
                .isInstanceOf(ChainSource.ChainUnavailableException.class)
                .hasMessageContaining("tx[0].hex is not a transaction");
        java.net.URI gone;
        try (java.net.ServerSocket closed =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            gone = java.net.URI.create("http://127.0.0.1:" + closed.getLocalPort() + "/");
        }
        assertThatThrownBy(() -> source(gone, "pool").block(A))
                .isInstanceOf(ChainSource.ChainUnavailableException.class)
                .hasMessageContaining("getblockheader");
    }
}
