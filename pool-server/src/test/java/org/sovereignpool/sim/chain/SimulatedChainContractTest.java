package org.sovereignpool.sim.chain;

import org.sovereignpool.node.TemplateSource;
import org.sovereignpool.node.TemplateSourceContractAccess;
import org.sovereignpool.testing.node.NodeFixtures;

/** The TemplateSource contract for the simulated chain, positioned at the recorded template. */
class SimulatedChainContractTest extends TemplateSourceContractAccess {
    @Override
    protected TemplateSource create() {
        return NodeFixtures.chainFrom112(1);
    }
}
