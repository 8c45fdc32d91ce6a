package org.sovereignpool.ledger;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sovereignpool.config.ConfigException;
import org.sovereignpool.ledger.receipts.ReceiptChain;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Checks the treasury receipts' hash chain from the first entry to the head and names the first bad entry. */
@Command(
        name = "verify-ledger",
        mixinStandardHelpOptions = true,
        description = "Verify the treasury receipts' hash chain: every entry commits to the previous entry's hash and"
                + " its own fields; prints OK or the first entry that was altered, removed or inserted.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the chain is intact",
            "2:the configuration is invalid",
            "3:the chain is broken (the first bad entry is printed)",
            "4:the database could not be read"
        })
public final class VerifyLedgerCommand implements Callable<Integer> {
    public static final int BROKEN = 3;
    public static final int UNREADABLE = 4;

    @Spec
    private CommandSpec spec;

    @Mixin
    private LedgerConnectionOptions connection = new LedgerConnectionOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (JdbcLedgerStore store = connection.open()) {
            ReceiptChain.Verdict v = verify(store);
            if (v.ok()) {
                out.println("OK: " + v.entries() + " treasury receipts, hash chain intact");
                out.flush();
                return 0;
            }
            out.println("BROKEN at entry " + v.firstBadId() + " (entries before it verify: " + v.entries() + "): "
                    + v.problem());
            out.flush();
            return BROKEN;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        } catch (Exception e) {
            err.println("cannot read the ledger: " + e);
            err.flush();
            return UNREADABLE;
        }
    }

    /** Verifies every receipt in id order against its predecessor and the stored head. */
    public static ReceiptChain.Verdict verify(LedgerStore store) throws java.sql.SQLException {
        ReceiptChain.Verifier verifier = new ReceiptChain.Verifier();
        store.forEachReceipt(verifier::accept);
        LedgerStore.ReceiptHead head = store.receiptHead();
        return verifier.finish(head.lastId(), head.lastHash());
    }
}
