package org.sovereignpool.sim.chain;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.sovereignpool.node.TemplateSource;
import org.sovereignpool.node.TemplateSourceContractAccess;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.testing.node.NodeFixtures;

/** The TemplateSource contract for the simulated chain, positioned at the recorded template. */
class SimulatedChainContractTest extends TemplateSourceContractAccess {
    @Override
    protected TemplateSource create() {
        return SimulatedChain.fromTemplate(
                NodeFixtures.template112(),
                SimulatedChain.Settings.regtest(Difficulty.ONE, 1),
                Clock.fixed(Instant.ofEpochSecond(NodeFixtures.BLOCK_112_TIME), ZoneOffset.UTC));
    }
}
