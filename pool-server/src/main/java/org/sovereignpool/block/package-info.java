/**
 * Found blocks: {@link org.sovereignpool.block.BlockSubmitter}, the {@link org.sovereignpool.mining.BlockSink} that
 * assembles a block from a solving share and submits it to every node, and {@link
 * org.sovereignpool.block.BlockResult}, what became of it.
 */
package org.sovereignpool.block;
