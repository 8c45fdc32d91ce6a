/** The treasury's receipts: an append-only SHA-256 hash chain and its verifier. */
package org.sovereignpool.ledger.receipts;
