/**
 * {@link org.sovereignpool.sim.chain.SimulatedChain}: an in-process stand-in for Bitcoin Core (regtest) that gives
 * Core-shaped templates and checks submitted blocks as Core does, for the demo and end-to-end tests.
 */
package org.sovereignpool.sim.chain;
