package org.sovereignpool.energy;

/**
 * One operator's site in one hour: the applied shares and the energy estimated from them at the efficiency then
 * licensed.
 */
public record EnergyHour(
        String operatorId,
        String site,
        long hourStartMillis,
        long shareCount,
        double sumDifficulty,
        double efficiencyJPerTh,
        double estimatedMwh) {
    public static final long HOUR_MILLIS = 3_600_000L;

    public double hashes() {
        return EnergyMath.hashes(sumDifficulty);
    }
}
