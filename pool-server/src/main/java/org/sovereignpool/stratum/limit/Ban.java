package org.sovereignpool.stratum.limit;

import java.util.Objects;

/**
 * One banned address (an IPv4 address or an IPv6 /64, as {@link AddressKey#format} shows it).
 *
 * @param address the banned address
 * @param reason why, e.g. {@code "invalid_share: 500 within 600 s"}
 * @param sinceMillis when the ban began
 * @param untilMillis when it ends by itself
 */
public record Ban(String address, String reason, long sinceMillis, long untilMillis) {
    public Ban {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
    }
}
