/**
 * A stand-in for a Bitcoin Core regtest node over the wire ({@link org.sovereignpool.sim.node.RegtestNode}): JSON-RPC
 * over HTTP and ZMQ hashblock on top of the simulated chain, answering as the recorded Core v29.99 does, with the
 * controls tests and operators need (mine from outside, invalidate/reconsider, stop/restart with warm-up, peers).
 */
package org.sovereignpool.sim.node;
