/**
 * The ledger: what operators are paid from and the treasury is audited from.
 *
 * <p>Flow: the Stratum server calls {@link org.sovereignpool.ledger.journal.ShareJournal#record} (a
 * {@link org.sovereignpool.mining.ShareRecorder}) before it answers {@code true}; the
 * {@link org.sovereignpool.ledger.LedgerApplier} moves durable journal records into the
 * {@link org.sovereignpool.ledger.store.LedgerStore} in idempotent batches (the applied sequence is written in the
 * same transaction as the aggregates) and rides out database outages; the
 * {@link org.sovereignpool.ledger.blocks.BlockTracker} records found blocks (local file first), credits them through
 * {@link org.sovereignpool.ledger.blocks.BlockCredits} (PPLNS, in {@code org.sovereignpool.accounting}) and follows
 * them to maturity or orphaning; every coinbase to the treasury and each change of its status is an entry in the
 * hash-chained {@link org.sovereignpool.ledger.receipts.TreasuryReceipt} chain, checked by {@code verify-ledger}
 * ({@link org.sovereignpool.ledger.VerifyLedgerCommand}); {@code statement} prints an operator's statement. In a
 * cluster each node holds an identity lease ({@link org.sovereignpool.ledger.cluster.NodeLeaseKeeper}), and blocks are
 * credited only once every live node has applied its shares before them (recomputed when a node catches up late).
 */
package org.sovereignpool.ledger;
