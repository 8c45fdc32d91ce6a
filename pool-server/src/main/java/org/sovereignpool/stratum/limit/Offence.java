package org.sovereignpool.stratum.limit;

import java.util.Locale;
import org.sovereignpool.config.BanConfig;

/** What counts toward closing a site's connection or banning an address ({@code stratum.bans}). */
public enum Offence {
    /** A share rejected for anything but being stale; an accepted share from the address starts the count again. */
    INVALID_SHARE,
    /** A line that is not a request, a request with bad parameters, a line over the cap, a rate-limit breach. */
    MALFORMED_LINE,
    /** A submit before subscribe or for a worker the connection did not authorize. */
    UNAUTHORIZED_SUBMIT,
    /** A connection refused because its address was over its cap. */
    REFUSED_CONNECTION;

    /** The threshold for this offence in {@code bans}. */
    public int threshold(BanConfig bans) {
        return switch (this) {
            case INVALID_SHARE -> bans.invalidShares();
            case MALFORMED_LINE -> bans.malformedLines();
            case UNAUTHORIZED_SUBMIT -> bans.unauthorizedSubmits();
            case REFUSED_CONNECTION -> bans.refusedConnections();
        };
    }

    /** The metric tag and ban reason: {@code invalid_share}, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
