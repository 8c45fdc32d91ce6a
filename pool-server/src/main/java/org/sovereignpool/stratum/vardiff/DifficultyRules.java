package org.sovereignpool.stratum.vardiff;

/**
 * The bounds every difficulty the server sends obeys: within [min, max] and, on mainnet, a whole number (some ASIC
 * firmware truncates a fractional difficulty and then submits shares the pool rejects as low difficulty).
 */
public record DifficultyRules(double min, double max, boolean wholeNumbers) {
    public DifficultyRules {
        if (!(min > 0) || !(max >= min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + min + ".." + max);
        }
    }

    /** {@code value} clamped to [floor(session), max] and rounded to a whole number when required. */
    public double apply(double value, double sessionFloor) {
        double lo = Math.max(min, sessionFloor);
        double v = Double.isNaN(value) ? lo : Math.min(Math.max(value, lo), max);
        if (wholeNumbers) {
            v = Math.max(Math.rint(v), Math.ceil(lo));
            v = Math.min(v, Math.floor(max));
            v = Math.max(v, 1);
        }
        return v;
    }

    public double apply(double value) {
        return apply(value, min);
    }
}
