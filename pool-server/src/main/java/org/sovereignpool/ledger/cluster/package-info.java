/**
 * The pool nodes of a cluster as the ledger sees them: each node id held by one live instance at a time (an identity
 * lease with heartbeats, {@link org.sovereignpool.ledger.cluster.NodeLeaseKeeper}), and crediting that waits for every
 * node that could still add shares to a block's window.
 */
package org.sovereignpool.ledger.cluster;
