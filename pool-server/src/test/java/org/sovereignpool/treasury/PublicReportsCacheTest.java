package org.sovereignpool.treasury;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sovereignpool.ledger.blocks.FoundBlockInfo;
import org.sovereignpool.ledger.receipts.TreasuryReceipt;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;
import org.sovereignpool.testing.pool.TestConfigs;

/** The public page reads the ledger at most once per {@link PublicReports#FRESH_MILLIS}, whatever is asked. */
class PublicReportsCacheTest {
    @TempDir
    Path dir;

    private JdbcLedgerStore store;

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Test
    void requestsWithinTheFreshnessWindowShareOneBuildAndEachGetsItsOwnNumberOfReceipts() throws Exception {
        store = JdbcLedgerStore.open(LedgerTestDatabases.h2Url(dir), "sa", "", null);
        for (int i = 0; i < 3; i++) {
            FoundBlockInfo b = TreasuryIndexesTest.block(101 + i, (char) ('a' + i), i);
            store.recordBlock(
                    TreasuryIndexesTest.record(b, 0),
                    new TreasuryReceipt.Draft(b.height(), b.hash(), b.rewardSats(), 1 + i, "FOUND"));
        }
        AtomicInteger ledgerReads = new AtomicInteger();
        LedgerStore counting = (LedgerStore) Proxy.newProxyInstance(
                LedgerStore.class.getClassLoader(), new Class<?>[] {LedgerStore.class}, (proxy, m, args) -> {
                    if (m.getName().equals("allBlocks")) {
                        ledgerReads.incrementAndGet();
                    }
                    try {
                        return m.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        AtomicLong now = new AtomicLong(1_800_000_000_000L);
        PublicReports reports =
                new PublicReports(TestConfigs.h2Node(0, dir), counting, hash -> Optional.empty(), "none", now::get);

        PublicReport first = reports.current(50);
        assertThat(first.receipts()).hasSize(3);
        assertThat(reports.current(2).receipts())
                .extracting(PublicReport.Receipt::height)
                .containsExactly(103, 102); // the newest
        now.addAndGet(PublicReports.FRESH_MILLIS - 1);
        assertThat(reports.current(1000).generatedMillis()).isEqualTo(first.generatedMillis());
        assertThat(ledgerReads).hasValue(1);

        // a block found meanwhile shows once the window has passed
        FoundBlockInfo d = TreasuryIndexesTest.block(104, 'd', 3);
        store.recordBlock(
                TreasuryIndexesTest.record(d, 0),
                new TreasuryReceipt.Draft(d.height(), d.hash(), d.rewardSats(), 4, "FOUND"));
        assertThat(reports.current(50).receipts()).hasSize(3);
        now.addAndGet(1);
        assertThat(reports.current(50).receipts()).hasSize(4);
        assertThat(ledgerReads).hasValue(2);
        assertThatThrownBy(() -> reports.current(PublicReports.MAX_RECEIPTS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
