package org.sovereignpool.config;

import java.util.regex.Pattern;

/** Syntax checks for bind addresses; nothing is resolved. */
final class HostNames {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private HostNames() {}

    /** True for an IPv4 literal, an IPv6 literal (bare or in brackets) or an RFC 1123 host name. */
    static boolean isValid(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            return isIpv6(host.substring(1, host.length() - 1));
        }
        if (host.indexOf(':') >= 0) {
            return isIpv6(host);
        }
        if (host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return isIpv4(host);
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return false;
            }
            if (p.length() > 1 && p.charAt(0) == '0') {
                return false;
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String s) {
        int percent = s.indexOf('%'); // zone id, e.g. fe80::1%eth0
        if (percent >= 0) {
            if (percent == s.length() - 1) {
                return false;
            }
            s = s.substring(0, percent);
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        int groups = 0;
        String[] halves = doubleColon >= 0
                ? new String[] {s.substring(0, doubleColon), s.substring(doubleColon + 2)}
                : new String[] {s};
        for (int h = 0; h < halves.length; h++) {
            String half = halves[h];
            if (half.isEmpty()) {
                continue;
            }
            String[] parts = half.split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                boolean last = h == halves.length - 1 && i == parts.length - 1;
                if (last && p.indexOf('.') >= 0) {
                    if (!isIpv4(p)) {
                        return false;
                    }
                    groups += 2;
                } else if (HEX_GROUP.matcher(p).matches()) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return doubleColon >= 0 ? groups <= 7 : groups == 8;
    }
}
