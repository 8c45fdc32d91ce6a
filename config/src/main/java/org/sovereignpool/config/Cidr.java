package org.sovereignpool.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An address range in CIDR notation, {@code 203.0.113.7/32} or {@code 2001:db8:7::/48}; a bare address is the range of
 * that one address. Parsed from literals only (nothing is resolved). IPv4-mapped IPv6 addresses ({@code
 * ::ffff:a.b.c.d}) match IPv4 ranges, as the JDK reports them as IPv4.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Parses {@code address[/prefix]}; throws IllegalArgumentException saying what is wrong. */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        boolean v4 = HostNames.isIpv4(address);
        if (!v4 && (address.indexOf(':') < 0 || !HostNames.isIpv6(address) || address.indexOf('%') >= 0)) {
            throw new IllegalArgumentException(
                    "must be an IPv4 or IPv6 address with an optional /prefix, e.g. 203.0.113.7/32, got \"" + text
                            + "\"");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("is not an address: \"" + text + "\"", e);
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("prefix must be 0.." + bits + ", got \"" + p + "\"");
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                throw new IllegalArgumentException("prefix must be 0.." + bits + ", got " + prefix);
            }
        }
        byte[] masked = mask(bytes, prefix);
        if (!Arrays.equals(masked, bytes)) {
            throw new IllegalArgumentException(
                    "has bits set after the /" + prefix + " prefix; did you mean " + format(masked, prefix) + "?");
        }
        return new Cidr(masked, prefix);
    }

    /** True when {@code address} lies in this range. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xff << (8 - rest)) & 0xff;
        return (a[full] & m) == (network[full] & m);
    }

    /** True when the two ranges share at least one address. */
    public boolean overlaps(Cidr other) {
        if (other.network.length != network.length) {
            return false;
        }
        Cidr wider = prefixLength <= other.prefixLength ? this : other;
        Cidr narrower = wider == this ? other : this;
        return Arrays.equals(mask(narrower.network, wider.prefixLength), wider.network);
    }

    public int prefixLength() {
        return prefixLength;
    }

    public boolean isIpv6() {
        return network.length == 16;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            out[i] = (byte) (out[i] & ((0xff << (8 - keep)) & 0xff));
        }
        return out;
    }

    private static String format(byte[] bytes, int prefix) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return format(network, prefixLength);
    }
}
