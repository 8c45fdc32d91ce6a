package org.sovereignpool.energy;

import org.sovereignpool.operator.Power;

/**
 * The energy arithmetic. Hashes = summed share difficulty × 2^32; energy (J) = hashes / 10^12 × efficiency (J/TH);
 * 1 MWh = 3.6 × 10^9 J. Example: 1 EH/s for 24 h = 8.64 × 10^22 hashes = 8.64 × 10^10 TH, at 17.5 J/TH 1.512 × 10^12
 * J = 420 MWh.
 */
public final class EnergyMath {
    /** Joules in one MWh. */
    public static final double JOULES_PER_MWH = 3.6e9;
    /** Hashes in one TH. */
    public static final double HASHES_PER_TH = 1e12;

    private EnergyMath() {}

    /** Expected hashes behind shares of this summed difficulty. */
    public static double hashes(double sumDifficulty) {
        return sumDifficulty * Power.HASHES_PER_DIFFICULTY_1;
    }

    /** Estimated energy in MWh of {@code hashes} at {@code efficiencyJPerTh}. */
    public static double mwh(double hashes, double efficiencyJPerTh) {
        return hashes / HASHES_PER_TH * efficiencyJPerTh / JOULES_PER_MWH;
    }

    /** Average draw in MW of {@code hashes} done over {@code millis} at {@code efficiencyJPerTh}. */
    public static double drawMw(double hashes, double efficiencyJPerTh, long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("millis must be > 0, got " + millis);
        }
        return hashes / HASHES_PER_TH * efficiencyJPerTh / (millis / 1000.0) / 1e6;
    }

    /** Energy in MWh of a constant draw over {@code millis}. */
    public static double mwhOfDraw(double drawMw, long millis) {
        return drawMw * millis / 3_600_000.0;
    }

    /** Realised efficiency in J/TH: metered energy over the hashes done with it; NaN without hashes. */
    public static double realisedJPerTh(double meteredMwh, double hashes) {
        return hashes > 0 ? meteredMwh * JOULES_PER_MWH / (hashes / HASHES_PER_TH) : Double.NaN;
    }

    /** How far {@code realised} is from {@code licensed}, in percent of the licence (positive: worse). */
    public static double deviationPercent(double realised, double licensed) {
        return (realised - licensed) / licensed * 100.0;
    }
}
