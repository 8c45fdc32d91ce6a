package org.sovereignpool.sim.node;

import com.fasterxml.jackson.databind.util.RawValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Numbers as Bitcoin Core's UniValue writes them, so replies match Core's bytes and not only its values. */
final class CoreFormat {
    private CoreFormat() {}

    /** A double as {@code std::ostream << std::setprecision(16)} prints it (C's %.16g: no trailing zeros). */
    static RawValue number(double v) {
        return new RawValue(formatDouble(v));
    }

    static String formatDouble(double v) {
        if (v == 0) {
            return "0";
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(16, RoundingMode.HALF_EVEN));
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            BigDecimal mantissa = d.movePointLeft(exponent).stripTrailingZeros();
            String m = mantissa.toPlainString();
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return m + "e" + sign + (abs < 10 ? "0" + abs : Integer.toString(abs));
        }
        BigDecimal plain = d.stripTrailingZeros();
        return plain.scale() < 0 ? plain.toBigInteger().toString() : plain.toPlainString();
    }

    /** Satoshis as Core's ValueFromAmount: BTC with exactly eight decimals. */
    static RawValue amount(long sats) {
        String sign = sats < 0 ? "-" : "";
        long abs = Math.abs(sats);
        return new RawValue(String.format(Locale.ROOT, "%s%d.%08d", sign, abs / 100_000_000, abs % 100_000_000));
    }

    /** A 256-bit number as 64 hex digits (chainwork, target). */
    static String uint256(BigInteger v) {
        String hex = v.toString(16);
        return "0".repeat(Math.max(0, 64 - hex.length())) + hex;
    }
}
