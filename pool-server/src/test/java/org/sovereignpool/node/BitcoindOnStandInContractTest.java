package org.sovereignpool.node;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.NodeAuth;
import org.sovereignpool.sim.node.RegtestNode;
import org.sovereignpool.testing.node.NodeFixtures;

/**
 * The TemplateSource contract for bitcoind over the wire against the regtest stand-in, seeded where the recorded
 * node was (tip 111, the template of block 112): the production node client, RPC and ZMQ, on a node that checks
 * blocks as Core does.
 */
class BitcoindOnStandInContractTest extends TemplateSourceContract {
    private RegtestNode node;

    @Override
    protected TemplateSource create() {
        node = RegtestNode.start(
                NodeFixtures.chainFrom112(1),
                RegtestNode.Options.defaults().withWarmup(Duration.ZERO).withCredentials("pool", "secret"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BitcoindNode client = new BitcoindNode(new RpcClient(
                "node0",
                node.rpcUrl(),
                new NodeAuth.Password("pool", "secret"),
                Duration.ofSeconds(5),
                1,
                Duration.ofMillis(1),
                registry));
        return new BitcoindTemplateSource(
                List.of(client),
                List.of(node.zmqUrl()),
                Network.REGTEST,
                BitcoindTemplateSource.Options.DEFAULT,
                registry);
    }

    @AfterEach
    void stopNode() {
        node.close();
    }
}
