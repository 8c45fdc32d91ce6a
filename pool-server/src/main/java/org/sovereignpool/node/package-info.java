/**
 * Bitcoin Core integration: {@link org.sovereignpool.node.RpcClient} (JSON-RPC over HTTP with timeouts, retries and
 * typed {@link org.sovereignpool.node.NodeException}s), {@link org.sovereignpool.node.BitcoindNode} (the calls the
 * pool makes), and {@link org.sovereignpool.node.BitcoindTemplateSource}, the {@link
 * org.sovereignpool.node.TemplateSource} over one or more nodes with failover, health metrics and new-block
 * notification (ZMQ hashblock, BIP 22 long poll, polling). The simulated chain is the other TemplateSource.
 */
package org.sovereignpool.node;
