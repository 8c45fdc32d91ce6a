package org.sovereignpool.stratum.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;

/** The JSON text conventions of the Stratum wire, shared by the server and the simulated miner. */
public final class StratumJson {
    /** Thread-safe once configured; used read-only. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private StratumJson() {}

    /** A JSON string literal, escaped. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        return sb.append('"').toString();
    }

    /**
     * A difficulty as a JSON number: whole numbers without a fraction ({@code 1}, {@code 65536}, as pools send them)
     * and fractions in plain notation ({@code 0.0001}, never {@code 1.0E-4}: some firmware parses with atof-like
     * code that stops at the exponent).
     */
    public static String difficulty(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
