package org.sovereignpool.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sovereignpool.ledger.receipts.ReceiptChain;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;

/**
 * What an attacker with write access to the database does to hide a change from the hash chain: alter one receipt
 * (here: backdate it) and recompute every entry hash from it on, and the head, so that the chain verifies again.
 */
public final class ReceiptRewrite {
    /** The chain before and after. */
    public record Result(List<TreasuryReceipt> before, List<TreasuryReceipt> after) {}

    private ReceiptRewrite() {}

    /** Backdates receipt {@code id} by {@code millis} and rehashes the chain over the connection's ledger. */
    public static Result backdate(Connection c, long id, long millis) throws SQLException {
        List<TreasuryReceipt> before = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, height, block_hash, amount_sats, time_millis, status,"
                        + " prev_hash, entry_hash FROM treasury_receipt ORDER BY id")) {
            while (rs.next()) {
                before.add(new TreasuryReceipt(
                        rs.getLong(1),
                        rs.getInt(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8)));
            }
        }
        List<TreasuryReceipt> after = new ArrayList<>();
        String prev = ReceiptChain.GENESIS_HASH;
        for (TreasuryReceipt r : before) {
            long time = r.id() == id ? r.timeMillis() - millis : r.timeMillis();
            TreasuryReceipt re = new TreasuryReceipt.Draft(r.height(), r.blockHash(), r.amountSats(), time, r.status())
                    .chain(r.id(), prev);
            after.add(re);
            prev = re.entryHash();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE treasury_receipt SET time_millis = ?, prev_hash = ?, entry_hash = ? WHERE id = ?")) {
            for (TreasuryReceipt re : after) {
                ps.setLong(1, re.timeMillis());
                ps.setString(2, re.prevHash());
                ps.setString(3, re.entryHash());
                ps.setLong(4, re.id());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE receipt_head SET last_hash = ? WHERE id = 1")) {
            ps.setString(1, prev);
            ps.executeUpdate();
        }
        return new Result(before, after);
    }
}
