package org.sovereignpool.stratum.limit;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.sovereignpool.config.BanConfig;
import org.sovereignpool.config.SiteConfig;
import org.sovereignpool.config.StratumConfig;

/**
 * Decides at accept whether a connection may stay, before anything is allocated for it, and keeps the counts that
 * decide: the server's cap (below the process's file limit), each site's cap (a NAT address or range from {@code
 * stratum.sites}), each other address's cap, and the bans. Later it hears each connection's offences and closes the
 * connection (site) or bans its address (anything else). Thread-safe: counts per address change inside the map's
 * atomic {@code compute}; a {@link Ticket}'s own counters belong to its channel's event loop.
 */
public final class ConnectionGate {
    /** Records of addresses without connections (kept for their offence counts) beyond this are not kept. */
    static final int MAX_IDLE_RECORDS = 100_000;

    /** Why a connection was refused at accept (metric tag {@code reason}). */
    public enum Refusal {
        BANNED,
        SERVER_FULL,
        SITE_FULL,
        ADDRESS_FULL
    }

    /** What an offence leads to. */
    public enum Outcome {
        /** Counted; nothing else yet. */
        COUNTED,
        /** The connection goes (a site's connection past a threshold, or bans are off). */
        CLOSE,
        /** The address is banned now; all its connections are being closed. */
        BANNED
    }

    /** Hears what the gate does (metrics). */
    public interface Events {
        void refused(Refusal reason);

        void banned(Offence offence);

        void closedForOffences(Offence offence);
    }

    private final int maxPerAddress;
    private final int maxConnections;
    private final BanConfig bans;
    private final BanList banList;
    private final LongSupplier clock;
    private final Events events;
    private final List<Site> sites;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<InetAddress, AddressRecord> addresses = new ConcurrentHashMap<>();

    /**
     * @param maxConnections the server's cap in force (see {@code StratumLimits#effectiveMaxConnections})
     */
    public ConnectionGate(
            StratumConfig config, int maxConnections, BanList banList, LongSupplier clock, Events events) {
        this.maxPerAddress = config.maxConnectionsPerIp();
        this.maxConnections = maxConnections;
        this.bans = config.bans();
        this.banList = banList;
        this.clock = clock;
        this.events = events;
        this.sites = config.sites().stream().map(Site::new).toList();
    }

    /** A site and its live count. */
    static final class Site {
        final SiteConfig config;
        final AtomicInteger connections = new AtomicInteger();

        Site(SiteConfig config) {
            this.config = config;
        }
    }

    /** One address outside the sites: its connections and its offences in the current window. */
    static final class AddressRecord {
        final List<Channel> channels = new ArrayList<>(2);
        final int[] offences = new int[Offence.values().length];
        long windowStart;
        volatile boolean anyInvalidShares;

        boolean idle(long now, long windowMillis) {
            return channels.isEmpty() && (now - windowStart > windowMillis || nothingCounted());
        }

        boolean nothingCounted() {
            for (int n : offences) {
                if (n != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * One admitted connection: released when it closes. A site's connection counts its offences itself (a site is
     * never banned as a whole); another address's connection counts them on its address.
     */
    public static final class Ticket {
        final InetAddress key;
        final Site site;
        /** The address's record (not a site's): kept in the map while this connection is open. */
        final AddressRecord record;

        /** A site connection's offences in the current window: made at its first offence (most have none). */
        int[] offences;

        long windowStart;

        Ticket(InetAddress key, Site site, AddressRecord record) {
            this.key = key;
            this.site = site;
            this.record = record;
        }

        /** The site this connection belongs to, or null. */
        public String site() {
            return site == null ? null : site.config.name();
        }

        public InetAddress address() {
            return key;
        }
    }

    /** The cap on the whole server. */
    public int maxConnections() {
        return maxConnections;
    }

    public int connections() {
        return total.get();
    }

    public BanList banList() {
        return banList;
    }

    /**
     * True (and the refusal counted) when {@code remote} is banned: checked on the acceptor's thread for each accepted
     * socket, before the channel is even registered with an event loop.
     */
    public boolean refuseBanned(InetAddress remote) {
        if (banList.isBanned(AddressKey.of(remote), clock.getAsLong()) && siteOf(remote) == null) {
            events.refused(Refusal.BANNED);
            return true;
        }
        return false;
    }

    /**
     * Admits {@code channel} from {@code remote} and returns its ticket, or returns null after counting the refusal;
     * the caller then closes the channel without building its pipeline.
     */
    public Ticket admit(Channel channel, InetAddress remote) {
        long now = clock.getAsLong();
        InetAddress key = AddressKey.of(remote);
        Site site = siteOf(remote);
        if (site == null && banList.isBanned(key, now)) {
            events.refused(Refusal.BANNED);
            return null;
        }
        if (total.incrementAndGet() > maxConnections) {
            total.decrementAndGet();
            events.refused(Refusal.SERVER_FULL);
            return null;
        }
        if (site != null) {
            if (site.connections.incrementAndGet() > site.config.maxConnections()) {
                site.connections.decrementAndGet();
                total.decrementAndGet();
                events.refused(Refusal.SITE_FULL);
                return null;
            }
            return new Ticket(key, site, null);
        }
        boolean[] over = new boolean[1];
        AddressRecord record = addresses.compute(key, (k, r) -> {
            AddressRecord rec = r != null ? r : new AddressRecord();
            if (maxPerAddress > 0 && rec.channels.size() >= maxPerAddress) {
                over[0] = true;
            } else {
                rec.channels.add(channel);
            }
            return rec;
        });
        if (over[0]) {
            total.decrementAndGet();
            events.refused(Refusal.ADDRESS_FULL);
            offence(key, Offence.REFUSED_CONNECTION, now);
            return null;
        }
        return new Ticket(key, null, record);
    }

    /** The connection of {@code ticket} closed. */
    public void release(Ticket ticket, Channel channel) {
        total.decrementAndGet();
        if (ticket.site != null) {
            ticket.site.connections.decrementAndGet();
            return;
        }
        long now = clock.getAsLong();
        long window = bans.windowSeconds() * 1000L;
        addresses.computeIfPresent(ticket.key, (k, r) -> {
            r.channels.remove(channel);
            boolean keep = !r.idle(now, window) && addresses.size() < MAX_IDLE_RECORDS;
            return r.channels.isEmpty() && !keep ? null : r;
        });
    }

    /** Counts an offence of {@code ticket}'s connection; on the channel's event loop. */
    public Outcome offence(Ticket ticket, Offence offence) {
        long now = clock.getAsLong();
        if (ticket.site == null) {
            return offence(ticket.key, offence, now);
        }
        if (ticket.offences == null) {
            ticket.offences = new int[Offence.values().length];
            ticket.windowStart = now;
        } else if (now - ticket.windowStart > bans.windowSeconds() * 1000L) {
            java.util.Arrays.fill(ticket.offences, 0);
            ticket.windowStart = now;
        }
        if (++ticket.offences[offence.ordinal()] >= offence.threshold(bans)) {
            events.closedForOffences(offence);
            return Outcome.CLOSE;
        }
        return Outcome.COUNTED;
    }

    /**
     * An accepted share: the address's invalid shares were not "only invalid" after all. Costs one volatile read
     * when there is nothing to reset (the share path).
     */
    public void accepted(Ticket ticket) {
        if (ticket.site != null) {
            if (ticket.offences != null) {
                ticket.offences[Offence.INVALID_SHARE.ordinal()] = 0;
            }
            return;
        }
        if (ticket.record.anyInvalidShares) {
            addresses.computeIfPresent(ticket.key, (k, rec) -> {
                rec.offences[Offence.INVALID_SHARE.ordinal()] = 0;
                rec.anyInvalidShares = false;
                return rec;
            });
        }
    }

    private Outcome offence(InetAddress key, Offence offence, long now) {
        long window = bans.windowSeconds() * 1000L;
        List<Channel> toClose = new ArrayList<>();
        Outcome[] outcome = {Outcome.COUNTED};
        addresses.compute(key, (k, r) -> {
            AddressRecord rec = r != null ? r : new AddressRecord();
            if (now - rec.windowStart > window) {
                java.util.Arrays.fill(rec.offences, 0);
                rec.windowStart = now;
            }
            if (offence == Offence.INVALID_SHARE) {
                rec.anyInvalidShares = true;
            }
            if (++rec.offences[offence.ordinal()] >= offence.threshold(bans)) {
                java.util.Arrays.fill(rec.offences, 0);
                rec.anyInvalidShares = false;
                if (bans.enabled()) {
                    toClose.addAll(rec.channels);
                    outcome[0] = Outcome.BANNED;
                } else {
                    outcome[0] = Outcome.CLOSE;
                }
            }
            return rec.channels.isEmpty() && rec.nothingCounted() ? null : rec;
        });
        if (outcome[0] == Outcome.BANNED) {
            banList.ban(
                    key,
                    offence.tag() + ": " + offence.threshold(bans) + " within " + bans.windowSeconds() + " s",
                    now,
                    now + bans.seconds() * 1000L);
            events.banned(offence);
            for (Channel c : toClose) {
                c.close(); // for real: a banned peer's unread replies are not worth waiting for
            }
        } else if (outcome[0] == Outcome.CLOSE) {
            events.closedForOffences(offence);
        }
        return outcome[0];
    }

    /** Forgets addresses with no connections whose offences are out of the window; any thread, now and then. */
    public void sweep() {
        long now = clock.getAsLong();
        long window = bans.windowSeconds() * 1000L;
        for (InetAddress key : addresses.keySet()) {
            addresses.computeIfPresent(key, (k, r) -> r.idle(now, window) ? null : r);
        }
        banList.active(now);
    }

    /** Lifts a ban and forgets the address's offences. */
    public boolean lift(InetAddress key) {
        addresses.computeIfPresent(key, (k, r) -> {
            java.util.Arrays.fill(r.offences, 0);
            r.anyInvalidShares = false;
            return r.channels.isEmpty() ? null : r;
        });
        return banList.lift(key);
    }

    private Site siteOf(InetAddress remote) {
        for (Site s : sites) {
            if (s.config.cidr().contains(remote)) {
                return s;
            }
        }
        return null;
    }
}
