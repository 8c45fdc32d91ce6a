/**
 * The local append-only share journal: memory-mapped segment files, CRC32C-framed records, group fsync, torn-tail
 * cut at replay, rotation by size, deletion once applied.
 */
package org.sovereignpool.ledger.journal;
