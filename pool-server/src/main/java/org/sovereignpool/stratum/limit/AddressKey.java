package org.sovereignpool.stratum.limit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The unit that caps and bans count: an IPv4 address, or an IPv6 /64 (one subscriber's network: an attacker gets a
 * whole /64 for free, so single IPv6 addresses would be no limit at all). IPv4-mapped IPv6 addresses arrive as IPv4
 * from the JDK.
 */
public final class AddressKey {
    private AddressKey() {}

    public static InetAddress of(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(b, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(b);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // 16 bytes are always an address
            }
        }
        return address;
    }

    /** How a key is shown (admin API, logs): {@code 203.0.113.7} or {@code 2001:db8:0:1::/64}. */
    public static String format(InetAddress key) {
        String s = key.getHostAddress();
        if (key instanceof Inet6Address) {
            return compress(s) + "/64";
        }
        return s;
    }

    /** Parses what {@link #format} shows (or a plain address) back into a key; IllegalArgumentException otherwise. */
    public static InetAddress parse(String text) {
        String t = text.endsWith("/64") ? text.substring(0, text.length() - 3) : text;
        if (t.isEmpty() || !t.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128 || c == '.' || c == ':')) {
            throw new IllegalArgumentException("not an IP address: \"" + text + "\"");
        }
        try {
            return of(InetAddress.getByName(t)); // only digits, dots and colons: a literal, never a lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: \"" + text + "\"", e);
        }
    }

    private static String compress(String full) {
        // 2001:db8:0:1:0:0:0:0 -> 2001:db8:0:1::
        return full.endsWith(":0:0:0:0") ? full.substring(0, full.length() - ":0:0:0:0".length()) + "::" : full;
    }
}
