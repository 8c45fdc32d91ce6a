/**
 * The cluster: several Stratum nodes on one PostgreSQL ledger, seen and steered as one. Each node writes its live
 * figures ({@link org.sovereignpool.cluster.NodeStatusReporter}) and carries out the console's commands; the console
 * ({@link org.sovereignpool.cluster.ClusterPoolStatus}) reads them back for the programme-wide dashboard and API.
 */
package org.sovereignpool.cluster;
