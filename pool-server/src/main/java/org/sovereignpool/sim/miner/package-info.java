/**
 * A software Stratum V1 miner ({@link org.sovereignpool.sim.miner.SimMiner}) that really hashes, for tests, the demo
 * and load generation, and the header search it mines with ({@link org.sovereignpool.sim.miner.ShareSearch}).
 */
package org.sovereignpool.sim.miner;
