package org.sovereignpool.ledger;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.sovereignpool.ledger.store.LedgerStore;

/** A real store behind a switch: while down, every call fails as an unreachable database does. */
public final class FlakyStore {
    public volatile boolean down;
    public final AtomicInteger refused = new AtomicInteger();
    public final LedgerStore store;

    public FlakyStore(LedgerStore delegate) {
        this.store = (LedgerStore) Proxy.newProxyInstance(
                LedgerStore.class.getClassLoader(), new Class<?>[] {LedgerStore.class}, (proxy, method, args) -> {
                    if (down && !method.getName().equals("close")) {
                        refused.incrementAndGet();
                        throw new SQLException("connection refused (simulated outage)", "08001");
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
