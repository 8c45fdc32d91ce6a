package org.sovereignpool.node;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.NodeAuth;
import org.sovereignpool.testing.node.FakeBitcoind;

/** The TemplateSource contract for bitcoind, against a local HTTP server replaying Core's recorded replies. */
class BitcoindTemplateSourceContractTest extends TemplateSourceContract {
    private FakeBitcoind node;

    @Override
    protected TemplateSource create() {
        node = new FakeBitcoind("pool", "secret");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BitcoindNode client = new BitcoindNode(new RpcClient(
                "node0",
                node.url(),
                new NodeAuth.Password("pool", "secret"),
                Duration.ofSeconds(5),
                1,
                Duration.ofMillis(1),
                registry));
        return new BitcoindTemplateSource(
                List.of(client),
                List.of(Optional.empty()),
                Network.REGTEST,
                new BitcoindTemplateSource.Options(
                        Duration.ofMillis(20), Duration.ofMillis(20), false, Duration.ofSeconds(1)),
                registry);
    }

    @AfterEach
    void stopNode() {
        node.close();
    }
}
