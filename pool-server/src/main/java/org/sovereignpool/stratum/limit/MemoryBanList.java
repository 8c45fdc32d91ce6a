package org.sovereignpool.stratum.limit;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bans kept in this process (lost on restart, which is fine for bans of minutes). Thread-safe. */
public final class MemoryBanList implements BanList {
    private final Map<InetAddress, Ban> bans = new ConcurrentHashMap<>();

    @Override
    public boolean isBanned(InetAddress key, long nowMillis) {
        Ban b = bans.get(key);
        if (b == null) {
            return false;
        }
        if (b.untilMillis() <= nowMillis) {
            bans.remove(key, b);
            return false;
        }
        return true;
    }

    @Override
    public void ban(InetAddress key, String reason, long nowMillis, long untilMillis) {
        Ban next = new Ban(AddressKey.format(key), reason, nowMillis, untilMillis);
        bans.merge(key, next, (old, n) -> old.untilMillis() >= n.untilMillis() ? old : n);
    }

    @Override
    public boolean lift(InetAddress key) {
        return bans.remove(key) != null;
    }

    @Override
    public List<Ban> active(long nowMillis) {
        bans.values().removeIf(b -> b.untilMillis() <= nowMillis);
        return bans.values().stream()
                .sorted(Comparator.comparingLong(Ban::sinceMillis))
                .toList();
    }
}
