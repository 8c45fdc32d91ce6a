/** Per-operator statements for a period, as JSON and CSV. */
package org.sovereignpool.ledger.statement;
