/**
 * The few types that cross feature packages: who mined ({@link org.sovereignpool.mining.WorkerName}), what was
 * accepted ({@link org.sovereignpool.mining.AcceptedShare}) and found ({@link org.sovereignpool.mining.FoundBlock}),
 * and the interfaces through which the Stratum server, the job manager, block submission and the ledger meet.
 */
package org.sovereignpool.mining;
