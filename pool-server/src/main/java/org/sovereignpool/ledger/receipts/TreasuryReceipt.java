package org.sovereignpool.ledger.receipts;

import java.util.Objects;

/**
 * One entry of the treasury's receipt chain: a block's coinbase paid to the treasury, and each later change of its
 * status (FOUND, MATURE, ORPHANED) as a new entry; entries are never updated.
 *
 * @param id 1, 2, 3, ... without gaps
 * @param prevHash the previous entry's {@code entryHash} (64 zeros for the first)
 * @param entryHash {@code SHA-256(prevHash bytes || canonical fields)} in hex, see {@link ReceiptChain#entryHash}
 */
public record TreasuryReceipt(
        long id,
        int height,
        String blockHash,
        long amountSats,
        long timeMillis,
        String status,
        String prevHash,
        String entryHash) {
    public TreasuryReceipt {
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(entryHash, "entryHash");
    }

    /** An entry's own fields before it is chained. */
    public record Draft(int height, String blockHash, long amountSats, long timeMillis, String status) {
        public Draft {
            Objects.requireNonNull(blockHash, "blockHash");
            Objects.requireNonNull(status, "status");
        }

        public TreasuryReceipt chain(long id, String prevHash) {
            return new TreasuryReceipt(
                    id,
                    height,
                    blockHash,
                    amountSats,
                    timeMillis,
                    status,
                    prevHash,
                    ReceiptChain.entryHash(prevHash, id, height, blockHash, amountSats, timeMillis, status));
        }
    }
}
